INSERT INTO audit_log (subject, tenant, token_id, action, target, source_ip, outcome, detail)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
