UPDATE applications
SET sync_status = $3, health_status = $4, health_message = $5, revision = $6,
    status_message = $7, resources = $8, reconciled_at = now()
WHERE tenant = $1 AND name = $2
