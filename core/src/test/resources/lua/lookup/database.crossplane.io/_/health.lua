return {status = "Healthy", message = "database.crossplane.io/_"}
