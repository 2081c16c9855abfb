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
	// eventsLive says that the stack events of the deployment's account and region arrive.
	eventsLive bool
	// awaiting names the stacks whose change sets are held for approval (spec.approval
	// Manual) in this reconcile.
	awaiting []string
	// suspended is set when spec.suspend stopped the reconcile.
	suspended bool
	// finalized is set once the finalizer is removed and the object may be gone.
	finalized bool
	// notes are the events of this reconcile, grouped by reason (see note).
	notes []eventNote
	// previous is the status at the start of the reconcile, to report transitions.
	previous deployv1alpha1.PantherDeploymentStatus
}

// working records that a stack is in progress.
func (s *scope) working(what string) {
	s.progress = append(s.progress, what)
}

// eventNote is one event to record at the end of the reconcile.
type eventNote struct {
	eventType, reason, action string
	messages                  []string
}

// note queues an event. Notes of one reason are recorded as one event at the end of the
// reconcile: a deployment changes many stacks at once, and Kubernetes drops the events of an
// object that records too many in a short time.
func (s *scope) note(eventType, reason, action, message string) {
	for i := range s.notes {
		if s.notes[i].reason == reason {
			s.notes[i].messages = append(s.notes[i].messages, message)
			return
		}
	}
	s.notes = append(s.notes, eventNote{eventType: eventType, reason: reason, action: action, messages: []string{message}})
}
