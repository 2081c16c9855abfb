package controllers

import (
	"context"
	"errors"
	"time"

	ctrl "sigs.k8s.io/controller-runtime"

	deployv1alpha1 "github.com/panther-operator/panther-operator/api/v1alpha1"
	"github.com/panther-operator/panther-operator/internal/cloud"
	"github.com/panther-operator/panther-operator/internal/panther"
)

// maxAttempts is how many times the operator executes a stack's desired state (or continues
// its rollback) before it asks a person.
const maxAttempts = 3

// ensureStack moves one enabled stack towards its desired state with at most one AWS action,
// and reports whether it is complete at that state.
func (r *PantherDeploymentReconciler) ensureStack(ctx context.Context, s *scope, desired desiredStack,
	observed cloud.Stack, exists bool, entry *deployv1alpha1.StackStatus,
) (bool, ctrl.Result, error) {
	if entry.DesiredState != desired.hash {
		entry.DesiredState, entry.Attempts = desired.hash, 0 // a new desired state gets fresh attempts
	}
	entry.Version = desired.version
	// A change set held for approval is recorded again by the reconcile that still holds it.
	entry.PendingChangeDetail = nil
	status := observed.Status
	// A stack under review shows its tags only once created, so ownership is proven there
	// by our change set instead (see continueChangeSet).
	if exists && !status.UnderReview() && !mayManage(observed, s.obj) {
		return false, ctrl.Result{}, notOwned(desired.stackName)
	}

	if exists && status.Complete() {
		if err := r.dropStaleChangeSet(ctx, s, desired, entry); err != nil {
			return false, ctrl.Result{}, err
		}
	}

	switch {
	case !exists && s.obj.Spec.ManualApproval():
		// A person reviews even a create, so it is prepared as a change set and held.
		res, err := r.startChangeSet(ctx, s, desired, true, entry)
		return false, res, err
	case !exists:
		res, err := r.createStack(ctx, s, desired, entry)
		return false, res, err
	case status.UnderReview():
		res, err := r.continueChangeSet(ctx, s, desired, observed, entry)
		return false, res, err
	case status.InProgress():
		s.log.V(1).Info("Waiting for stack", "stack", desired.stackName, "status", status)
		s.working(status.Operation() + " " + desired.stackName)
		return false, ctrl.Result{}, nil
	case status.RollbackFailed():
		res, err := r.continueRollback(ctx, s, desired, observed, entry)
		return false, res, err
	case status.Failed():
		res, err := r.replaceFailed(ctx, s, desired, observed, entry)
		return false, res, err
	case atDesiredState(observed, desired, entry):
		entry.Attempts = 0
		return r.ensureTerminationProtection(ctx, s, desired, observed)
	default: // complete, at another desired state (or rolled back from it)
		res, err := r.continueChangeSet(ctx, s, desired, observed, entry)
		return err == nil && atDesiredState(observed, desired, entry), res, err
	}
}

// dropStaleChangeSet deletes a change set the guard held for an earlier desired state: the
// spec changed since, so a new change set replaces it.
func (r *PantherDeploymentReconciler) dropStaleChangeSet(ctx context.Context, s *scope, d desiredStack,
	entry *deployv1alpha1.StackStatus,
) error {
	if entry.PendingChange == "" || entry.PendingChange == d.changeSetName() {
		return nil
	}
	s.log.Info("Deleting the held change set of an earlier desired state", "stack", d.stackName, "changeSet", entry.PendingChange)
	if err := s.clients.Stacks.DeleteChangeSet(ctx, d.stackName, entry.PendingChange); err != nil {
		return transient(deployv1alpha1.ReasonAWSError, err)
	}
	entry.PendingChange, entry.PendingChangeDetail = "", nil
	return nil
}

// atDesiredState reports whether a complete stack already is what the desired state asks
// for: it carries the desired hash, or CloudFormation found nothing to change between the two.
func atDesiredState(observed cloud.Stack, d desiredStack, entry *deployv1alpha1.StackStatus) bool {
	tagged := observed.Tags[deployv1alpha1.DesiredStateTagKey]
	return tagged == d.hash || entry.SatisfiedState == d.hash+"/"+tagged
}

// continueChangeSet drives the change set of the desired state: create it, wait for it,
// execute it, or clear it when it failed.
func (r *PantherDeploymentReconciler) continueChangeSet(ctx context.Context, s *scope, d desiredStack, observed cloud.Stack,
	entry *deployv1alpha1.StackStatus,
) (ctrl.Result, error) {
	create := observed.Status.UnderReview()
	cs, err := s.clients.Stacks.DescribeChangeSet(ctx, d.stackName, d.changeSetName())
	switch {
	case errors.Is(err, cloud.ErrNotFound) && create:
		if !mayManage(observed, s.obj) {
			return ctrl.Result{}, notOwned(d.stackName)
		}
		// A stack under review without our change set was abandoned (or made for an older
		// desired state): it holds no resources, so it is deleted and created afresh.
		return ctrl.Result{}, r.deleteStack(ctx, s, d.stackName, "replacing "+d.stackName)
	case errors.Is(err, cloud.ErrNotFound):
		return r.startChangeSet(ctx, s, d, false, entry)
	case err != nil:
		return ctrl.Result{}, transient(deployv1alpha1.ReasonAWSError, err)
	}

	switch cs.State() {
	case cloud.ChangeSetEmpty:
		s.log.Info("Change set has no changes", "stack", d.stackName, "changeSet", d.changeSetName())
		// Nothing to change: the stack already is what the desired state asks for.
		if err := s.clients.Stacks.DeleteChangeSet(ctx, d.stackName, d.changeSetName()); err != nil {
			return ctrl.Result{}, transient(deployv1alpha1.ReasonAWSError, err)
		}
		entry.SatisfiedState = d.hash + "/" + observed.Tags[deployv1alpha1.DesiredStateTagKey]
		return ctrl.Result{}, nil
	case cloud.ChangeSetFailed:
		return r.failedChangeSet(ctx, s, d, cs, create, entry)
	case cloud.ChangeSetReady:
		// A change set that would replace or remove a stateful resource the spec does not
		// allow is kept, not executed, until the spec allows it or changes.
		if err := r.guardChangeSet(ctx, s, d, cs, entry); err != nil {
			return ctrl.Result{}, err
		}
		// With spec.approval Manual it also waits for an approval of its hash.
		if holdForApproval(s, d, panther.Component(entry.Name), cs, entry) {
			return ctrl.Result{}, nil
		}
		s.log.Info("Executing change set", "stack", d.stackName, "changeSet", d.changeSetName())
		if err := s.clients.Stacks.ExecuteChangeSet(ctx, d.stackName, d.changeSetName()); err != nil {
			return ctrl.Result{}, transient(deployv1alpha1.ReasonAWSError, err)
		}
		entry.Attempts++
		s.working(map[bool]string{true: "creating ", false: "updating "}[create] + d.stackName)
		return ctrl.Result{}, nil
	case cloud.ChangeSetExecuted:
		return r.spentChangeSet(ctx, s, d, entry)
	default: // being created, or being executed
		s.working("preparing " + d.stackName)
		if cs.BeingCreated() {
			return ctrl.Result{RequeueAfter: changeSetWait(cs.CreationTime, r.Clock.Now(), r.Intervals.Progress)}, nil
		}
		return ctrl.Result{}, nil
	}
}

// failedChangeSet counts a change set CloudFormation could not create as a failed attempt and
// clears it for the next one; the stack of a failed create is deleted with it.
func (r *PantherDeploymentReconciler) failedChangeSet(ctx context.Context, s *scope, d desiredStack, cs cloud.ChangeSet,
	create bool, entry *deployv1alpha1.StackStatus,
) (ctrl.Result, error) {
	entry.Failure = &deployv1alpha1.StackFailure{Reason: "Change set failed: " + cs.StatusReason}
	entry.Attempts++
	if err := s.clients.Stacks.DeleteChangeSet(ctx, d.stackName, d.changeSetName()); err != nil {
		return ctrl.Result{}, transient(deployv1alpha1.ReasonAWSError, err)
	}
	if entry.Attempts >= maxAttempts {
		return ctrl.Result{}, stalled(deployv1alpha1.ReasonStackFailed,
			"Stack %s cannot be changed: %s", d.stackName, cs.StatusReason)
	}
	if create {
		return ctrl.Result{}, r.deleteStack(ctx, s, d.stackName, "replacing "+d.stackName)
	}
	s.working("retrying " + d.stackName)
	return ctrl.Result{}, nil
}

// spentChangeSet handles a change set that was executed while the stack is not at the desired
// state: the update failed and rolled back. The spent change set goes, and a fresh one is made
// after the backoff.
func (r *PantherDeploymentReconciler) spentChangeSet(ctx context.Context, s *scope, d desiredStack,
	entry *deployv1alpha1.StackStatus,
) (ctrl.Result, error) {
	if wait, res, err := r.holdRetry(s, d, entry); wait {
		return res, err
	}
	if err := s.clients.Stacks.DeleteChangeSet(ctx, d.stackName, d.changeSetName()); err != nil {
		return ctrl.Result{}, transient(deployv1alpha1.ReasonAWSError, err)
	}
	s.working("retrying " + d.stackName)
	return ctrl.Result{}, nil
}

// holdRetry stops a retry that must not happen yet: after the last attempt (Stalled) or within
// the backoff that follows a failed one (a requeue). wait reports whether it stopped it.
func (r *PantherDeploymentReconciler) holdRetry(s *scope, d desiredStack, entry *deployv1alpha1.StackStatus) (bool, ctrl.Result, error) {
	if entry.Attempts >= maxAttempts {
		return true, ctrl.Result{}, r.givenUp(d.stackName, entry)
	}
	if wait := r.backoff(entry); wait > 0 {
		s.working("waiting to retry " + d.stackName)
		return true, ctrl.Result{RequeueAfter: wait}, nil
	}
	return false, ctrl.Result{}, nil
}

// startChangeSet submits the change set of the desired state, after the backoff that follows
// a failed attempt.
func (r *PantherDeploymentReconciler) startChangeSet(ctx context.Context, s *scope, d desiredStack, create bool,
	entry *deployv1alpha1.StackStatus,
) (ctrl.Result, error) {
	if wait, res, err := r.holdRetry(s, d, entry); wait {
		return res, err
	}
	stack, err := d.stackInput(ctx)
	if err != nil {
		return ctrl.Result{}, err
	}
	input := cloud.ChangeSetInput{
		StackInput:    stack,
		ChangeSetName: d.changeSetName(),
		Create:        create,
		Description:   "Panther " + d.version + " by the Panther operator",

		IncludeNestedStacks: d.nested,
	}
	s.log.Info("Creating change set", "stack", d.stackName, "changeSet", d.changeSetName(), "create", create)
	err = s.clients.Stacks.CreateChangeSet(ctx, input)
	switch {
	case errors.Is(err, cloud.ErrInvalidRequest):
		// CloudFormation refused what it was given, typically a parameter value: retrying the
		// same input cannot help, the spec has to change.
		return ctrl.Result{}, stalled(deployv1alpha1.ReasonParametersInvalid,
			"CloudFormation refused the change set of %s: %s", d.stackName, cloud.Message(err))
	case err != nil && !errors.Is(err, cloud.ErrAlreadyExists):
		return ctrl.Result{}, transient(deployv1alpha1.ReasonAWSError, err)
	}
	s.working("preparing " + d.stackName)
	return ctrl.Result{RequeueAfter: changeSetFirstLook}, nil
}

// createStack creates a missing stack at once, counting one attempt, after the backoff that
// follows a failed one. Without a person to review it, a change set would only add two calls
// and a wait to a create: a create replaces and removes nothing, so the stateful guard has
// nothing to hold, and a failed create rolls back and is recovered as any other.
func (r *PantherDeploymentReconciler) createStack(ctx context.Context, s *scope, d desiredStack,
	entry *deployv1alpha1.StackStatus,
) (ctrl.Result, error) {
	if wait, res, err := r.holdRetry(s, d, entry); wait {
		return res, err
	}
	input, err := d.stackInput(ctx)
	if err != nil {
		return ctrl.Result{}, err
	}
	s.log.Info("Creating stack", "stack", d.stackName)
	err = s.clients.Stacks.Create(ctx, input)
	switch {
	case errors.Is(err, cloud.ErrInvalidRequest):
		// As for a change set: the same input cannot succeed, the spec has to change.
		return ctrl.Result{}, stalled(deployv1alpha1.ReasonParametersInvalid,
			"CloudFormation refused to create %s: %s", d.stackName, cloud.Message(err))
	case errors.Is(err, cloud.ErrAlreadyExists):
		// An earlier call whose answer was lost made it: the next reconcile sees it.
	case err != nil:
		return ctrl.Result{}, transient(deployv1alpha1.ReasonAWSError, err)
	default:
		entry.Attempts++
	}
	s.working("creating " + d.stackName)
	return ctrl.Result{}, nil
}

// replaceFailed deletes a stack that failed to create or delete, so that it is created
// again; the root cause is kept in the status first.
func (r *PantherDeploymentReconciler) replaceFailed(ctx context.Context, s *scope, d desiredStack, observed cloud.Stack,
	entry *deployv1alpha1.StackStatus,
) (ctrl.Result, error) {
	if err := r.recordFailure(ctx, s, observed, entry); err != nil {
		return ctrl.Result{}, err
	}
	if entry.Attempts >= maxAttempts && !observed.Status.DeleteFailed() {
		return ctrl.Result{}, r.givenUp(d.stackName, entry)
	}
	// A failed create may have retained buckets; they are remembered before the stack goes.
	if err := r.recordResources(ctx, s, observed, entry, true); err != nil {
		return ctrl.Result{}, err
	}
	return ctrl.Result{}, r.deleteStack(ctx, s, d.stackName, "replacing failed "+d.stackName)
}

// continueRollback recovers UPDATE_ROLLBACK_FAILED: first plainly, then skipping the resource
// that failed.
func (r *PantherDeploymentReconciler) continueRollback(ctx context.Context, s *scope, d desiredStack, observed cloud.Stack,
	entry *deployv1alpha1.StackStatus,
) (ctrl.Result, error) {
	if err := r.recordFailure(ctx, s, observed, entry); err != nil {
		return ctrl.Result{}, err
	}
	if entry.Attempts >= maxAttempts {
		return ctrl.Result{}, stalled(deployv1alpha1.ReasonStackRollbackFailed,
			"Stack %s is in UPDATE_ROLLBACK_FAILED and continuing the rollback did not help%s: fix the resource, then continue the rollback in the CloudFormation console",
			d.stackName, failureText(entry.Failure))
	}
	var skip []string
	if entry.Attempts > 0 && entry.Failure != nil && entry.Failure.LogicalID != "" && entry.Failure.NestedStack == "" {
		skip = []string{entry.Failure.LogicalID}
	}
	s.log.Info("Continuing the update rollback", "stack", d.stackName, "skip", skip)
	if err := s.clients.Stacks.ContinueUpdateRollback(ctx, d.stackName, s.obj.Spec.CloudFormationRoleARN, skip); err != nil {
		return ctrl.Result{}, transient(deployv1alpha1.ReasonAWSError, err)
	}
	entry.Attempts++
	s.working("continuing the rollback of " + d.stackName)
	return ctrl.Result{}, nil
}

// recordFailure reads the root cause of the stack's latest operation into the status.
func (r *PantherDeploymentReconciler) recordFailure(ctx context.Context, s *scope, observed cloud.Stack, entry *deployv1alpha1.StackStatus) error {
	failure, err := cloud.RootCause(ctx, s.clients.Stacks, observed.ID)
	if err != nil {
		return transient(deployv1alpha1.ReasonAWSError, err)
	}
	if failure == nil {
		if observed.StatusReason == "" {
			return nil
		}
		failure = &cloud.Failure{Reason: observed.StatusReason}
	}
	entry.Failure = &deployv1alpha1.StackFailure{
		LogicalID: failure.LogicalID, ResourceType: failure.ResourceType,
		Reason: failure.Reason, NestedStack: failure.NestedStack,
	}
	return nil
}

func (r *PantherDeploymentReconciler) deleteStack(ctx context.Context, s *scope, stackName, what string) error {
	s.log.Info("Deleting stack", "stack", stackName)
	if err := s.clients.Stacks.Delete(ctx, stackName, s.obj.Spec.CloudFormationRoleARN); err != nil {
		return transient(deployv1alpha1.ReasonAWSError, err)
	}
	s.working(what)
	return nil
}

// mayManage reports whether the deployment may act on an existing stack: it owns it, or it
// was told to adopt Panther's stacks.
func mayManage(stack cloud.Stack, obj *deployv1alpha1.PantherDeployment) bool {
	return ownedBy(stack, obj) || obj.Annotations[deployv1alpha1.AnnotationAdopt] == "true"
}

func notOwned(stackName string) error {
	return stalled(deployv1alpha1.ReasonStackNotOwned,
		"Stack %s exists but does not belong to this PantherDeployment: delete it, or annotate the PantherDeployment with %s: \"true\" to adopt it",
		stackName, deployv1alpha1.AnnotationAdopt)
}

// givenUp is the Stalled error after the last attempt failed.
func (r *PantherDeploymentReconciler) givenUp(stackName string, entry *deployv1alpha1.StackStatus) error {
	return stalled(deployv1alpha1.ReasonStackFailed,
		"Stack %s failed %d times%s: fix the cause in the spec (or in AWS), then change the spec to try again",
		stackName, entry.Attempts, failureText(entry.Failure))
}

func failureText(f *deployv1alpha1.StackFailure) string {
	if f == nil {
		return ""
	}
	var where string
	if f.LogicalID != "" {
		where = " at " + f.LogicalID
		if f.ResourceType != "" {
			where += " (" + f.ResourceType + ")"
		}
		if f.NestedStack != "" {
			where += " in nested stack " + f.NestedStack
		}
	}
	return where + ": " + f.Reason
}

// backoff is how long to wait before the next attempt: RetryBase doubled per failed attempt,
// counted from the stack's last status change.
func (r *PantherDeploymentReconciler) backoff(entry *deployv1alpha1.StackStatus) time.Duration {
	if entry.Attempts == 0 || entry.LastTransitionTime == nil {
		return 0
	}
	wait := r.Intervals.RetryBase << (entry.Attempts - 1)
	return entry.LastTransitionTime.Add(wait).Sub(r.Clock.Now())
}

// ensureTerminationProtection makes a complete stack's termination protection match the spec.
func (r *PantherDeploymentReconciler) ensureTerminationProtection(ctx context.Context, s *scope, d desiredStack,
	observed cloud.Stack,
) (bool, ctrl.Result, error) {
	if observed.TerminationProtection == d.terminationProtection {
		return true, ctrl.Result{}, nil
	}
	if err := s.clients.Stacks.SetTerminationProtection(ctx, observed.Name, d.terminationProtection); err != nil {
		return false, ctrl.Result{}, transient(deployv1alpha1.ReasonAWSError, err)
	}
	return true, ctrl.Result{}, nil
}
