DELETE FROM applications WHERE tenant = $1 AND name = $2
