-- Bitnami SealedSecret: the controller sets Synced=True once it has unsealed the data into a
-- Secret; Synced=False carries the reason (usually a key it cannot decrypt with).
local hs = {}
local conditions = (obj.status or {}).conditions or {}
for i = 1, table.getn(conditions) do
  local c = conditions[i]
  if c.type == "Synced" then
    if c.status == "True" then
      hs.status = "Healthy"
      hs.message = "Secret was unsealed"
    else
      hs.status = "Degraded"
      hs.message = c.message or "Secret could not be unsealed"
    end
    return hs
  end
end
hs.status = "Progressing"
hs.message = "Waiting for the controller to unseal the secret"
return hs
