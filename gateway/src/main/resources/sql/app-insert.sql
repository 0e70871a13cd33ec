INSERT INTO applications (tenant, name, spec, labels)
VALUES ($1, $2, $3, $4)
ON CONFLICT (tenant, name) DO NOTHING
RETURNING version
