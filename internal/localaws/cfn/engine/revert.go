package engine

import (
	"errors"
	"fmt"
	"time"

	"github.com/panther-operator/panther-operator/internal/localaws/internal/wire"
)

// revertTick restores every resource the failed update touched. A nested
// stack is restored once its own operation has ended, and the phase lasts
// until its restoring update has finished too.
func (o *operation) revertTick() {
	s := o.stack
	pc := o.provisionCtx()
	busy := false
	for _, id := range sortedResourceIDs(s) {
		r := s.Resources[id]
		waiting := s.Op.Waiting[id]
		if s.Op.Done[id] || (r.Before == nil && !waiting) {
			continue
		}
		if s.Op.Skip[id] {
			r.Before = nil
			s.Op.Done[id] = true
			s.resourceEvent(r, "UPDATE_COMPLETE", "Resource skipped during UpdateRollback")
			continue
		}
		if !waiting && o.childBusy(r) {
			busy = true
			continue
		}
		if _, started := s.Op.Started[id]; !started {
			s.Op.Started[id] = time.Now().UTC()
			s.resourceEvent(r, "UPDATE_IN_PROGRESS", "")
		}
		var err error
		if waiting {
			err = pc.poll(r)
		} else if err = o.injectedFault(actionUpdate, r); err == nil {
			err = o.restore(pc, r)
		}
		if errors.Is(err, errPending) {
			s.Op.Waiting[id] = true
			busy = true
			continue
		}
		delete(s.Op.Waiting, id)
		s.Op.Done[id] = true
		if err != nil {
			s.resourceEvent(r, "UPDATE_FAILED", wire.ReasonOf(err))
			if s.Op.Failure == "" {
				s.Op.Failure = fmt.Sprintf("The following resource(s) failed to update: [%s]. ", id)
			}
			continue
		}
		s.resourceEvent(r, "UPDATE_COMPLETE", "")
	}
	if !busy {
		o.finish(s.Op.Failure == "")
	}
}

// childBusy reports whether r is a nested stack still in an operation of
// its own, which must end before the parent can change it.
func (o *operation) childBusy(r *StackResource) bool {
	if r.Type != nestedStackType {
		return false
	}
	child := o.eng.lookupStack(o.stack.Account, o.stack.Region, r.PhysicalID)
	return child != nil && child.Op != nil
}

// restore returns a resource to its snapshot: an update back in place, or
// the old physical resource again after a replacement. errPending means a
// nested stack's restoring update is still running.
func (o *operation) restore(pc *provisionCtx, r *StackResource) error {
	before := *r.Before
	if before.PhysicalID != r.PhysicalID {
		// The old resource was kept until cleanup: take it back, and let the
		// cleanup delete the replacement instead.
		var stale []ResourceSnapshot
		for _, st := range append(r.Stale, snapshot(r)) {
			if st.PhysicalID != before.PhysicalID {
				stale = append(stale, st)
			}
		}
		r.Stale = stale
		r.PhysicalID, r.Properties, r.Attributes = before.PhysicalID, before.Properties, before.Attributes
		r.Before = nil
		return nil
	}
	err := provisionerFor(r.Type).update(pc, r, before.Properties)
	if err != nil && !errors.Is(err, errPending) {
		return err
	}
	r.Properties = before.Properties
	r.Before = nil
	return err
}
