SELECT id, tenant, app, revision, triggered_by, phase, message, results, options, started_at, finished_at
FROM sync_operations
WHERE tenant = $1 AND app = $2 AND id < $3
ORDER BY id DESC
LIMIT $4
