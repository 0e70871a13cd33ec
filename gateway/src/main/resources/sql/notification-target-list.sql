SELECT tenant, name, url_shown, preset, triggers, out_of_sync_secs, template, header_names, secret,
       updated_at
FROM notification_targets
WHERE tenant = $1
ORDER BY name
