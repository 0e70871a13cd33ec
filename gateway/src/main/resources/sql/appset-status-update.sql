UPDATE appsets SET status = $3 WHERE tenant = $1 AND name = $2
