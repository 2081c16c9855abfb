package engine

import (
	"time"

	"github.com/panther-operator/panther-operator/internal/localaws/internal/wire"
)

// step is a stack status to enter and the phase that runs in it; an empty
// phase ends the operation.
type step struct {
	status string
	phase  string
}

// transitions is CloudFormation's state machine: where each in-progress
// status leads when its phase succeeds or fails, and where a failure leads
// when rollback is disabled.
var transitions = map[string]struct{ success, failure, noRollback step }{
	"CREATE_IN_PROGRESS": {
		success:    step{"CREATE_COMPLETE", ""},
		failure:    step{"ROLLBACK_IN_PROGRESS", phaseDelete},
		noRollback: step{"CREATE_FAILED", ""},
	},
	"ROLLBACK_IN_PROGRESS": {
		success: step{"ROLLBACK_COMPLETE", ""},
		failure: step{"ROLLBACK_FAILED", ""},
	},
	"UPDATE_IN_PROGRESS": {
		success:    step{"UPDATE_COMPLETE_CLEANUP_IN_PROGRESS", phaseCleanup},
		failure:    step{"UPDATE_ROLLBACK_IN_PROGRESS", phaseRevert},
		noRollback: step{"UPDATE_FAILED", ""},
	},
	"UPDATE_COMPLETE_CLEANUP_IN_PROGRESS": {
		success: step{"UPDATE_COMPLETE", ""},
		failure: step{"UPDATE_COMPLETE", ""},
	},
	"UPDATE_ROLLBACK_IN_PROGRESS": {
		success: step{"UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS", phaseCleanup},
		failure: step{"UPDATE_ROLLBACK_FAILED", ""},
	},
	"UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS": {
		success: step{"UPDATE_ROLLBACK_COMPLETE", ""},
		failure: step{"UPDATE_ROLLBACK_COMPLETE", ""},
	},
	"DELETE_IN_PROGRESS": {
		success: step{"DELETE_COMPLETE", ""},
		failure: step{"DELETE_FAILED", ""},
	},
}

// finish ends the current phase and moves the stack to its next status.
func (o *operation) finish(success bool) {
	s := o.stack
	if s.Op.DeleteRequested && s.Status == "CREATE_IN_PROGRESS" {
		// A DeleteStack cancelled the creation: what exists is deleted,
		// without a rollback.
		o.startDelete()
		return
	}
	if success && (s.Status == "CREATE_IN_PROGRESS" || s.Status == "UPDATE_IN_PROGRESS") {
		if err := o.publishOutputs(); err != nil {
			s.Op.Failure, success = wire.ReasonOf(err), false
		}
	}
	t, known := transitions[s.Status]
	if !known {
		o.endOperation()
		return
	}
	next := t.failure
	switch {
	case success:
		next = t.success
	case s.DisableRollback && t.noRollback.status != "":
		next = t.noRollback
	}
	o.enter(next, success)
}

// enter moves the stack into a status, with the side effects that status
// has, and starts its phase or ends the operation.
func (o *operation) enter(next step, success bool) {
	s := o.stack
	reason := ""
	if !success {
		reason = s.Op.Failure
	}
	now := time.Now().UTC()
	switch next.status {
	case "ROLLBACK_IN_PROGRESS":
		reason += "Rollback requested by user."
	case "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS", "UPDATE_FAILED":
		s.Updated = now
	case "UPDATE_ROLLBACK_IN_PROGRESS":
		s.Updated = now
		o.restoreConfig()
	case "UPDATE_COMPLETE", "UPDATE_ROLLBACK_COMPLETE":
		reason = ""
		s.Previous = nil
	case "DELETE_COMPLETE":
		o.unpublishExports()
		s.Deleted = now
	}
	s.setStatus(next.status, reason)
	if next.phase != "" {
		op := newOp(next.phase)
		op.DeleteRequested, op.ChangeSetID = s.Op.DeleteRequested, s.Op.ChangeSetID
		s.Op = op
		return
	}
	if s.Op.DeleteRequested || (next.status == "ROLLBACK_COMPLETE" && s.DeleteOnFailure) {
		// A DeleteStack arrived while the stack was busy, or CreateStack
		// asked for OnFailure=DELETE: delete now.
		o.startDelete()
		return
	}
	o.endOperation()
}

// startDelete ends the current operation and begins deleting the stack.
func (o *operation) startDelete() {
	o.endOperation()
	o.stack.setStatus("DELETE_IN_PROGRESS", "User Initiated")
	o.stack.Op = newOp(phaseDelete)
}

// restoreConfig puts back the template, parameters, tags and outputs the
// stack had before the failed update.
func (o *operation) restoreConfig() {
	s := o.stack
	if s.Previous == nil {
		return
	}
	s.Template, s.Parameters, s.Tags, s.Outputs = s.Previous.Template, s.Previous.Parameters, s.Previous.Tags, s.Previous.Outputs
	o.publishExports()
}

// endOperation clears the operation and settles the change set that
// started it: complete only if the stack reached what it asked for.
func (o *operation) endOperation() {
	s := o.stack
	if cs := s.ChangeSets[s.Op.ChangeSetID]; cs != nil {
		cs.ExecutionStatus = "EXECUTE_FAILED"
		if s.Status == "CREATE_COMPLETE" || s.Status == "UPDATE_COMPLETE" {
			cs.ExecutionStatus = "EXECUTE_COMPLETE"
		}
	}
	s.Op = nil
}
