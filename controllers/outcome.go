package controllers

import (
	"errors"
	"fmt"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	deployv1alpha1 "github.com/panther-operator/panther-operator/api/v1alpha1"
	"github.com/panther-operator/panther-operator/internal/cloud"
)

// stalledError is a problem only a person can fix: the deployment is marked Stalled with the
// reason and message, and the operator looks again after a long interval instead of backing
// off in a hot loop.
type stalledError struct {
	reason  string
	message string
}

func (e *stalledError) Error() string { return e.message }

func stalled(reason, format string, args ...any) error {
	return &stalledError{reason: reason, message: fmt.Sprintf(format, args...)}
}

// asStalled returns the stalledError in err's chain, if any.
func asStalled(err error) (*stalledError, bool) {
	var s *stalledError
	ok := errors.As(err, &s)
	return s, ok
}

func isStalled(err error) bool {
	_, ok := asStalled(err)
	return ok
}

// transientError is a failure retrying may fix, such as an AWS error; it carries the reason
// reported on the Ready condition while the operator backs off.
type transientError struct {
	reason string
	err    error
}

func (e *transientError) Error() string { return e.err.Error() }
func (e *transientError) Unwrap() error { return e.err }

func transient(reason string, err error) error {
	return &transientError{reason: reason, err: err}
}

// outcome is how a reconcile ended, as the conditions report it.
type outcome int

const (
	outcomeReady outcome = iota
	outcomeProgressing
	outcomeAwaitingApproval
	outcomeDeleting
	outcomeSuspended
	outcomeStalled
	outcomeRetrying
	outcomeFinalized
)

// facts are what a reconcile found, in the terms the outcome is decided by.
type facts struct {
	err        error
	suspended  bool
	finalized  bool
	deleting   bool
	inProgress bool
	// awaitingApproval: change sets are held until the approve annotation names them.
	awaitingApproval bool
}

// outcomeOf decides the outcome from the facts; the first that holds wins.
func outcomeOf(f facts) outcome {
	switch {
	case f.finalized:
		return outcomeFinalized
	case isStalled(f.err):
		return outcomeStalled
	case f.err != nil:
		return outcomeRetrying
	case f.suspended:
		return outcomeSuspended
	case f.deleting:
		return outcomeDeleting
	case f.inProgress:
		return outcomeProgressing
	case f.awaitingApproval:
		return outcomeAwaitingApproval
	default:
		return outcomeReady
	}
}

// conditionRow is what one outcome sets: the status of each condition ("" removes it),
// whether the generation counts as observed, and which requeue interval applies.
type conditionRow struct {
	ready, reconciling, stalled metav1.ConditionStatus
	// recoverable is ACK.Recoverable: True while a retry may fix the last error.
	recoverable metav1.ConditionStatus
	observed    bool
	requeue     requeueKind
}

// requeueKind names the interval an outcome looks again after.
type requeueKind int

const (
	requeueNone requeueKind = iota
	requeueProgress
	requeueStalled
	requeueSettled
	// requeueBackoff returns the error with a zero Result: controller-runtime backs off.
	requeueBackoff
)

// outcomes is the one table from outcome to conditions. Ready, Reconciling and Stalled follow
// kstatus; ACK.ResourceSynced follows Ready and ACK.Terminal follows Stalled (see
// setConditions).
var outcomes = map[outcome]conditionRow{
	outcomeReady:       {ready: metav1.ConditionTrue, observed: true, requeue: requeueSettled},
	outcomeProgressing: {ready: metav1.ConditionFalse, reconciling: metav1.ConditionTrue, observed: true, requeue: requeueProgress},
	// Awaiting approval is kstatus InProgress (Reconciling), not Stalled: the operator has
	// done its part and looks again when the annotation changes (and after the long interval).
	outcomeAwaitingApproval: {ready: metav1.ConditionFalse, reconciling: metav1.ConditionTrue, observed: true, requeue: requeueStalled},
	outcomeDeleting:         {ready: metav1.ConditionFalse, reconciling: metav1.ConditionTrue, observed: true, requeue: requeueProgress},
	outcomeSuspended:        {ready: metav1.ConditionFalse},
	outcomeStalled:          {ready: metav1.ConditionFalse, stalled: metav1.ConditionTrue, observed: true, requeue: requeueStalled},
	outcomeRetrying: {ready: metav1.ConditionFalse, reconciling: metav1.ConditionTrue,
		recoverable: metav1.ConditionTrue, requeue: requeueBackoff},
}

// retryMessage says what a transient error means for the user without AWS's request IDs or
// the SDK's wording: which call failed with which code, and that the operator retries.
func retryMessage(err error) string {
	var apiErr *cloud.APIError
	var te *transientError
	switch {
	case errors.As(err, &apiErr):
		return fmt.Sprintf("AWS answered %s with %s; retrying with backoff. If this persists, check the deployment role's permissions and the operator's logs",
			apiErr.Operation, apiErr.Code)
	case errors.As(err, &te):
		return "An AWS call failed before AWS answered (network or credentials); retrying with backoff. If this persists, check the operator's logs"
	default:
		return "Retrying after an error; if this persists, check the operator's logs"
	}
}

// reasonAndMessage are the Ready condition's reason and message for an outcome.
func reasonAndMessage(o outcome, s *scope, err error) (string, string) {
	switch o {
	case outcomeStalled:
		st, _ := asStalled(err)
		return st.reason, st.message
	case outcomeRetrying:
		reason := deployv1alpha1.ReasonAWSError
		var te *transientError
		if errors.As(err, &te) {
			reason = te.reason
		}
		return reason, retryMessage(err)
	case outcomeSuspended:
		return deployv1alpha1.ReasonSuspended, "Reconciliation is suspended (spec.suspend is true): no AWS call is made"
	case outcomeDeleting:
		return deployv1alpha1.ReasonDeleting, "Tearing down: " + progressText(s.progress)
	case outcomeProgressing:
		return deployv1alpha1.ReasonProgressing, "Working on " + progressText(s.progress)
	case outcomeAwaitingApproval:
		return deployv1alpha1.ReasonAwaitingApproval, awaitingMessage(s.obj, s.awaiting)
	default:
		return deployv1alpha1.ReasonSucceeded,
			fmt.Sprintf("Every enabled stack is complete at its desired state (Panther %s)", s.obj.Spec.Version)
	}
}
