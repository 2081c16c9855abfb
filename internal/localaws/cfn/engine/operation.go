package engine

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/panther-operator/panther-operator/internal/localaws/cfn/template"
	"github.com/panther-operator/panther-operator/internal/localaws/internal/wire"
)

// Phases of a stack operation.
const (
	phaseProvision = "provision" // create or update resources toward the template
	phaseRevert    = "revert"    // restore resources an update touched
	phaseCleanup   = "cleanup"   // delete removed and replaced resources
	phaseDelete    = "delete"    // delete every resource
)

// Per-resource actions decided when a resource's step starts.
const (
	actionCreate  = "create"
	actionUpdate  = "update"
	actionReplace = "replace"
	actionDelete  = "delete"
)

// errPending means an asynchronous resource (a nested stack) is not done.
var errPending = errors.New("pending")

// operation advances one stack by one step. It exists only during a tick.
type operation struct {
	eng   *Engine
	stack *Stack
}

func newOp(phase string) *StackOp {
	return &StackOp{Phase: phase, Started: map[string]time.Time{}, Done: map[string]bool{},
		Waiting: map[string]bool{}, Skip: map[string]bool{}}
}

// tick performs one step and reports whether it only waited on nested
// stacks (so the runner may poll quickly at latency scale 0).
func (o *operation) tick() bool {
	s := o.stack
	if s.Op.Started == nil {
		s.Op.Started = map[string]time.Time{}
	}
	if s.Op.Done == nil {
		s.Op.Done = map[string]bool{}
	}
	if s.Op.Waiting == nil {
		s.Op.Waiting = map[string]bool{}
	}
	if s.Op.Skip == nil {
		s.Op.Skip = map[string]bool{}
	}
	switch s.Op.Phase {
	case phaseProvision:
		return o.provisionTick()
	case phaseRevert:
		o.revertTick()
	case phaseCleanup:
		o.cleanupTick()
	case phaseDelete:
		return o.deleteTick()
	default:
		o.finish(false)
	}
	return false
}

// plan evaluates the stack's template: the included resources and their
// dependency order.
func (o *operation) plan() (*template.Template, *template.Evaluator, *template.Graph, error) {
	s := o.stack
	p, err := template.Prepare(s.Template)
	if err != nil {
		return nil, nil, nil, err
	}
	ev := o.evaluator(p.Template)
	included := map[string]bool{}
	for id, r := range p.Template.Resources {
		ok, err := ev.Included(r.Condition)
		if err != nil {
			return nil, nil, nil, err
		}
		if ok {
			included[id] = true
		}
	}
	g, err := template.BuildGraph(p.Template, included)
	if err != nil {
		return nil, nil, nil, err
	}
	return p.Template, ev, g, nil
}

// Evaluator resolves intrinsics against the stack's provisioned resources.
func (o *operation) evaluator(t *template.Template) *template.Evaluator {
	s := o.stack
	ev := template.NewEvaluator(s.identity(), t, s.Parameters)
	ev.Resource = func(id, attr string) (any, error) {
		r := s.Resources[id]
		if r == nil || r.PhysicalID == "" {
			return nil, wire.Failuref("resource %s is not available", id)
		}
		if attr == "" {
			return r.PhysicalID, nil
		}
		if v, ok := r.Attributes[attr]; ok {
			return v, nil
		}
		if _, modeled := provisioners[r.Type]; !modeled {
			return fallbackAttribute(r, attr), nil
		}
		return nil, wire.ValidationError("Template error: resource %s does not support attribute type %s in Fn::GetAtt", id, attr)
	}
	ev.ImportValue = func(name string) (any, error) {
		exp, ok := o.eng.region(s.Account, s.Region).Exports[name]
		if !ok {
			return nil, wire.ValidationError("No export named %s found.", name)
		}
		if !slices.Contains(s.Imports, name) {
			s.Imports = append(s.Imports, name)
		}
		return exp.Value, nil
	}
	return ev
}

// failResource records a resource failure; the phase fails once nothing
// else is running.
func (o *operation) failResource(r *StackResource, id, typ string, create bool, reason string) {
	s := o.stack
	if r == nil {
		r = &StackResource{LogicalID: id, Type: typ}
		s.Resources[id] = r
	}
	s.Op.Done[id] = true
	status, verb := "UPDATE_FAILED", "update"
	if create {
		status, verb = "CREATE_FAILED", "create"
	}
	s.resourceEvent(r, status, reason)
	if s.Op.Failure == "" {
		s.Op.Failure = fmt.Sprintf("The following resource(s) failed to %s: [%s]. ", verb, id)
	} else if !strings.Contains(s.Op.Failure, "["+id+"]") {
		s.Op.Failure = strings.Replace(s.Op.Failure, "]. ", ", "+id+"]. ", 1)
	}
	// Anything else in flight is cancelled, as CloudFormation does.
	o.cancelInFlight()
}

// cancelInFlight ends every started, unfinished resource step as failed.
func (o *operation) cancelInFlight() {
	s := o.stack
	for _, id := range slices.Sorted(maps.Keys(s.Op.Started)) {
		if s.Op.Done[id] {
			continue
		}
		s.Op.Done[id] = true
		delete(s.Op.Waiting, id)
		if r := s.Resources[id]; r != nil {
			if r.Type == nestedStackType {
				// A nested stack's update is cancelled with it; the parent's
				// rollback waits for the child to be at rest.
				if child := o.eng.lookupStack(s.Account, s.Region, r.PhysicalID); child != nil {
					o.eng.cancelUpdate(child)
				}
			}
			status, reason := "UPDATE_FAILED", "Resource update cancelled"
			if r.Status == "CREATE_IN_PROGRESS" {
				status, reason = "CREATE_FAILED", "Resource creation cancelled"
			}
			s.resourceEvent(r, status, reason)
		}
	}
}

// cancelUpdate stops an update in progress so that it rolls back, as
// CancelUpdateStack does; other stacks are left alone.
func (e *Engine) cancelUpdate(s *Stack) bool {
	if s.Status != "UPDATE_IN_PROGRESS" || s.Op == nil || s.Op.Phase != phaseProvision {
		return false
	}
	if s.Op.Failure == "" {
		s.Op.Failure = "Stack update cancelled"
	}
	(&operation{eng: e, stack: s}).cancelInFlight()
	return true
}

// injectedFault consults fault rules for resource provisioning: service
// "cloudformation", operation CreateResource, UpdateResource (also for
// replacements) or DeleteResource, resource "stackName/LogicalID/Type".
func (o *operation) injectedFault(action string, r *StackResource) error {
	operation := "UpdateResource"
	switch action {
	case actionCreate:
		operation = "CreateResource"
	case actionDelete:
		operation = "DeleteResource"
	}
	target := o.stack.Name + "/" + r.LogicalID + "/" + r.Type
	f := o.eng.faults.MatchProvisioning(operation, target)
	if f == nil || f.ErrorCode == "" {
		return nil
	}
	ae := wire.FaultError(f)
	return wire.Failuref("%s (Service: localaws; Status Code: %d; Error Code: %s)", ae.Message, ae.Status, ae.Code)
}

// fallbackAttribute answers GetAtt of an attribute localaws does not model
// (custom resources included) with a stable, plausible value: an ARN for
// *Arn, the physical ID for *Id and *Name, else a value derived from it.
func fallbackAttribute(r *StackResource, attr string) string {
	switch {
	case strings.HasSuffix(attr, "Arn") && r.Attributes["Arn"] != nil:
		return template.ScalarString(r.Attributes["Arn"])
	case strings.HasSuffix(attr, "Id") || strings.HasSuffix(attr, "Name"):
		return r.PhysicalID
	}
	return r.PhysicalID + "." + attr
}

func snapshot(r *StackResource) ResourceSnapshot {
	return ResourceSnapshot{PhysicalID: r.PhysicalID, Properties: r.Properties, Attributes: r.Attributes}
}

func (o *operation) provisionCtx() *provisionCtx {
	s := o.stack
	return &provisionCtx{eng: o.eng, stack: s, region: o.eng.region(s.Account, s.Region)}
}

// sortedResourceIDs lists a stack's resources in a stable order.
func sortedResourceIDs(s *Stack) []string { return slices.Sorted(maps.Keys(s.Resources)) }
