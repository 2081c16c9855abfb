package controllers

import (
	"k8s.io/utils/clock"
	ctrl "sigs.k8s.io/controller-runtime"

	"github.com/panther-operator/panther-operator/internal/cloud"
	"github.com/panther-operator/panther-operator/internal/stackwatch"
)

// EventSource is the name the operator records its events under.
const EventSource = "panther-operator"

// Options configure the PantherDeployment controller. The zero value suits production.
type Options struct {
	// Cloud builds the AWS clients; nil means a cloud.Factory with default settings.
	Cloud Connector
	// Clock tells the time; nil means the real clock. Tests move it forward.
	Clock clock.PassiveClock
	// Intervals are the requeue periods; the zero value means DefaultIntervals.
	Intervals Intervals
	// MaxConcurrentReconciles bounds how many deployments are reconciled at once (at least 1).
	MaxConcurrentReconciles int
	// PollOnly switches the stack events off: the operator learns of stack progress by
	// polling alone, and creates no queue or rule (docs/stack-events.md).
	PollOnly bool
}

// New builds the PantherDeployment reconciler on the manager's clients and registers it with
// the manager. The manager binary, the local demo and the test suites all start the operator
// through it, so that they run the same controller.
func New(mgr ctrl.Manager, opts Options) (*PantherDeploymentReconciler, error) {
	if opts.Cloud == nil {
		opts.Cloud = &cloud.Factory{}
	}
	r := &PantherDeploymentReconciler{
		Client:                  mgr.GetClient(),
		APIReader:               mgr.GetAPIReader(),
		Recorder:                mgr.GetEventRecorder(EventSource),
		Cloud:                   opts.Cloud,
		Clock:                   opts.Clock,
		Intervals:               opts.Intervals,
		MaxConcurrentReconciles: opts.MaxConcurrentReconciles,
	}
	if !opts.PollOnly {
		r.StackEvents = stackwatch.New(mgr.GetLogger().WithName("stack-events"))
	}
	if err := r.SetupWithManager(mgr); err != nil {
		return nil, err
	}
	return r, nil
}
