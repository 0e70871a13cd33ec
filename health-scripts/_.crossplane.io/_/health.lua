-- Any Crossplane resource (claims, composites, providers, managed resources of every
-- provider group): it must be Synced (Crossplane could apply it) and Ready (the external
-- resource is up). A sync error is Degraded; synced but not ready yet is Progressing.
local hs = {}
local synced, ready
if obj.status ~= nil and obj.status.conditions ~= nil then
  for _, c in ipairs(obj.status.conditions) do
    if c.type == "Synced" then synced = c end
    if c.type == "Ready" then ready = c end
  end
end

if synced ~= nil and synced.status == "False" then
  hs.status = "Degraded"
  hs.message = synced.message or synced.reason or "Resource could not be synced"
elseif ready == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for Crossplane to report readiness"
elseif ready.status == "True" then
  hs.status = "Healthy"
  hs.message = "Resource is available"
else
  hs.status = "Progressing"
  hs.message = ready.reason or "Resource is not ready yet"
end
return hs
