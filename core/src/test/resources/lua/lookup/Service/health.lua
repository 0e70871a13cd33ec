return {status = "Healthy", message = "Service"}
