SELECT DISTINCT ON (tenant, app) tenant, app, revision, phase
FROM sync_operations
WHERE phase <> 'Running'
ORDER BY tenant, app, id DESC
