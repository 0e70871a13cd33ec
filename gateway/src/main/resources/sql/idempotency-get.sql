SELECT request_hash, app FROM idempotency_keys WHERE tenant = $1 AND key = $2
