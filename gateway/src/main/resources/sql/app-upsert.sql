INSERT INTO applications (tenant, name, spec)
VALUES ($1, $2, $3)
ON CONFLICT (tenant, name)
DO UPDATE SET spec = EXCLUDED.spec, version = applications.version + 1, updated_at = now()
RETURNING version
