-- The most specific credential for a URL: the exact URL, else the longest prefix it starts with.
SELECT tenant, url_prefix, kind, username, secret FROM repository_credentials
WHERE starts_with($1, url_prefix)
ORDER BY length(url_prefix) DESC, tenant
LIMIT 1
