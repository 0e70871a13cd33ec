local f = io.open("/etc/hostname")
return {status = "Healthy", message = f:read("*l")}
