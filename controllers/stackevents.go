package controllers

import (
	"context"
	"time"

	"sigs.k8s.io/controller-runtime/pkg/client"

	deployv1alpha1 "github.com/panther-operator/panther-operator/api/v1alpha1"
	"github.com/panther-operator/panther-operator/internal/stackwatch"
)

// eventFallback is how many progress intervals apart a deployment is polled while the stack
// events of its account and region arrive: polling stays, slower, for events that are lost.
const eventFallback = 4

// changeSetFirstLook is how soon a change set just submitted is looked at: CloudFormation
// often prepares one within a second, and no event says when it has.
const changeSetFirstLook = 250 * time.Millisecond

// changeSetWait is how soon to look again at a change set CloudFormation is preparing: as
// long as it has taken so far, from changeSetFirstLook up to the progress interval. It is a
// backoff that needs no state of its own.
func changeSetWait(created, now time.Time, progress time.Duration) time.Duration {
	if created.IsZero() {
		return changeSetFirstLook
	}
	return min(max(now.Sub(created), changeSetFirstLook), progress)
}

// stackEventsKey is the account and region of a deployment, once it is known.
func stackEventsKey(s *scope) (stackwatch.Key, bool) {
	key := stackwatch.Key{Account: string(s.obj.Status.AccountID), Region: string(s.obj.Spec.Region)}
	return key, key.Account != "" && s.clients != nil && s.clients.StackEvents != nil
}

// trackStackEvents tells the watcher the deployment's stacks and whether it has work in
// progress, and reports whether the deployment may rely on the events of its account and
// region (and so be polled less often).
func (r *PantherDeploymentReconciler) trackStackEvents(s *scope, working bool) bool {
	key, ok := stackEventsKey(s)
	if r.StackEvents == nil || !ok {
		return false
	}
	names := make([]string, 0, len(s.obj.Status.Stacks))
	for _, entry := range s.obj.Status.Stacks {
		if entry.StackName != "" {
			names = append(names, entry.StackName)
		}
	}
	return r.StackEvents.Track(key, client.ObjectKeyFromObject(s.obj),
		s.clients.StackEvents, names, working)
}

// removeStackEvents deletes the stack events channel of the account and region when the
// deployment whose teardown is ending was the last one there.
func (r *PantherDeploymentReconciler) removeStackEvents(ctx context.Context, s *scope) error {
	key, ok := stackEventsKey(s)
	if r.StackEvents == nil || !ok {
		return nil
	}
	if !r.StackEvents.Forget(key, client.ObjectKeyFromObject(s.obj)) {
		return nil
	}
	// The watcher knows the deployments reconciled since the manager started; the cache
	// knows them all.
	others, err := r.deploymentsIn(ctx, key.Account, key.Region)
	if err != nil {
		return err
	}
	for i := range others {
		if others[i].UID != s.obj.UID {
			return nil
		}
	}
	if err := s.clients.StackEvents.Remove(ctx, key.Account); err != nil {
		return transient(deployv1alpha1.ReasonAWSError, err)
	}
	s.log.Info("Removed the stack events channel: no deployment is left in the account and region")
	return nil
}
