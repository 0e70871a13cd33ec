SELECT tenant, name, spec, version, sync_status, health_status, health_message, revision,
       status_message, resources, reconciled_at
FROM applications
WHERE tenant = $1
ORDER BY name
