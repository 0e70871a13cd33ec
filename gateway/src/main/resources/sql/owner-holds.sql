-- The fence: does replica $3 still hold app ($1, $2) at epoch $4?
SELECT 1 FROM app_owners WHERE tenant = $1 AND app = $2 AND owner = $3 AND epoch = $4
