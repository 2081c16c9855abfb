package controllers

import (
	"context"
	"strings"

	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/controller/controllerutil"

	deployv1alpha1 "github.com/panther-operator/panther-operator/api/v1alpha1"
	"github.com/panther-operator/panther-operator/internal/cloud"
	"github.com/panther-operator/panther-operator/internal/panther"
)

// retain releases a deployment whose deletionPolicy is Retain at once, without an AWS call.
func (r *PantherDeploymentReconciler) retain(ctx context.Context, s *scope) (ctrl.Result, error) {
	if s.obj.Spec.DeletionPolicy != deployv1alpha1.DeletionPolicyRetain {
		return ctrl.Result{}, nil
	}
	return ctrl.Result{}, r.release(ctx, s)
}

// teardown deletes the deployment's stacks in the original's order, one group at a time and
// the stacks of a group in parallel; once AWS reports them all gone it cleans up the retained
// buckets and the Lambda log groups, then lets the object go.
func (r *PantherDeploymentReconciler) teardown(ctx context.Context, s *scope) (ctrl.Result, error) {
	if protected := protectedStacks(s.obj); len(protected) > 0 {
		return ctrl.Result{}, stalled(deployv1alpha1.ReasonTerminationProtected,
			"Deletion is refused while stacks have terminationProtection: set spec.stacks.{%s}.terminationProtection to false to let it proceed",
			strings.Join(protected, ","))
	}
	r.teardownStatus(s)
	for _, group := range teardownOrder(s.obj) {
		present := false
		for _, name := range group {
			stack, exists := s.stacks[name]
			if !exists || !ownedBy(stack, s.obj) {
				continue // never act on what the deployment does not own
			}
			present = true
			if stack.Status.Deleting() {
				s.working("deleting " + name)
				continue
			}
			if err := r.recordResources(ctx, s, stack, teardownEntry(s, name), true); err != nil {
				return ctrl.Result{}, err
			}
			if stack.TerminationProtection {
				// The spec says no protection (checked above); the stack still has it from
				// before, so it is lifted for the deletion the user asked for.
				if err := s.clients.Stacks.SetTerminationProtection(ctx, name, false); err != nil {
					return ctrl.Result{}, transient(deployv1alpha1.ReasonAWSError, err)
				}
			}
			var stuck error
			if stack.Status.DeleteFailed() {
				if stuck = r.retryFailedDelete(ctx, s, stack); stuck != nil && !isStalled(stuck) {
					return ctrl.Result{}, stuck
				}
			}
			if err := r.deleteStack(ctx, s, name, "deleting "+name); err != nil {
				return ctrl.Result{}, err
			}
			if stuck != nil {
				return ctrl.Result{}, stuck // retried at the stalled interval, no faster
			}
		}
		if present {
			return ctrl.Result{}, nil // the next group waits for this one
		}
	}
	if err := r.cleanUp(ctx, s); err != nil {
		return ctrl.Result{}, err
	}
	if err := r.removeStackEvents(ctx, s); err != nil {
		return ctrl.Result{}, err
	}
	return ctrl.Result{}, r.release(ctx, s)
}

// retryFailedDelete records why a stack could not be deleted and counts the attempt; after the
// last one the teardown stalls with the root cause rather than retrying forever.
func (r *PantherDeploymentReconciler) retryFailedDelete(ctx context.Context, s *scope, stack cloud.Stack) error {
	entry := teardownEntry(s, stack.Name)
	if entry == nil {
		return nil // a root stack in Root mode has no entry of its own; CloudFormation retries
	}
	if err := r.recordFailure(ctx, s, stack, entry); err != nil {
		return err
	}
	if entry.Attempts >= maxAttempts {
		return stalled(deployv1alpha1.ReasonStackFailed,
			"Stack %s could not be deleted after %d attempts%s: remove what blocks it (or delete the stack by hand); the operator keeps retrying every few minutes",
			stack.Name, entry.Attempts, failureText(entry.Failure))
	}
	entry.Attempts++
	return nil
}

// teardownEntry finds the status entry of a stack by its CloudFormation name.
func teardownEntry(s *scope, stackName string) *deployv1alpha1.StackStatus {
	for i := range s.obj.Status.Stacks {
		if s.obj.Status.Stacks[i].StackName == stackName {
			return &s.obj.Status.Stacks[i]
		}
	}
	return nil
}

// teardownOrder is the stack names to delete, group by group; in Root mode the root stack
// comes first (CloudFormation deletes its nested stacks in order).
func teardownOrder(obj *deployv1alpha1.PantherDeployment) [][]string {
	var order [][]string
	if obj.Spec.Mode == deployv1alpha1.ModeRoot {
		order = append(order, []string{panther.RootStackName})
	}
	for _, group := range panther.TeardownGroups() {
		names := make([]string, 0, len(group))
		for _, c := range group {
			st, _ := panther.Lookup(c)
			names = append(names, st.Name)
		}
		order = append(order, names)
	}
	return order
}

// protectedStacks lists the stacks whose spec asks for termination protection.
func protectedStacks(obj *deployv1alpha1.PantherDeployment) []string {
	var names []string
	for _, c := range panther.Components() {
		if stackSpec(obj, c).TerminationProtection {
			names = append(names, string(c))
		}
	}
	return names
}

// teardownStatus reports every stack's state during the teardown.
func (r *PantherDeploymentReconciler) teardownStatus(s *scope) {
	entries := make([]deployv1alpha1.StackStatus, 0, len(panther.Components()))
	for _, st := range panther.Stacks() {
		observed, exists := s.stacks[st.Name]
		entry := r.stackEntry(s, st.Component, st.Name, observed, exists)
		r.stackEvents(s, entry)
		entries = append(entries, entry)
	}
	s.obj.Status.Stacks = entries
}

// release removes the finalizer, letting Kubernetes delete the object.
func (r *PantherDeploymentReconciler) release(ctx context.Context, s *scope) error {
	base := s.obj.DeepCopy()
	controllerutil.RemoveFinalizer(s.obj, deployv1alpha1.Finalizer)
	if err := r.Patch(ctx, s.obj, client.MergeFrom(base)); client.IgnoreNotFound(err) != nil {
		return err
	}
	s.finalized = true
	return errStop
}
