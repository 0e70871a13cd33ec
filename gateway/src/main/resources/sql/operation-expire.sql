DELETE FROM sync_operations
WHERE finished_at IS NOT NULL AND finished_at < now() - make_interval(secs => $1)
