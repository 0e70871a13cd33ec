UPDATE applications
SET spec = $3, labels = coalesce($4, labels), version = version + 1, updated_at = now()
WHERE tenant = $1 AND name = $2 AND ($5::bigint IS NULL OR version = $5)
RETURNING version
