SELECT url_prefix, kind, username, updated_at FROM repository_credentials WHERE tenant = $1 ORDER BY url_prefix
