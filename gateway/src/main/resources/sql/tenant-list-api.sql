SELECT definition FROM tenants WHERE source = 'api' ORDER BY name
