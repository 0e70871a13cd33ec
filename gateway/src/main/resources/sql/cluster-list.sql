SELECT name, server, credentials, updated_at FROM clusters WHERE source = 'api' ORDER BY name
