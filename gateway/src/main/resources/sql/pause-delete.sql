DELETE FROM app_sync_pauses WHERE tenant = $1 AND app = $2
