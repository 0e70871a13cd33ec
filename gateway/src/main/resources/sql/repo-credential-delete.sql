DELETE FROM repository_credentials WHERE tenant = $1 AND url_prefix = $2
