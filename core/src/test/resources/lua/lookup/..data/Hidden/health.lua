return {status = "Healthy", message = "..data/Hidden"}
