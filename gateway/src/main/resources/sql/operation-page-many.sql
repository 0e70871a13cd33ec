SELECT o.id, o.tenant, o.app, o.revision, o.triggered_by, o.phase, o.message, o.results, o.options, o.started_at, o.finished_at
FROM unnest($1::text[], $2::text[]) AS k(tenant, app)
CROSS JOIN LATERAL (
  SELECT s.id, s.tenant, s.app, s.revision, s.triggered_by, s.phase, s.message, s.results, s.options, s.started_at, s.finished_at
  FROM sync_operations s
  WHERE s.tenant = k.tenant AND s.app = k.app AND s.id < $3
  ORDER BY s.id DESC
  LIMIT $4
) o
ORDER BY o.tenant, o.app, o.id DESC
