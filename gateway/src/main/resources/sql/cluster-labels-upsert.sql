INSERT INTO cluster_labels (name, labels, updated_at)
VALUES ($1, $2, now())
ON CONFLICT (name)
DO UPDATE SET labels = EXCLUDED.labels, updated_at = now()
