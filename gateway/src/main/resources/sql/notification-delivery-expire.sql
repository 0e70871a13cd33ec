DELETE FROM notification_deliveries WHERE created_at < now() - make_interval(secs => $1)
