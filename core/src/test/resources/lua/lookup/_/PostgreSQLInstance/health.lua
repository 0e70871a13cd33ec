return {status = "Healthy", message = "_/PostgreSQLInstance"}
