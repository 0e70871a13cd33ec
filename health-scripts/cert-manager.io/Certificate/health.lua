-- cert-manager Certificate: Healthy once the Ready condition is True.
-- While cert-manager is issuing (Issuing=True) a not-ready certificate is Progressing;
-- a not-ready certificate that nobody is issuing is Degraded, with cert-manager's reason.
local function condition(kind)
  if obj.status == nil or obj.status.conditions == nil then
    return nil
  end
  for _, c in ipairs(obj.status.conditions) do
    if c.type == kind then
      return c
    end
  end
  return nil
end

local hs = {}
local ready = condition("Ready")
local issuing = condition("Issuing")

if ready == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the certificate to be issued"
elseif ready.status == "True" then
  hs.status = "Healthy"
  hs.message = ready.message or "Certificate is ready"
elseif issuing ~= nil and issuing.status == "True" then
  hs.status = "Progressing"
  hs.message = issuing.message or "Issuing certificate"
else
  hs.status = "Degraded"
  hs.message = (ready.reason or "NotReady") .. ": " .. (ready.message or "certificate is not ready")
end
return hs
