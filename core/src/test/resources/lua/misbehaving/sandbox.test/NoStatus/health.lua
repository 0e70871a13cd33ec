local hs = {}
hs.message = "forgot the status"
return hs
