return {status = "Healthy", message = "_/Widget"}
