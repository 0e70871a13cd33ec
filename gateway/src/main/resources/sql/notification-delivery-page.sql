SELECT id, target, app, trigger, status, attempts, response_code, error, created_at, updated_at
FROM notification_deliveries
WHERE tenant = $1
ORDER BY id DESC
LIMIT $2
