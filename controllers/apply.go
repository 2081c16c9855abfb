package controllers

import (
	"context"
	"strings"

	ctrl "sigs.k8s.io/controller-runtime"

	deployv1alpha1 "github.com/panther-operator/panther-operator/api/v1alpha1"
	"github.com/panther-operator/panther-operator/internal/cloud"
	"github.com/panther-operator/panther-operator/internal/panther"
)

// apply walks the stacks in dependency order and acts on each whose dependencies are
// complete: create, update, recover, or delete it when disabled. Every call returns at once;
// the next reconcile sees the result. A problem with one stack does not stop the others.
func (r *PantherDeploymentReconciler) apply(ctx context.Context, s *scope) (ctrl.Result, error) {
	if s.obj.Spec.Mode == deployv1alpha1.ModeRoot {
		return r.applyRoot(ctx, s)
	}
	outputs := map[panther.Component]map[string]string{}
	done := map[panther.Component]bool{}
	entries := make([]deployv1alpha1.StackStatus, 0, len(panther.Components()))
	var result ctrl.Result
	var firstErr error

	enabled := func(c panther.Component) bool { return wanted(s.obj, c) }
	for _, c := range panther.Components() {
		catalogStack, _ := panther.Lookup(c)
		observed, exists := s.stacks[catalogStack.Name]
		entry := r.stackEntry(s, c, catalogStack.Name, observed, exists)

		var res ctrl.Result
		var err error
		need, needDisabled := panther.DisabledNeed(c, enabled)
		switch {
		case !enabled(c):
			res, err = r.removeStack(ctx, s, catalogStack, observed, exists, &entry)
			done[c] = !exists
		case needDisabled:
			// The API server refuses such a spec; one that got past it (an older CRD) can
			// never deploy, so it stalls at once instead of waiting for ever.
			err = stalled(deployv1alpha1.ReasonStackDependencyDisabled,
				"stacks.%s needs stacks.%s, which the spec disables: enable stacks.%s or disable stacks.%s",
				c, need, need, c)
		case !panther.PredecessorsDone(c, done, enabled):
			// Untouched until every stack it waits for is complete; a change set held for
			// approval earlier is approved again once its turn comes.
			entry.PendingChangeDetail = nil
		default:
			var complete bool
			if complete, res, err = r.ensureEnabled(ctx, s, c, observed, exists, outputs, &entry); complete {
				done[c] = true
				outputs[c] = observed.Outputs
			}
		}
		result = lowestRequeue(result, res)
		if err != nil && firstErr == nil {
			firstErr = err
		}
		r.stackEvents(s, entry)
		if done[c] {
			entry.Failure = nil // reported as recovered; the failure is history now
		}
		entries = append(entries, entry)
	}

	// Ready means every wanted stack is done; one that is neither done nor moving (say, its
	// dependency failed) keeps the deployment from reading as Ready.
	for _, c := range panther.Components() {
		if wanted(s.obj, c) && !done[c] && firstErr == nil && len(s.progress) == 0 && len(s.awaiting) == 0 {
			st, _ := panther.Lookup(c)
			s.working("waiting for " + st.Name)
		}
	}
	s.obj.Status.Stacks = entries
	s.obj.Status.Outputs = mergedOutputs(s.stacks)
	if url := s.obj.Status.Outputs["LoadBalancerUrl"]; url != "" {
		s.obj.Status.URL = withScheme(url)
	}
	if firstErr == nil && len(s.progress) == 0 && len(s.awaiting) == 0 {
		s.obj.Status.Version = s.obj.Spec.Version
	}
	return result, firstErr
}

// ensureEnabled moves an enabled stack whose predecessors are done towards its desired state,
// and records the resources that outlive it once it is there.
func (r *PantherDeploymentReconciler) ensureEnabled(ctx context.Context, s *scope, c panther.Component,
	observed cloud.Stack, exists bool, outputs map[panther.Component]map[string]string, entry *deployv1alpha1.StackStatus,
) (bool, ctrl.Result, error) {
	desired, err := r.desiredState(ctx, s, c, outputs)
	if err != nil {
		return false, ctrl.Result{}, err
	}
	complete, res, err := r.ensureStack(ctx, s, desired, observed, exists, entry)
	if complete && err == nil {
		err = r.recordResources(ctx, s, observed, entry, false)
	}
	return complete && err == nil, res, err
}

// removeStack deletes a disabled stack once every stack that needs it is gone. A stack that
// needs it and is still enabled stalls the deployment (see apply), so the removal waits
// without reporting progress that cannot come.
func (r *PantherDeploymentReconciler) removeStack(ctx context.Context, s *scope, st panther.Stack,
	observed cloud.Stack, exists bool, entry *deployv1alpha1.StackStatus,
) (ctrl.Result, error) {
	if !exists || !ownedBy(observed, s.obj) {
		return ctrl.Result{}, nil // never act on what the deployment does not own
	}
	if observed.Status.Deleting() {
		s.working("deleting " + st.Name)
		return ctrl.Result{}, nil
	}
	for _, c := range panther.Dependents(st.Component) {
		dependent, _ := panther.Lookup(c)
		if _, present := s.stacks[dependent.Name]; present {
			if !wanted(s.obj, c) {
				s.working("waiting for " + dependent.Name + " to go before deleting " + st.Name)
			}
			return ctrl.Result{}, nil
		}
	}
	if err := r.recordResources(ctx, s, observed, entry, true); err != nil {
		return ctrl.Result{}, err
	}
	if err := s.clients.Stacks.Delete(ctx, st.Name, s.obj.Spec.CloudFormationRoleARN); err != nil {
		return ctrl.Result{}, transient(deployv1alpha1.ReasonAWSError, err)
	}
	entry.Status, entry.Reason = string(cloud.StatusDeleteInProgress), "Disabled in the spec"
	s.working("deleting " + st.Name)
	return ctrl.Result{}, nil
}

// mergedOutputs merges the outputs of every stack, in catalog order.
func mergedOutputs(stacks map[string]cloud.Stack) map[string]string {
	merged := map[string]string{}
	for _, st := range panther.Stacks() {
		for k, v := range stacks[st.Name].Outputs {
			merged[k] = v
		}
	}
	if len(merged) == 0 {
		return nil
	}
	return merged
}

func withScheme(url string) string {
	if strings.HasPrefix(url, "https://") || strings.HasPrefix(url, "http://") {
		return url
	}
	return "https://" + url
}
