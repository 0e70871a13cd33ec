UPDATE api_tokens SET last_used_at = now(), last_used_from = $2 WHERE id = $1
