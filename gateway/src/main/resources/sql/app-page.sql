SELECT tenant, name, spec, version, sync_status, health_status, health_message, revision,
       status_message, resources, reconciled_at, labels
FROM applications
WHERE tenant = $1
  AND name > $2
  AND ($3::text IS NULL OR spec->'destination'->>'cluster' = $3)
  AND ($4::text IS NULL OR coalesce(spec->'destination'->>'namespace', 'default') = $4)
  AND ($5::text IS NULL OR sync_status = $5)
  AND ($6::text IS NULL OR health_status = $6)
  AND ($7::jsonb IS NULL OR labels @> $7)
ORDER BY name
LIMIT $8
