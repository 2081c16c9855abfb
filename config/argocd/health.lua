-- Argo CD health check of deploy.panther.io/PantherDeployment. Argo CD sets the global obj to
-- the object and reads the table this script returns. Keep argocd-cm.yaml identical.
local hs = {}

-- condition returns the status condition of the given type, or nil.
local function condition(conditionType)
  if obj.status == nil or obj.status.conditions == nil then
    return nil
  end
  for _, c in ipairs(obj.status.conditions) do
    if c.type == conditionType then
      return c
    end
  end
  return nil
end

local ready = condition("Ready")
local stalled = condition("Stalled")
local readyMessage = nil
if ready ~= nil and ready.message ~= nil and ready.message ~= "" then
  readyMessage = ready.message
end

-- A deleted deployment keeps its finalizer until the stacks are gone, which takes minutes.
if obj.metadata.deletionTimestamp ~= nil then
  hs.status = "Progressing"
  hs.message = readyMessage or "Tearing down the Panther stacks"
  return hs
end

if obj.spec ~= nil and obj.spec.suspend == true then
  hs.status = "Suspended"
  hs.message = "Reconciliation is suspended (spec.suspend is true)"
  return hs
end

-- Stalled means the operator cannot go on without a person; its message says what to change.
if stalled ~= nil and stalled.status == "True" then
  hs.status = "Degraded"
  hs.message = stalled.message or "Stalled"
  return hs
end

-- With spec.approval Manual, change sets wait for a person (pantherctl plan, then pantherctl
-- approve): nothing moves until then, which Argo CD calls Suspended. Only for the current
-- spec: after a spec change the operator prepares new change sets first.
local reconciling = condition("Reconciling")
if reconciling ~= nil and reconciling.status == "True" and reconciling.reason == "AwaitingApproval"
    and reconciling.observedGeneration == obj.metadata.generation then
  hs.status = "Suspended"
  hs.message = reconciling.message or "Change sets are awaiting approval"
  return hs
end

-- Ready counts only for the current spec: a Ready condition of an older generation says
-- nothing about the change Argo CD has just applied.
if ready ~= nil and ready.status == "True" and ready.observedGeneration ~= nil
    and ready.observedGeneration == obj.metadata.generation then
  hs.status = "Healthy"
  hs.message = readyMessage or "Ready"
  return hs
end

-- Reconciling, no status yet, or a generation the operator has not reconciled yet.
hs.status = "Progressing"
hs.message = readyMessage or "Waiting for the operator to reconcile the deployment"
return hs
