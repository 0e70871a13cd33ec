-- External Secrets Operator ExternalSecret: Ready=True once the secret has been synced from
-- the store; Ready=False means the last sync failed (wrong key, store unreachable, ...).
local hs = {}
local ready
for _, c in ipairs((obj.status or {}).conditions or {}) do
  if c.type == "Ready" then ready = c end
end
if ready == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the first sync"
elseif ready.status == "True" then
  hs.status = "Healthy"
  hs.message = ready.message or "Secret was synced"
elseif ready.status == "False" then
  hs.status = "Degraded"
  hs.message = ready.message or ready.reason or "Secret could not be synced"
else
  hs.status = "Progressing"
  hs.message = ready.message or "Sync in progress"
end
return hs
