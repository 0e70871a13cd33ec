-- A replica claims apps ($1 tenants, $2 names, in pairs) for itself ($3): each claim bumps the
-- app's epoch, which every later write of the previous owner checks. Deleted apps are skipped.
INSERT INTO app_owners (tenant, app, owner, epoch)
SELECT a.tenant, a.name, $3, 1
FROM unnest($1::text[], $2::text[]) AS c(tenant, name)
JOIN applications a ON a.tenant = c.tenant AND a.name = c.name
ON CONFLICT (tenant, app)
DO UPDATE SET owner = EXCLUDED.owner, epoch = app_owners.epoch + 1, since = now()
RETURNING tenant, app, epoch
