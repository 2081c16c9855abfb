package engine

import (
	"errors"
	"fmt"
	"time"

	"github.com/panther-operator/panther-operator/internal/localaws/cfn/template"
	"github.com/panther-operator/panther-operator/internal/localaws/internal/wire"
)

// deleteTick deletes resources whose dependents are gone, honouring
// DeletionPolicy Retain and DeleteStack's RetainResources.
func (o *operation) deleteTick() bool {
	s := o.stack
	op := s.Op
	if s.Status == "DELETE_IN_PROGRESS" {
		if err := o.checkExportsInUse(nil); err != nil {
			op.Failure = wire.ReasonOf(err)
			o.finish(false)
			return false
		}
	}
	dependents := o.currentDependents()
	pending, running, started := 0, 0, false
	for _, id := range sortedResourceIDs(s) {
		if op.Done[id] {
			continue
		}
		r := s.Resources[id]
		if deleteSettled(r) {
			op.Done[id] = true
			continue
		}
		pending++
		if _, ok := op.Started[id]; ok {
			if err := o.completeDelete(r); errors.Is(err, errPending) {
				running++
			}
			continue
		}
		if !o.dependentsGone(dependents[id]) {
			continue
		}
		started = true
		beginResourceDelete(s, op, id, r)
	}
	if undeletedCount(s, op) == 0 || (!started && running == 0 && o.nothingRunning() && pending > 0 && op.Failure != "") {
		o.finish(op.Failure == "")
		return false
	}
	return running > 0 && !started
}

// deleteSettled reports whether a resource needs no further delete work.
func deleteSettled(r *StackResource) bool {
	return r.Status == "DELETE_COMPLETE" || r.Status == "DELETE_SKIPPED"
}

// beginResourceDelete acts on a resource whose dependents are gone: it is
// skipped when retained, done at once when never created, else started.
func beginResourceDelete(s *Stack, op *StackOp, id string, r *StackResource) {
	switch {
	case op.Skip[id] || r.DeletionPolicy == "Retain":
		op.Done[id] = true
		s.resourceEvent(r, "DELETE_SKIPPED", "")
	case r.PhysicalID == "":
		op.Done[id] = true
		s.resourceEvent(r, "DELETE_COMPLETE", "")
	default:
		op.Started[id] = time.Now().UTC()
		s.resourceEvent(r, "DELETE_IN_PROGRESS", "")
	}
}

// undeletedCount is how many of the stack's resources the delete has not
// finished with yet.
func undeletedCount(s *Stack, op *StackOp) int {
	remaining := 0
	for id := range s.Resources {
		if !op.Done[id] {
			remaining++
		}
	}
	return remaining
}

// currentDependents maps each resource to those that depend on it in the
// stack's current template.
func (o *operation) currentDependents() map[string][]string {
	p, err := template.Prepare(o.stack.Template)
	if err != nil {
		return nil
	}
	included := map[string]bool{}
	for id := range p.Template.Resources {
		if _, ok := o.stack.Resources[id]; ok {
			included[id] = true
		}
	}
	g, err := template.BuildGraph(p.Template, included)
	if err != nil {
		return nil
	}
	return g.Dependents()
}

func (o *operation) dependentsGone(ids []string) bool {
	for _, id := range ids {
		r := o.stack.Resources[id]
		if r != nil && r.Status != "DELETE_COMPLETE" && r.Status != "DELETE_SKIPPED" {
			return false
		}
	}
	return true
}

func (o *operation) completeDelete(r *StackResource) error {
	s := o.stack
	pc := o.provisionCtx()
	var err error
	if s.Op.Waiting[r.LogicalID] {
		err = pc.poll(r)
	} else if err = o.injectedFault(actionDelete, r); err == nil {
		err = provisionerFor(r.Type).delete(pc, r)
	}
	if errors.Is(err, errPending) {
		s.Op.Waiting[r.LogicalID] = true
		return err
	}
	delete(s.Op.Waiting, r.LogicalID)
	s.Op.Done[r.LogicalID] = true
	if err != nil {
		s.resourceEvent(r, "DELETE_FAILED", wire.ReasonOf(err))
		if s.Op.Failure == "" {
			s.Op.Failure = fmt.Sprintf("The following resource(s) failed to delete: [%s]. ", r.LogicalID)
		}
		return err
	}
	s.resourceEvent(r, "DELETE_COMPLETE", "")
	return nil
}

// cleanupTick deletes resources the template no longer has and physical
// resources that were replaced. Failures are reported but do not fail the
// stack, as on AWS.
func (o *operation) cleanupTick() {
	s := o.stack
	included := map[string]bool{}
	if _, _, g, err := o.plan(); err == nil {
		for _, id := range g.Order {
			included[id] = true
		}
	}
	pc := o.provisionCtx()
	for _, id := range sortedResourceIDs(s) {
		r := s.Resources[id]
		for _, st := range r.Stale {
			old := &StackResource{LogicalID: id, Type: r.Type, PhysicalID: st.PhysicalID, Properties: st.Properties, Attributes: st.Attributes}
			if r.UpdateReplacePolicy == "Retain" {
				s.resourceEvent(old, "DELETE_SKIPPED", "")
				continue
			}
			s.resourceEvent(old, "DELETE_IN_PROGRESS", "")
			if err := provisionerFor(r.Type).delete(pc, old); err != nil && !errors.Is(err, errPending) {
				s.resourceEvent(old, "DELETE_FAILED", wire.ReasonOf(err))
				continue
			}
			s.resourceEvent(old, "DELETE_COMPLETE", "")
		}
		r.Stale = nil
		r.Before = nil
		if included[id] {
			continue
		}
		if r.PhysicalID == "" || r.DeletionPolicy == "Retain" {
			if r.PhysicalID != "" {
				s.resourceEvent(r, "DELETE_SKIPPED", "")
			}
			delete(s.Resources, id)
			continue
		}
		s.resourceEvent(r, "DELETE_IN_PROGRESS", "")
		if err := provisionerFor(r.Type).delete(pc, r); err != nil && !errors.Is(err, errPending) {
			s.resourceEvent(r, "DELETE_FAILED", wire.ReasonOf(err))
		} else {
			s.resourceEvent(r, "DELETE_COMPLETE", "")
		}
		delete(s.Resources, id)
	}
	o.finish(true)
}
