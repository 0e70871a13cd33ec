-- How many apps a replica still holds (a replica that stops waits for this to reach 0).
SELECT count(*) AS apps FROM app_owners WHERE owner = $1
