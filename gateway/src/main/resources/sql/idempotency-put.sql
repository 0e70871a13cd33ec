INSERT INTO idempotency_keys (tenant, key, request_hash, app)
VALUES ($1, $2, $3, $4)
ON CONFLICT (tenant, key) DO NOTHING
