UPDATE notification_deliveries
SET status = $2, attempts = $3, response_code = $4, error = $5, updated_at = now()
WHERE id = $1
