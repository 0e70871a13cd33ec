INSERT INTO sync_operations (tenant, app, revision, triggered_by, phase, message, options, started_at)
VALUES ($1, $2, $3, $4, 'Running', $5, $6, now())
RETURNING id, started_at
