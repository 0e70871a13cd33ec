DELETE FROM notification_targets WHERE tenant = $1 AND name = $2
