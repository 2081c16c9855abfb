// Command manager runs the Panther operator: the controller-runtime manager that reconciles
// PantherDeployments into CloudFormation stacks.
package main

import (
	"flag"
	"os"
	"strings"

	"k8s.io/apimachinery/pkg/runtime"
	utilruntime "k8s.io/apimachinery/pkg/util/runtime"
	clientgoscheme "k8s.io/client-go/kubernetes/scheme"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/cache"
	"sigs.k8s.io/controller-runtime/pkg/healthz"
	"sigs.k8s.io/controller-runtime/pkg/log/zap"
	metricsserver "sigs.k8s.io/controller-runtime/pkg/metrics/server"

	deployv1alpha1 "github.com/panther-operator/panther-operator/api/v1alpha1"
	"github.com/panther-operator/panther-operator/controllers"
	"github.com/panther-operator/panther-operator/internal/cloud"
)

// options are the manager's command-line settings.
type options struct {
	metricsAddr      string
	probeAddr        string
	pprofAddr        string
	leaderElect      bool
	leaderElectionID string
	watchNamespaces  string
	maxConcurrent    int
	awsRate          float64
	awsBurst         int
	stackEvents      bool
	awsMaxAttempts   int
	intervals        controllers.Intervals
}

func main() {
	var opts options
	flag.StringVar(&opts.metricsAddr, "metrics-bind-address", ":8080",
		"Address the Prometheus metrics endpoint binds to; 0 turns it off.")
	flag.StringVar(&opts.probeAddr, "health-probe-bind-address", ":8081",
		"Address the /healthz and /readyz endpoints bind to.")
	flag.StringVar(&opts.pprofAddr, "pprof-bind-address", "",
		"Address Go's /debug/pprof profiles bind to, for finding where time and memory go; empty (the default) turns them off.")
	flag.BoolVar(&opts.leaderElect, "leader-elect", false,
		"Elect a leader so that only one replica reconciles at a time.")
	flag.StringVar(&opts.leaderElectionID, "leader-election-id", "panther-operator.deploy.panther.io",
		"Name of the Lease that holds leadership.")
	flag.StringVar(&opts.watchNamespaces, "watch-namespaces", "",
		"Comma-separated namespaces to watch; empty watches all namespaces.")
	// A reconcile spends its time waiting on AWS and the API server, and each account's AWS
	// calls have their own limit (--aws-requests-per-second): at 4 the workqueue, not the API
	// server, held a 50-deployment fleet back (docs/development.md, the fleet benchmark).
	flag.IntVar(&opts.maxConcurrent, "max-concurrent-reconciles", 16,
		"How many PantherDeployments are reconciled at once.")
	flag.Float64Var(&opts.awsRate, "aws-requests-per-second", 10,
		"Token-bucket limit of the AWS calls made with one identity in one region; 0 turns it off.")
	flag.IntVar(&opts.awsBurst, "aws-burst", 20, "Burst of the AWS call limit.")
	flag.BoolVar(&opts.stackEvents, "stack-events", true,
		"Learn of stack progress from CloudFormation's status change events through an EventBridge rule and an SQS "+
			"queue per account and region (panther-operator-stack-events), polling less often; false: poll alone.")
	flag.IntVar(&opts.awsMaxAttempts, "aws-max-attempts", 8,
		"Attempts of one AWS call by the SDK's adaptive retryer before the reconcile backs off.")
	opts.intervals = controllers.DefaultIntervals
	flag.DurationVar(&opts.intervals.Progress, "requeue-progress", opts.intervals.Progress,
		"How soon to look again while stacks are in progress.")
	flag.DurationVar(&opts.intervals.Settled, "requeue-settled", opts.intervals.Settled,
		"How soon to look again at a Ready deployment (jittered).")
	flag.DurationVar(&opts.intervals.Stalled, "requeue-stalled", opts.intervals.Stalled,
		"How soon to look again at a deployment a person must fix.")
	flag.DurationVar(&opts.intervals.RetryBase, "retry-base", opts.intervals.RetryBase,
		"The first wait before retrying a failed stack; it doubles per attempt.")
	zapOpts := zap.Options{}
	zapOpts.BindFlags(flag.CommandLine)
	flag.Parse()

	ctrl.SetLogger(zap.New(zap.UseFlagOptions(&zapOpts)))
	log := ctrl.Log.WithName("setup")

	mgr, err := ctrl.NewManager(ctrl.GetConfigOrDie(), managerOptions(opts))
	if err != nil {
		log.Error(err, "Unable to create the manager")
		os.Exit(1)
	}
	if _, err := controllers.New(mgr, controllers.Options{
		Cloud: &cloud.Factory{
			RequestsPerSecond: opts.awsRate, Burst: opts.awsBurst, MaxAttempts: opts.awsMaxAttempts,
		},
		MaxConcurrentReconciles: opts.maxConcurrent,
		Intervals:               opts.intervals,
		PollOnly:                !opts.stackEvents,
	}); err != nil {
		log.Error(err, "Unable to set up the PantherDeployment controller")
		os.Exit(1)
	}
	if err := mgr.AddHealthzCheck("healthz", healthz.Ping); err != nil {
		log.Error(err, "Unable to add the health check")
		os.Exit(1)
	}
	if err := mgr.AddReadyzCheck("readyz", healthz.Ping); err != nil {
		log.Error(err, "Unable to add the readiness check")
		os.Exit(1)
	}

	log.Info("Starting the manager")
	// SetupSignalHandler cancels the context on SIGTERM or SIGINT; the manager then stops its
	// controllers, waits for running reconciles and releases leadership before returning.
	if err := mgr.Start(ctrl.SetupSignalHandler()); err != nil {
		log.Error(err, "The manager stopped with an error")
		os.Exit(1)
	}
}

// newScheme registers the API types the manager reads and writes.
func newScheme() *runtime.Scheme {
	scheme := runtime.NewScheme()
	utilruntime.Must(clientgoscheme.AddToScheme(scheme))
	utilruntime.Must(deployv1alpha1.AddToScheme(scheme))
	return scheme
}

func managerOptions(opts options) ctrl.Options {
	mgrOpts := ctrl.Options{
		Scheme:                        newScheme(),
		Metrics:                       metricsserver.Options{BindAddress: opts.metricsAddr},
		HealthProbeBindAddress:        opts.probeAddr,
		PprofBindAddress:              opts.pprofAddr,
		LeaderElection:                opts.leaderElect,
		LeaderElectionID:              opts.leaderElectionID,
		LeaderElectionReleaseOnCancel: true,
	}
	if namespaces := splitNamespaces(opts.watchNamespaces); len(namespaces) > 0 {
		mgrOpts.Cache.DefaultNamespaces = make(map[string]cache.Config, len(namespaces))
		for _, ns := range namespaces {
			mgrOpts.Cache.DefaultNamespaces[ns] = cache.Config{}
		}
	}
	return mgrOpts
}

// splitNamespaces turns "a, b,,c" into [a b c].
func splitNamespaces(list string) []string {
	var out []string
	for _, ns := range strings.Split(list, ",") {
		if ns = strings.TrimSpace(ns); ns != "" {
			out = append(out, ns)
		}
	}
	return out
}
