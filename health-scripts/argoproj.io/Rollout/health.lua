-- Argo Rollouts Rollout: a paused rollout is Suspended, an aborted or stuck one Degraded,
-- one whose pods are not all updated and available Progressing, otherwise Healthy.
local hs = {}
local spec = obj.spec or {}
local status = obj.status

local function progressingCondition()
  for _, c in ipairs(status.conditions or {}) do
    if c.type == "Progressing" then
      return c
    end
  end
  return nil
end

if status == nil or (status.observedGeneration ~= nil and obj.metadata.generation ~= nil
    and tostring(status.observedGeneration) ~= tostring(obj.metadata.generation)) then
  hs.status = "Progressing"
  hs.message = "Waiting for the rollout controller to observe the new spec"
  return hs
end

if status.abort then
  hs.status = "Degraded"
  hs.message = "Rollout aborted: " .. (status.message or "no reason given")
  return hs
end

local progressing = progressingCondition()
if progressing ~= nil and progressing.reason == "ProgressDeadlineExceeded" then
  hs.status = "Degraded"
  hs.message = progressing.message or "Rollout exceeded its progress deadline"
  return hs
end

local pauses = status.pauseConditions or {}
if spec.paused or table.getn(pauses) > 0 then
  local reasons = {}
  for _, p in ipairs(pauses) do
    table.insert(reasons, p.reason)
  end
  hs.status = "Suspended"
  if table.getn(reasons) > 0 then
    hs.message = "Rollout is paused: " .. table.concat(reasons, ", ")
  else
    hs.message = "Rollout is paused"
  end
  return hs
end

local desired = spec.replicas or 1
local updated = status.updatedReplicas or 0
local available = status.availableReplicas or 0
if updated < desired then
  hs.status = "Progressing"
  hs.message = string.format("Waiting for rollout to finish: %d of %d replicas updated", updated, desired)
elseif available < desired then
  hs.status = "Progressing"
  hs.message = string.format("Waiting for rollout to finish: %d of %d updated replicas available", available, desired)
else
  hs.status = "Healthy"
  hs.message = ""
end
return hs
