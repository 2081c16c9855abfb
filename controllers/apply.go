package controllers

import (
	"context"
	"slices"
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

	for _, c := range panther.Components() {
		catalogStack, _ := panther.Lookup(c)
		observed, exists := s.stacks[catalogStack.Name]
		entry := r.stackEntry(s, c, catalogStack.Name, observed, exists)

		var res ctrl.Result
		var err error
		switch {
		case !wanted(s.obj, c):
			res, err = r.removeStack(ctx, s, catalogStack, observed, exists, &entry)
			done[c] = !exists
		case !dependenciesDone(catalogStack, done):
			// Untouched until every stack it needs is complete.
		default:
			var complete bool
			var desired desiredStack
			if desired, err = r.desiredState(ctx, s, c, outputs); err == nil {
				complete, res, err = r.ensureStack(ctx, s, desired, observed, exists, &entry)
			}
			if complete {
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
		if wanted(s.obj, c) && !done[c] && firstErr == nil && len(s.progress) == 0 {
			st, _ := panther.Lookup(c)
			s.working("waiting for " + st.Name)
		}
	}
	s.obj.Status.Stacks = entries
	s.obj.Status.Outputs = mergedOutputs(s.stacks)
	if url := s.obj.Status.Outputs["LoadBalancerUrl"]; url != "" {
		s.obj.Status.URL = withScheme(url)
	}
	if firstErr == nil && len(s.progress) == 0 {
		s.obj.Status.Version = s.obj.Spec.Version
	}
	return result, firstErr
}

func dependenciesDone(st panther.Stack, done map[panther.Component]bool) bool {
	for _, dep := range st.DependsOn {
		if !done[dep] {
			return false
		}
	}
	return true
}

// removeStack deletes a disabled stack once every stack that depends on it is gone.
func (r *PantherDeploymentReconciler) removeStack(ctx context.Context, s *scope, st panther.Stack,
	observed cloud.Stack, exists bool, entry *deployv1alpha1.StackStatus,
) (ctrl.Result, error) {
	if !exists || !ownedBy(observed, s.obj) {
		return ctrl.Result{}, nil // never act on what the deployment does not own
	}
	if observed.Status == "DELETE_IN_PROGRESS" {
		s.working("deleting " + st.Name)
		return ctrl.Result{}, nil
	}
	for _, other := range panther.Stacks() {
		if slices.Contains(other.DependsOn, st.Component) {
			if _, present := s.stacks[other.Name]; present {
				s.working("waiting for " + other.Name + " to go before deleting " + st.Name)
				return ctrl.Result{}, nil
			}
		}
	}
	if err := s.clients.Stacks.Delete(ctx, st.Name, s.obj.Spec.CloudFormationRoleARN); err != nil {
		return ctrl.Result{}, transient(deployv1alpha1.ReasonAWSError, err)
	}
	entry.Status, entry.Reason = "DELETE_IN_PROGRESS", "Disabled in the spec"
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
