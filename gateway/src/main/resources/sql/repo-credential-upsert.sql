INSERT INTO repository_credentials (tenant, url_prefix, kind, username, secret)
VALUES ($1, $2, $3, $4, $5)
ON CONFLICT (tenant, url_prefix) DO UPDATE
  SET kind = EXCLUDED.kind, username = EXCLUDED.username, secret = EXCLUDED.secret, updated_at = now()
RETURNING (xmax = 0) AS created, updated_at
