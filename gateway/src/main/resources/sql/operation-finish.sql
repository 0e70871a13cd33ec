UPDATE sync_operations
SET phase = $2, message = $3, results = $4, finished_at = now()
WHERE id = $1 AND phase = 'Running'
RETURNING id
