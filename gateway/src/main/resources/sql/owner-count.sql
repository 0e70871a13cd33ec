-- Apps per replica, for logs and the scale-out figures.
SELECT owner, count(*) AS apps FROM app_owners GROUP BY owner ORDER BY owner
