package engine

import (
	"encoding/json"

	"github.com/panther-operator/panther-operator/internal/localaws/cfn/template"
	"github.com/panther-operator/panther-operator/internal/localaws/internal/wire"
)

// statusChanged puts the stack's new status on the default event bus, as CloudFormation
// does with its "CloudFormation Stack Status Change" events.
func (e *Engine) statusChanged(s *Stack) {
	if e.events == nil {
		return
	}
	e.events.Emit(s.Account, s.Region, "aws.cloudformation", "CloudFormation Stack Status Change", []string{s.ID},
		map[string]any{"stack-id": s.ID, "status-details": map[string]string{"status": s.Status, "status-reason": s.StatusReason}})
}

// eventRuleProvisioner creates EventBridge rules with their targets; Ref is the rule's name.
type eventRuleProvisioner struct{}

func (p eventRuleProvisioner) create(pc *provisionCtx, r *StackResource, props map[string]any) error {
	name := template.ScalarString(props["Name"])
	if name == "" {
		name = pc.generatedName(r, 64, false)
	}
	r.PhysicalID = name
	return p.apply(pc, r, props, nil)
}

func (p eventRuleProvisioner) update(pc *provisionCtx, r *StackResource, props map[string]any) error {
	return p.apply(pc, r, props, r.Properties)
}

// apply puts the rule and makes its targets the template's.
func (eventRuleProvisioner) apply(pc *provisionCtx, r *StackResource, props, old map[string]any) error {
	s := pc.stack
	pattern := ""
	if v, ok := props["EventPattern"]; ok && v != nil {
		data, _ := json.Marshal(normalizeTree(v))
		pattern = string(data)
	}
	arn, err := pc.eng.events.PutRule(s.Account, s.Region, r.PhysicalID, template.ScalarString(props["ScheduleExpression"]),
		pattern, template.ScalarString(props["State"]), template.ScalarString(props["Description"]))
	if err != nil {
		return wire.Failuref("%s (Service: EventBridge; Error Code: %s)", wire.AsError(err).Message, wire.AsError(err).Code)
	}
	targets := eventTargets(props)
	keep := map[string]bool{}
	for _, t := range targets {
		keep[t.ID] = true
	}
	var stale []string
	for _, t := range eventTargets(old) {
		if !keep[t.ID] {
			stale = append(stale, t.ID)
		}
	}
	pc.eng.events.RemoveTargets(s.Account, s.Region, r.PhysicalID, stale)
	if err := pc.eng.events.PutTargets(s.Account, s.Region, r.PhysicalID, targets); err != nil {
		return wire.Failuref("%s", wire.AsError(err).Message)
	}
	r.Attributes = map[string]any{"Arn": arn}
	return nil
}

func eventTargets(props map[string]any) []EventTarget {
	list, _ := props["Targets"].([]any)
	targets := make([]EventTarget, 0, len(list))
	for _, item := range list {
		t := template.AsMap(item)
		targets = append(targets, EventTarget{ID: template.ScalarString(t["Id"]), ARN: template.ScalarString(t["Arn"]),
			Input: template.ScalarString(t["Input"]), InputPath: template.ScalarString(t["InputPath"])})
	}
	return targets
}

func (eventRuleProvisioner) delete(pc *provisionCtx, r *StackResource) error {
	pc.eng.events.DeleteRule(pc.stack.Account, pc.stack.Region, r.PhysicalID)
	return nil
}
