SELECT tenant, app, reason, rollback_revision, head_revision, paused_by, paused_at FROM app_sync_pauses
