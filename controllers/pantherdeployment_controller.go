package controllers

import (
	"context"
	"errors"
	"fmt"
	"time"

	"k8s.io/client-go/tools/events"
	"k8s.io/utils/clock"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/builder"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/controller"
	"sigs.k8s.io/controller-runtime/pkg/controller/controllerutil"
	"sigs.k8s.io/controller-runtime/pkg/predicate"

	deployv1alpha1 "github.com/panther-operator/panther-operator/api/v1alpha1"
	"github.com/panther-operator/panther-operator/internal/cloud"
	"github.com/panther-operator/panther-operator/internal/metrics"
	"github.com/panther-operator/panther-operator/internal/stackwatch"
)

// Connector builds the AWS clients of a deployment; cloud.Factory is the real one.
type Connector interface {
	Clients(ctx context.Context, target cloud.Target) (*cloud.Clients, error)
}

// Intervals are the requeue periods of the reconciler.
type Intervals struct {
	// Progress is how soon to look again while stacks are in progress.
	Progress time.Duration
	// Settled is how soon to look again at a Ready deployment (jittered by up to 10 %).
	Settled time.Duration
	// Stalled is how soon to look again at a deployment a person must fix.
	Stalled time.Duration
	// RetryBase is the first wait before retrying a failed stack; it doubles per attempt.
	RetryBase time.Duration
}

// DefaultIntervals suit real AWS, where a stack takes minutes.
var DefaultIntervals = Intervals{
	Progress:  10 * time.Second,
	Settled:   10 * time.Minute,
	Stalled:   2 * time.Minute,
	RetryBase: 30 * time.Second,
}

// PantherDeploymentReconciler makes an AWS account match a PantherDeployment.
type PantherDeploymentReconciler struct {
	client.Client
	// APIReader reads Secrets and ConfigMaps straight from the API server, so that the
	// operator neither caches every Secret of the cluster nor needs to list them.
	APIReader client.Reader
	Recorder  events.EventRecorder
	Cloud     Connector
	Clock     clock.PassiveClock
	Intervals Intervals
	// MaxConcurrentReconciles bounds how many deployments are reconciled at once.
	MaxConcurrentReconciles int
	// StackEvents, when set, turns CloudFormation's stack status changes into reconciles
	// (docs/stack-events.md); nil means polling alone.
	StackEvents *stackwatch.Watcher

	releases releaseCache
	written  written
}

// +kubebuilder:rbac:groups=deploy.panther.io,resources=pantherdeployments,verbs=get;list;watch;update;patch
// +kubebuilder:rbac:groups=deploy.panther.io,resources=pantherdeployments/status,verbs=get;update;patch
// +kubebuilder:rbac:groups=deploy.panther.io,resources=pantherdeployments/finalizers,verbs=update
// +kubebuilder:rbac:groups="",resources=secrets;configmaps,verbs=get
// +kubebuilder:rbac:groups=events.k8s.io,resources=events,verbs=create;patch

// Reconcile gets the object, makes sure the finalizer is in place, and runs the ordered steps
// of a normal reconcile or a teardown under one deferred status patch.
func (r *PantherDeploymentReconciler) Reconcile(ctx context.Context, req ctrl.Request) (result ctrl.Result, retErr error) {
	obj := &deployv1alpha1.PantherDeployment{}
	if err := r.Get(ctx, req.NamespacedName, obj); err != nil {
		return ctrl.Result{}, client.IgnoreNotFound(err)
	}
	if r.written.stale(obj) {
		// The cache has not caught up with the last status patch yet.
		return ctrl.Result{RequeueAfter: staleRetry}, nil
	}
	deleting := !obj.DeletionTimestamp.IsZero()
	if !controllerutil.ContainsFinalizer(obj, deployv1alpha1.Finalizer) {
		if deleting {
			return ctrl.Result{}, nil
		}
		// The finalizer goes in first, alone, so that no AWS resource exists before it does;
		// once the API server has it, the same reconcile goes on.
		base := obj.DeepCopy()
		controllerutil.AddFinalizer(obj, deployv1alpha1.Finalizer)
		if err := r.Patch(ctx, obj, client.MergeFrom(base)); err != nil {
			return ctrl.Result{}, err
		}
	}

	s := &scope{obj: obj, log: ctrl.LoggerFrom(ctx), previous: *obj.Status.DeepCopy()}
	s.log.V(2).Info("Reconciling", "resourceVersion", obj.ResourceVersion)
	base := obj.DeepCopy()
	defer func() { result, retErr = r.finish(ctx, s, base, result, retErr) }()

	if deleting {
		return runSteps(ctx, s,
			step{"retain", r.retain}, step{"unclaimed", r.unclaimed}, step{"connect", r.connect},
			step{"observe", r.observe}, step{"teardown", r.teardown})
	}
	return runSteps(ctx, s,
		step{"suspend", r.suspend}, step{"connect", r.connect}, step{"claim", r.claim},
		step{"release", r.loadReleases}, step{"parameters", r.loadParameters}, step{"observe", r.observe},
		step{"apply", r.apply}, step{"drift", r.detectDrift}, step{"functions", r.checkFunctions})
}

// step is one stage of a reconcile; its name labels its duration metric.
type step struct {
	name string
	run  func(ctx context.Context, s *scope) (ctrl.Result, error)
}

// errStop ends a reconcile early without an error (for example while suspended).
var errStop = errors.New("stop")

// runSteps runs the steps in order, stops at the first error, and keeps the shortest requeue.
func runSteps(ctx context.Context, s *scope, steps ...step) (ctrl.Result, error) {
	var result ctrl.Result
	for _, st := range steps {
		start := time.Now()
		res, err := st.run(ctx, s)
		metrics.StepDuration.WithLabelValues(st.name).Observe(time.Since(start).Seconds())
		result = lowestRequeue(result, res)
		if errors.Is(err, errStop) {
			return result, nil
		}
		if err != nil {
			return result, err
		}
	}
	return result, nil
}

func lowestRequeue(a, b ctrl.Result) ctrl.Result {
	switch {
	case a.RequeueAfter == 0:
		return b
	case b.RequeueAfter == 0 || a.RequeueAfter < b.RequeueAfter:
		return a
	default:
		return b
	}
}

// SetupWithManager registers the reconciler. Status-only updates do not trigger it; spec,
// annotation (such as a reconcile request) and deletion changes do.
func (r *PantherDeploymentReconciler) SetupWithManager(mgr ctrl.Manager) error {
	if r.Clock == nil {
		r.Clock = clock.RealClock{}
	}
	if r.Intervals == (Intervals{}) {
		r.Intervals = DefaultIntervals
	}
	if err := mgr.GetFieldIndexer().IndexField(context.Background(), &deployv1alpha1.PantherDeployment{},
		accountRegionIndex, indexAccountRegion); err != nil {
		return fmt.Errorf("indexing the PantherDeployments by account and region: %w", err)
	}
	b := ctrl.NewControllerManagedBy(mgr).
		For(&deployv1alpha1.PantherDeployment{}, builder.WithPredicates(predicate.Or(
			predicate.GenerationChangedPredicate{}, predicate.AnnotationChangedPredicate{}))).
		WithOptions(controller.Options{MaxConcurrentReconciles: max(1, r.MaxConcurrentReconciles)}).
		Named("pantherdeployment")
	if r.StackEvents != nil {
		if err := mgr.Add(r.StackEvents); err != nil {
			return err
		}
		b = b.WatchesRawSource(r.StackEvents.Source())
	}
	return b.Complete(r)
}
