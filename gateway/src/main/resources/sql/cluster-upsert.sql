INSERT INTO clusters (name, server, credentials, source, updated_at)
VALUES ($1, $2, $3, 'api', now())
ON CONFLICT (name)
DO UPDATE SET server = EXCLUDED.server, credentials = EXCLUDED.credentials, updated_at = now()
RETURNING (xmax = 0) AS created
