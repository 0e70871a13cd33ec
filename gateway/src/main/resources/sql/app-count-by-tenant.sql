SELECT tenant, count(*) AS n
FROM applications
WHERE tenant = ANY($1::text[])
GROUP BY tenant
