DELETE FROM appsets WHERE tenant = $1 AND name = $2
