SELECT tenant, name, spec, status, version FROM appsets WHERE tenant = $1 AND name = $2
