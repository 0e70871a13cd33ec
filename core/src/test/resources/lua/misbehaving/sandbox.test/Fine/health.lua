return {status = "Healthy", message = "replicas: " .. obj.spec.replicas}
