package controllers

import (
	"context"
	"fmt"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"

	deployv1alpha1 "github.com/panther-operator/panther-operator/api/v1alpha1"
)

// claim makes sure no older PantherDeployment manages Panther in the same account and region:
// Panther's fixed resource names allow one installation per account and region, so the later
// deployment stalls before its first mutating call and the earlier one is left alone. A
// deployment being torn down keeps its claim until it is gone, so that no newer one builds
// where the teardown is still cleaning up. The first successful claim is recorded in
// status.claimedAt.
func (r *PantherDeploymentReconciler) claim(ctx context.Context, s *scope) (ctrl.Result, error) {
	account, region := string(s.obj.Status.AccountID), string(s.obj.Spec.Region)
	rivals, err := r.deploymentsIn(ctx, account, region)
	if err != nil {
		return ctrl.Result{}, err
	}
	for i := range rivals {
		other := &rivals[i]
		if other.UID != s.obj.UID && olderThan(other, s.obj) {
			return ctrl.Result{}, stalled(deployv1alpha1.ReasonConflict,
				"PantherDeployment %s/%s already manages Panther in account %s, region %s; Panther allows one per account and region: delete one of them",
				other.Namespace, other.Name, account, region)
		}
	}
	if s.obj.Status.ClaimedAt == nil {
		now := metav1.NewTime(r.Clock.Now())
		s.obj.Status.ClaimedAt = &now
	}
	return ctrl.Result{}, nil
}

// unclaimed releases, without a single AWS call, a deployment being deleted that never
// claimed its account and region (one that lost a Conflict, say): whatever is there belongs
// to another deployment or to no one.
func (r *PantherDeploymentReconciler) unclaimed(ctx context.Context, s *scope) (ctrl.Result, error) {
	if s.obj.Status.ClaimedAt != nil || hasSeenStacks(s.obj) {
		return ctrl.Result{}, nil
	}
	s.log.Info("Releasing a deployment that never claimed its account and region")
	return ctrl.Result{}, r.release(ctx, s)
}

// hasSeenStacks reports whether the deployment ever recorded a stack, which only a deployment
// that held the claim does; it keeps deployments from before status.claimedAt existed safe.
func hasSeenStacks(obj *deployv1alpha1.PantherDeployment) bool {
	for _, e := range obj.Status.Stacks {
		if e.StackID != "" || e.Resources != nil {
			return true
		}
	}
	return false
}

// accountRegionIndex indexes the cached deployments by the account and region they manage
// Panther in: a claim then reads its rivals alone, where listing copied every deployment of
// the fleet out of the cache on every reconcile.
const accountRegionIndex = "deploy.panther.io/account-region"

// indexAccountRegion is a deployment's account and region: the account its credentials
// resolved to, or before that the one its spec names; none while both are unknown.
func indexAccountRegion(obj client.Object) []string {
	pd, ok := obj.(*deployv1alpha1.PantherDeployment)
	if !ok {
		return nil
	}
	account := string(pd.Status.AccountID)
	if account == "" {
		account = pd.Spec.AccountID
	}
	if account == "" {
		return nil
	}
	return []string{account + "/" + string(pd.Spec.Region)}
}

// deploymentsIn lists the cached deployments of an account and region, this one included.
func (r *PantherDeploymentReconciler) deploymentsIn(ctx context.Context, account, region string) ([]deployv1alpha1.PantherDeployment, error) {
	list := &deployv1alpha1.PantherDeploymentList{}
	if err := r.List(ctx, list, client.MatchingFields{accountRegionIndex: account + "/" + region}); err != nil {
		return nil, fmt.Errorf("listing the PantherDeployments of account %s, region %s: %w", account, region, err)
	}
	return list.Items, nil
}

// olderThan orders deployments by creation, then by UID, so that exactly one of two wins.
func olderThan(a, b *deployv1alpha1.PantherDeployment) bool {
	if !a.CreationTimestamp.Equal(&b.CreationTimestamp) {
		return a.CreationTimestamp.Before(&b.CreationTimestamp)
	}
	return a.UID < b.UID
}
