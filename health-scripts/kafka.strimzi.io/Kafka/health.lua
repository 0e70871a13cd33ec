-- Strimzi Kafka cluster: the operator reports Ready or NotReady conditions, and bumps
-- status.observedGeneration once it has acted on the latest spec.
local hs = {}
local status = obj.status
if status == nil or status.conditions == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the Strimzi operator to deploy the cluster"
  return hs
end
if status.observedGeneration ~= nil and obj.metadata.generation ~= nil
    and status.observedGeneration < obj.metadata.generation then
  hs.status = "Progressing"
  hs.message = "Waiting for the Strimzi operator to apply the latest spec"
  return hs
end
for _, c in ipairs(status.conditions) do
  if c.type == "Ready" and c.status == "True" then
    hs.status = "Healthy"
    hs.message = "Kafka cluster is ready"
    return hs
  end
  if c.type == "NotReady" and c.status == "True" then
    -- a failed reconcile names an exception; anything else is the cluster still rolling
    if c.reason ~= nil and string.find(c.reason, "Exception$") then
      hs.status = "Degraded"
    else
      hs.status = "Progressing"
    end
    hs.message = c.message or c.reason or "Kafka cluster is not ready"
    return hs
  end
end
hs.status = "Progressing"
hs.message = "Kafka cluster is not ready yet"
return hs
