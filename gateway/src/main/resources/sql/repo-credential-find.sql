-- The tenant's own credentials, the one for the URL chosen in code (CredentialStore.find): same
-- scheme, host and port, path on a '/' boundary, longest prefix first. Only that tenant's rows:
-- another tenant's credential is never used for it.
SELECT tenant, url_prefix, kind, username, secret FROM repository_credentials
WHERE tenant = $1
ORDER BY length(url_prefix) DESC
