SELECT name, labels FROM cluster_labels ORDER BY name
