return {status = "Healthy", message = "_.crossplane.io/_"}
