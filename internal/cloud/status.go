package cloud

import "strings"

// StackStatus is CloudFormation's status of a stack, with the questions the operator asks of
// it answered here, so that no caller compares status strings.
type StackStatus string

// The statuses callers name: the few the operator produces or reports itself.
const (
	// StatusNotFound is the status the operator reports for a stack that does not exist; it
	// is not a CloudFormation status.
	StatusNotFound         StackStatus = "NOT_FOUND"
	StatusReviewInProgress StackStatus = "REVIEW_IN_PROGRESS"
	StatusDeleteInProgress StackStatus = "DELETE_IN_PROGRESS"
)

// Exists reports whether the status is of a stack that exists.
func (s StackStatus) Exists() bool {
	return s != "" && s != StatusNotFound && s != "DELETE_COMPLETE"
}

// UnderReview reports a stack created for a change set that has not run yet: it holds no
// resources and shows no tags.
func (s StackStatus) UnderReview() bool { return s == StatusReviewInProgress }

// InProgress reports an operation CloudFormation is still running on the stack.
func (s StackStatus) InProgress() bool {
	return strings.HasSuffix(string(s), "_IN_PROGRESS") && !s.UnderReview()
}

// Deleting reports a delete in progress.
func (s StackStatus) Deleting() bool { return s == StatusDeleteInProgress }

// Complete reports a stack that is settled and usable: created, updated, or rolled back from
// an update to its previous state.
func (s StackStatus) Complete() bool {
	switch s {
	case "CREATE_COMPLETE", "UPDATE_COMPLETE", "UPDATE_ROLLBACK_COMPLETE", "IMPORT_COMPLETE", "IMPORT_ROLLBACK_COMPLETE":
		return true
	}
	return false
}

// Succeeded reports a stack whose latest operation did what it was asked.
func (s StackStatus) Succeeded() bool {
	return s == "CREATE_COMPLETE" || s == "UPDATE_COMPLETE" || s == "IMPORT_COMPLETE"
}

// Created reports a stack whose creation completed.
func (s StackStatus) Created() bool { return s == "CREATE_COMPLETE" }

// Failed reports the states a stack leaves only by being deleted.
func (s StackStatus) Failed() bool {
	switch s {
	case "CREATE_FAILED", "ROLLBACK_COMPLETE", "ROLLBACK_FAILED", "DELETE_FAILED":
		return true
	}
	return false
}

// DeleteFailed reports a stack CloudFormation could not delete.
func (s StackStatus) DeleteFailed() bool { return s == "DELETE_FAILED" }

// RollbackFailed reports an update whose rollback failed: the stack is stuck until its
// rollback is continued.
func (s StackStatus) RollbackFailed() bool { return s == "UPDATE_ROLLBACK_FAILED" }

// RolledBack reports an operation that failed and was undone.
func (s StackStatus) RolledBack() bool {
	return s == "ROLLBACK_COMPLETE" || s == "UPDATE_ROLLBACK_COMPLETE" || s == "IMPORT_ROLLBACK_COMPLETE"
}

// Broken reports a stack whose latest operation failed and was not undone.
func (s StackStatus) Broken() bool {
	switch s {
	case "CREATE_FAILED", "ROLLBACK_FAILED", "DELETE_FAILED", "UPDATE_ROLLBACK_FAILED", "UPDATE_FAILED", "IMPORT_ROLLBACK_FAILED":
		return true
	}
	return false
}

// DriftCheckable reports whether CloudFormation accepts a drift detection on the stack.
func (s StackStatus) DriftCheckable() bool {
	switch s {
	case "CREATE_COMPLETE", "UPDATE_COMPLETE", "UPDATE_ROLLBACK_COMPLETE", "IMPORT_COMPLETE":
		return true
	}
	return false
}

// Operation names what a stack in progress is doing, as the operator reports it.
func (s StackStatus) Operation() string {
	switch status := string(s); {
	case strings.HasPrefix(status, "CREATE"):
		return "creating"
	case strings.HasPrefix(status, "DELETE"):
		return "deleting"
	case strings.Contains(status, "ROLLBACK"):
		return "rolling back"
	default:
		return "updating"
	}
}

// ChangeSetState is where a change set stands, reduced to what a caller acts on.
type ChangeSetState int

// The states of a change set.
const (
	// ChangeSetPending is being created or executed: wait.
	ChangeSetPending ChangeSetState = iota
	// ChangeSetReady was created and may be executed.
	ChangeSetReady
	// ChangeSetEmpty failed because the stack already is what it asks for.
	ChangeSetEmpty
	// ChangeSetFailed could not be created; StatusReason says why.
	ChangeSetFailed
	// ChangeSetExecuted was executed already; the stack's status tells the outcome.
	ChangeSetExecuted
)

// State classifies the change set. An empty change set is recognised here, from
// CloudFormation's documented reasons, so that no caller matches CloudFormation's prose.
func (c ChangeSet) State() ChangeSetState {
	switch {
	case c.Status == "FAILED" && isEmptyChangeSetReason(c.StatusReason):
		return ChangeSetEmpty
	case c.Status == "FAILED" || c.Status == "DELETE_FAILED":
		// A change set that could not be deleted does not leave that state by itself.
		return ChangeSetFailed
	case c.Status == "CREATE_COMPLETE" && c.ExecutionStatus == "AVAILABLE":
		return ChangeSetReady
	case c.Status == "CREATE_COMPLETE" && c.ExecutionStatus != "EXECUTE_IN_PROGRESS":
		return ChangeSetExecuted
	default:
		return ChangeSetPending
	}
}

// BeingCreated reports a change set CloudFormation is still preparing.
func (c ChangeSet) BeingCreated() bool {
	return c.Status == "CREATE_PENDING" || c.Status == "CREATE_IN_PROGRESS"
}

func isEmptyChangeSetReason(reason string) bool {
	return strings.Contains(reason, "didn't contain changes") ||
		strings.Contains(reason, "No updates are to be performed")
}

// DriftState is where a drift detection run stands.
type DriftState int

// The states of a drift detection run.
const (
	DriftRunning DriftState = iota
	DriftDone
	DriftFailed
)

// State classifies the run.
func (d DriftCheck) State() DriftState {
	switch d.DetectionStatus {
	case "DETECTION_IN_PROGRESS":
		return DriftRunning
	case "DETECTION_FAILED":
		return DriftFailed
	default:
		return DriftDone
	}
}

// Stack drift statuses the operator reports.
const (
	DriftStatusDrifted = "DRIFTED"
	DriftStatusUnknown = "UNKNOWN"
)
