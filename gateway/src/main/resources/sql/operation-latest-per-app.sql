SELECT DISTINCT ON (tenant, app) id, tenant, app, revision, phase, message, started_at
FROM sync_operations
ORDER BY tenant, app, id DESC
