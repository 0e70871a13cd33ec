INSERT INTO app_sync_pauses (tenant, app, reason, rollback_revision, head_revision, paused_by)
VALUES ($1, $2, $3, $4, $5, $6)
ON CONFLICT (tenant, app) DO UPDATE
SET reason = EXCLUDED.reason, rollback_revision = EXCLUDED.rollback_revision,
    head_revision = EXCLUDED.head_revision, paused_by = EXCLUDED.paused_by, paused_at = now()
