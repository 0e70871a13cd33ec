SELECT id, at, subject, tenant, token_id, action, target, source_ip, outcome, detail
FROM audit_log
WHERE ($1::text IS NULL OR tenant = $1) AND id < $2
ORDER BY id DESC
LIMIT $3
