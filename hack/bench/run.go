package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/pprof"
	"strings"
	"time"

	"github.com/go-logr/logr"
	"k8s.io/client-go/kubernetes/scheme"
	"k8s.io/client-go/rest"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/envtest"
	logf "sigs.k8s.io/controller-runtime/pkg/log"

	"github.com/panther-operator/panther-operator/internal/localaws"
	"github.com/panther-operator/panther-operator/internal/localaws/admin"
	"github.com/panther-operator/panther-operator/internal/testenv"
)

// run starts the world, deploys the fleet, measures it and stops everything it started, in
// reverse order, whatever happens.
func run(ctx context.Context, opts options, mode string) (_ *report, err error) {
	// The envtest client logs through controller-runtime; the benchmark prints its own report.
	logf.SetLogger(logr.Discard())
	root := testenv.RepoRoot()
	tmp, err := os.MkdirTemp("", "panther-bench-")
	if err != nil {
		return nil, err
	}
	defer func() { _ = os.RemoveAll(tmp) }()

	managerBin, err := buildBinaries(ctx, root, tmp)
	if err != nil {
		return nil, err
	}

	step("Starting localaws (latency scale %g)", opts.latencyScale)
	aws, err := localaws.Start("127.0.0.1:0", localaws.Options{
		LatencyScale: opts.latencyScale, ZeroLatency: opts.latencyScale == 0,
		// Every account runs Panther's functions (custom resources, a pipeline function every
		// minute): warm for ten minutes, 500 accounts' instances would not fit in memory.
		FunctionIdleTimeout: 5 * time.Second,
	})
	if err != nil {
		return nil, err
	}
	defer func() { _ = aws.Close() }()

	step("Starting the control plane")
	env, err := testenv.Start()
	if err != nil {
		return nil, err
	}
	defer func() { _ = env.Stop() }()
	kubeconfig, err := writeKubeconfig(env, tmp)
	if err != nil {
		return nil, err
	}
	// The fleet is created and watched as fast as the API server takes it, not at client-go's
	// default five requests a second, which for 500 deployments took minutes on its own.
	cfg := rest.CopyConfig(env.Config)
	cfg.QPS, cfg.Burst = 500, 1000
	k8s, err := client.NewWithWatch(cfg, client.Options{Scheme: scheme.Scheme})
	if err != nil {
		return nil, err
	}

	step("Starting the manager as its own process (%s)", mode)
	mgr, err := startManager(ctx, managerBin, tmp, kubeconfig, aws.URL(), opts.requeueProgress, mode == modeEvents,
		strings.Fields(opts.managerArgs))
	if err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			mgr.printLogTail(os.Stderr, 20)
		}
		mgr.stop()
		if opts.managerLog != "" {
			if copyErr := copyFile(mgr.logPath, opts.managerLog+"."+mode); copyErr != nil && err == nil {
				err = fmt.Errorf("copying the manager's log: %w", copyErr)
			}
		}
	}()

	f := newFleet(opts.n, k8s, aws.URL())
	step("Publishing the release once, and making %d namespaces with their credentials", opts.n)
	if err := f.prepare(ctx, tmp); err != nil {
		return nil, err
	}

	m, err := measure(ctx, f, mgr, opts, mode)
	if err != nil {
		return nil, err
	}
	records, err := admin.New(aws.URL()).Requests(ctx)
	if err != nil {
		return nil, err
	}
	step("Reading the stack events of %d deployments", opts.n)
	paths, err := f.criticalPaths(ctx)
	if err != nil {
		return nil, err
	}
	rep := newReport(opts, f, m, records, paths)
	rep.Mode = mode
	return rep, nil
}

// buildBinaries builds the control plane (when KUBEBUILDER_ASSETS does not name one) and the
// manager, and returns the manager's path.
func buildBinaries(ctx context.Context, root, tmp string) (string, error) {
	if os.Getenv("KUBEBUILDER_ASSETS") == "" {
		step("Building the control plane if needed (hack/envtest-assets.sh; minutes the first time)")
		assets, err := output(ctx, root, filepath.Join(root, "hack", "envtest-assets.sh"))
		if err != nil {
			return "", fmt.Errorf("hack/envtest-assets.sh: %w", err)
		}
		if err := os.Setenv("KUBEBUILDER_ASSETS", assets); err != nil {
			return "", err
		}
	}
	step("Building the manager")
	managerBin := filepath.Join(tmp, "manager")
	if _, err := output(ctx, root, "go", "build", "-o", managerBin, "./cmd/manager"); err != nil {
		return "", fmt.Errorf("building the manager: %w", err)
	}
	return managerBin, nil
}

// writeKubeconfig adds a cluster admin and writes its kubeconfig, which the manager process
// reads as any operator deployment outside the cluster would.
func writeKubeconfig(env *envtest.Environment, dir string) (string, error) {
	user, err := env.AddUser(envtest.User{Name: "bench-admin", Groups: []string{"system:masters"}}, nil)
	if err != nil {
		return "", err
	}
	data, err := user.KubeConfig()
	if err != nil {
		return "", err
	}
	path := filepath.Join(dir, "kubeconfig")
	return path, os.WriteFile(path, data, 0o600)
}

func copyFile(from, to string) error {
	data, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	return os.WriteFile(to, data, 0o600)
}

// output runs a command in dir and returns its trimmed standard output.
func output(ctx context.Context, dir, name string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	return strings.TrimSpace(string(out)), err
}

// timings are the moments the measurement is cut at.
type timings struct {
	start       time.Time     // the first PantherDeployment is created
	creating    time.Duration // until the last one was
	allReady    time.Time     // the last one is seen Ready
	settled     time.Time     // every stack's first drift check has finished
	windowStart time.Time
	windowEnd   time.Time
	resync      time.Time // every deployment is asked for one reconcile
	peakRSS     int64     // bytes
	// cpu is the CPU seconds each process used from the first creation to all Ready.
	cpu map[string]float64
	// manager is where the manager's reconciles spent their time until all were Ready.
	manager managerTimes
}

// measure creates the fleet and cuts the timeline: deploy, first drift check, the quiet
// window, one requested resync. The manager's peak RSS is read while it still runs.
func measure(ctx context.Context, f *fleet, mgr *manager, opts options, mode string) (timings, error) {
	var t timings
	step("Creating %d PantherDeployments", opts.n)
	t.start = time.Now()
	cpuAtStart, err := sampleCPU()
	if err != nil {
		return t, fmt.Errorf("reading the processes' CPU time: %w", err)
	}
	stopProfile, err := startCPUProfile(opts.cpuProfile, mode)
	if err != nil {
		return t, err
	}
	if t.creating, err = f.create(ctx); err != nil {
		stopProfile()
		return t, err
	}
	step("Waiting until all are Ready (at most %s)", opts.readyTimeout)
	err = f.waitReady(ctx, mgr, opts.readyTimeout)
	stopProfile()
	if err != nil {
		return t, err
	}
	t.allReady = time.Now()
	cpuAtReady, err := sampleCPU()
	if err != nil {
		return t, fmt.Errorf("reading the processes' CPU time: %w", err)
	}
	t.cpu = cpuAtReady.since(cpuAtStart)
	if t.manager, err = scrapeManager(ctx, mgr.metricsAddr); err != nil {
		return t, err
	}
	step("All Ready after %s; waiting for the first drift check of every stack", t.allReady.Sub(t.start).Round(time.Second))
	if err := f.waitSettled(ctx, mgr, 3*time.Minute); err != nil {
		return t, err
	}
	t.settled = time.Now()

	step("Observing the settled fleet for %s", opts.window)
	t.windowStart = time.Now()
	if err := sleep(ctx, mgr, opts.window); err != nil {
		return t, err
	}
	t.windowEnd = time.Now()

	step("Asking every deployment for one reconcile, to count the calls of a settled resync")
	t.resync = time.Now()
	if err := f.requestResync(ctx, mgr); errors.Is(err, errResyncIncomplete) {
		// The deploy's figures stand; the resync's count is then partial, and said to be.
		step("Warning: %v; the resync calls are counted as far as they went", err)
	} else if err != nil {
		return t, err
	}
	rss, err := peakRSS(mgr.pid())
	if err != nil {
		return t, fmt.Errorf("reading the manager's peak RSS: %w", err)
	}
	t.peakRSS = rss
	return t, nil
}

// startCPUProfile profiles the benchmark's process, localaws included, until the returned
// function is called; an empty path profiles nothing.
func startCPUProfile(path, mode string) (stop func(), err error) {
	if path == "" {
		return func() {}, nil
	}
	f, err := os.Create(path + "." + mode)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		_ = f.Close()
		return nil, err
	}
	return func() {
		pprof.StopCPUProfile()
		_ = f.Close()
	}, nil
}

// sleep waits for d unless the benchmark is interrupted or the manager dies.
func sleep(ctx context.Context, mgr *manager, d time.Duration) error {
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-timer.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	case <-mgr.done:
		return mgr.exitError()
	}
}
