SELECT id, tenant, name, role, created_by, created_at, expires_at, revoked_at, last_used_at, last_used_from
FROM api_tokens WHERE secret_hash = $1
