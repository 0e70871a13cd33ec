INSERT INTO notification_deliveries (tenant, target, app, trigger, status)
VALUES ($1, $2, $3, $4, 'pending')
RETURNING id
