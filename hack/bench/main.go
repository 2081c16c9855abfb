// Command bench is the fleet benchmark behind `make bench`. It starts a real API server and
// localaws in-process, runs the real manager binary as a separate process, deploys N
// PantherDeployments, each in its own namespace and localaws account, and reports how long the
// fleet takes to become Ready against the critical-path CloudFormation time, the AWS calls per
// deployment for the deploy and in steady state, and the manager's peak RSS. It is a
// benchmark, never a test: nothing asserts on its figures. Ctrl-C stops everything it started.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"
)

// options are the benchmark's command-line settings.
type options struct {
	requeueProgress time.Duration
	n               int
	latencyScale    float64
	window          time.Duration
	readyTimeout    time.Duration
	jsonOut         bool
	modes           []string
	// managerLog, when set, is where the manager's log is copied, one file per mode.
	managerLog string
	// managerArgs are more flags for the manager, such as its log level.
	managerArgs string
	// cpuProfile, when set, is where the benchmark's own CPU profile of the deploy is written
	// (localaws runs in its process), one file per mode.
	cpuProfile string
}

// The ways the manager can learn of stack progress; one run measures each mode asked for.
const (
	modeEvents  = "events"
	modePolling = "polling"
)

var modeTitles = map[string]string{
	modeEvents:  "stack events (the default)",
	modePolling: "polling alone (--stack-events=false)",
}

func main() {
	var opts options
	flag.IntVar(&opts.n, "n", 50, "PantherDeployments to create, each in its own namespace and localaws account")
	flag.Float64Var(&opts.latencyScale, "latency-scale", 12,
		"localaws provisioning latency scale; 12 makes one Panther stack take a few seconds (1 to 4)")
	flag.DurationVar(&opts.window, "window", time.Minute, "how long to observe the settled fleet")
	flag.DurationVar(&opts.readyTimeout, "timeout", 6*time.Minute, "how long the fleet may take to become Ready")
	flag.BoolVar(&opts.jsonOut, "json", false, "print the report as JSON")
	flag.DurationVar(&opts.requeueProgress, "requeue-progress", 2*time.Second,
		"the manager's --requeue-progress: how soon it looks again at stacks in progress (10s on real AWS)")
	flag.StringVar(&opts.managerLog, "manager-log", "",
		"copy the manager's log to this path, with the mode appended (PATH.events, PATH.polling), to see where the time went")
	flag.StringVar(&opts.managerArgs, "manager-args", "",
		"more flags for the manager, separated by spaces, e.g. \"--zap-log-level=debug --zap-time-encoding=rfc3339nano\"")
	flag.StringVar(&opts.cpuProfile, "cpuprofile", "",
		"write a CPU profile of localaws (it runs in the benchmark's process) from the first creation to all Ready to this path, with the mode appended")
	modes := flag.String("modes", modeEvents+","+modePolling,
		"how the manager learns of stack progress, one fleet each, in order: events (the default), polling (--stack-events=false)")
	flag.Parse()
	opts.modes = strings.Split(*modes, ",")
	if opts.n < 1 || opts.window <= 0 {
		fmt.Fprintln(os.Stderr, "bench: -n must be at least 1 and -window positive")
		os.Exit(2)
	}
	for _, m := range opts.modes {
		if modeTitles[m] == "" {
			fmt.Fprintf(os.Stderr, "bench: -modes: unknown mode %q: use events, polling or both (events,polling)\n", m)
			os.Exit(2)
		}
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	var reports []*report
	var err error
	for _, mode := range opts.modes {
		var rep *report
		if rep, err = run(ctx, opts, mode); err != nil {
			break
		}
		reports = append(reports, rep)
	}
	interrupted := ctx.Err() != nil
	stop()
	switch {
	case err != nil && interrupted && errors.Is(err, context.Canceled):
		fmt.Fprintln(os.Stderr, "bench: interrupted; everything it started is stopped")
		os.Exit(130)
	case err != nil:
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
	if opts.jsonOut {
		err = writeJSON(os.Stdout, reports)
	} else {
		err = writeText(os.Stdout, reports)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

// step reports progress on stderr, so that --json output stays clean on stdout.
func step(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "==> "+format+"\n", args...)
}
