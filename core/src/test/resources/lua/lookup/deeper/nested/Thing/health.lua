return {status = "Healthy", message = "deeper/nested/Thing"}
