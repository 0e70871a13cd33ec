INSERT INTO notification_targets
  (tenant, name, url_shown, preset, triggers, out_of_sync_secs, template, header_names, secret)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
ON CONFLICT (tenant, name) DO UPDATE SET
  url_shown = EXCLUDED.url_shown, preset = EXCLUDED.preset, triggers = EXCLUDED.triggers,
  out_of_sync_secs = EXCLUDED.out_of_sync_secs, template = EXCLUDED.template,
  header_names = EXCLUDED.header_names, secret = EXCLUDED.secret, updated_at = now()
RETURNING (xmax = 0) AS created
