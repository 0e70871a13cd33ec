INSERT INTO api_tokens (id, tenant, name, role, secret_hash, created_by, expires_at)
VALUES ($1, $2, $3, $4, $5, $6, $7)
RETURNING id, tenant, name, role, created_by, created_at, expires_at, revoked_at, last_used_at, last_used_from
