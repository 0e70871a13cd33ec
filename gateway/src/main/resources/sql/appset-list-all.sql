SELECT tenant, name, spec, status, version FROM appsets ORDER BY tenant, name
