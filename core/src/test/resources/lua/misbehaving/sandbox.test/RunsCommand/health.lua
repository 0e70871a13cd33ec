os.execute("rm -rf /tmp/x")
return {status = "Healthy"}
