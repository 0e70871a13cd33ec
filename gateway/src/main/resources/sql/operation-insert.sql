INSERT INTO sync_operations (tenant, app, revision, triggered_by, phase, message, results, started_at, finished_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now())
RETURNING id
