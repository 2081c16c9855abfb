package controllers

import (
	"context"

	ctrl "sigs.k8s.io/controller-runtime"

	deployv1alpha1 "github.com/panther-operator/panther-operator/api/v1alpha1"
)

// claim makes sure no older PantherDeployment manages Panther in the same account and region:
// Panther's fixed resource names allow one installation per account and region, so the later
// deployment stalls before its first mutating call and the earlier one is left alone.
func (r *PantherDeploymentReconciler) claim(ctx context.Context, s *scope) (ctrl.Result, error) {
	list := &deployv1alpha1.PantherDeploymentList{}
	if err := r.List(ctx, list); err != nil {
		return ctrl.Result{}, err
	}
	account, region := s.obj.Status.AccountID, s.obj.Spec.Region
	for i := range list.Items {
		other := &list.Items[i]
		if other.UID == s.obj.UID || other.Spec.Region != region || !other.DeletionTimestamp.IsZero() {
			continue
		}
		otherAccount := other.Status.AccountID
		if otherAccount == "" {
			otherAccount = other.Spec.AccountID
		}
		if otherAccount == account && olderThan(other, s.obj) {
			return ctrl.Result{}, stalled(deployv1alpha1.ReasonConflict,
				"PantherDeployment %s/%s already manages Panther in account %s, region %s; Panther allows one per account and region: delete one of them",
				other.Namespace, other.Name, account, region)
		}
	}
	return ctrl.Result{}, nil
}

// olderThan orders deployments by creation, then by UID, so that exactly one of two wins.
func olderThan(a, b *deployv1alpha1.PantherDeployment) bool {
	if !a.CreationTimestamp.Equal(&b.CreationTimestamp) {
		return a.CreationTimestamp.Before(&b.CreationTimestamp)
	}
	return a.UID < b.UID
}
