INSERT INTO appsets (tenant, name, spec, updated_at)
VALUES ($1, $2, $3, now())
ON CONFLICT (tenant, name)
DO UPDATE SET spec = EXCLUDED.spec, version = appsets.version + 1, updated_at = now()
RETURNING (xmax = 0) AS created, version
