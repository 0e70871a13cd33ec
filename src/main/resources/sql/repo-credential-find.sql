-- The tenant's own most specific credential for a URL: the exact URL, else the longest prefix it
-- starts with. Only that tenant's rows: another tenant's credential is never used for it.
SELECT tenant, url_prefix, kind, username, secret FROM repository_credentials
WHERE tenant = $2 AND starts_with($1, url_prefix)
ORDER BY length(url_prefix) DESC
LIMIT 1
