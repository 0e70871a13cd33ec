DELETE FROM tenants WHERE name = $1 AND source = $2
