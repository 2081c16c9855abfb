package controllers

import (
	"github.com/go-logr/logr"

	deployv1alpha1 "github.com/panther-operator/panther-operator/api/v1alpha1"
	"github.com/panther-operator/panther-operator/internal/cloud"
	"github.com/panther-operator/panther-operator/internal/panther"
)

// scope is what the steps of one reconcile share: the object, the AWS clients and what the
// earlier steps found.
type scope struct {
	obj *deployv1alpha1.PantherDeployment
	log logr.Logger

	clients *cloud.Clients
	// manifests holds the release manifest of every version in use, by version.
	manifests map[string]*panther.Manifest
	// sources are the parameter sets read from spec.parametersFrom, in order.
	sources []sourcedParameters
	// stacks is what DescribeStacks said of the deployment's stacks, by stack name.
	stacks map[string]cloud.Stack

	// progress names the stacks being created, updated or deleted in this reconcile.
	progress []string
	// suspended is set when spec.suspend stopped the reconcile.
	suspended bool
	// finalized is set once the finalizer is removed and the object may be gone.
	finalized bool
	// previous is the status at the start of the reconcile, to report transitions.
	previous deployv1alpha1.PantherDeploymentStatus
}

// working records that a stack is in progress.
func (s *scope) working(what string) {
	s.progress = append(s.progress, what)
}
