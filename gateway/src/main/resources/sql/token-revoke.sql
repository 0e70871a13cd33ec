UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, now())
WHERE tenant = $1 AND id = $2
RETURNING id
