DELETE FROM clusters WHERE name = $1 AND source = 'api'
