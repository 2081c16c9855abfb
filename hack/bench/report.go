package main

import (
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/panther-operator/panther-operator/controllers"
	"github.com/panther-operator/panther-operator/internal/localaws/admin"
	"github.com/panther-operator/panther-operator/internal/panther"
)

// jitterMean is the mean stretch of the operator's jittered intervals (up to +10 %).
const jitterMean = 1.05

// report holds the benchmark's figures; durations are in seconds.
type report struct {
	// Mode is how the manager learnt of stack progress: stack events, or polling alone.
	Mode         string  `json:"mode"`
	Deployments  int     `json:"deployments"`
	LatencyScale float64 `json:"latencyScale"`

	FleetReadySeconds float64 `json:"fleetReadySeconds"`
	// CreateSeconds is how long creating the fleet took, ten at a time; it is part of the
	// time to all Ready.
	CreateSeconds float64 `json:"createSeconds"`
	// ReadyMedianSeconds and ReadyMaxSeconds are per deployment, from its own creation.
	ReadyMedianSeconds float64 `json:"readyMedianSeconds"`
	ReadyMaxSeconds    float64 `json:"readyMaxSeconds"`

	CriticalPathSeconds float64            `json:"criticalPathSeconds"`
	CriticalPathSource  string             `json:"criticalPathSource"`
	StackMedianSeconds  map[string]float64 `json:"stackMedianSeconds"`
	// StartLagMedianSeconds is, per stack, the median time from the moment it could start
	// (its dependencies complete; for the first, the deployment created) to its start; the
	// critical path's lags plus ReadyLagMedianSeconds are the operator's share of Ready.
	StartLagMedianSeconds map[string]float64 `json:"startLagMedianSeconds"`
	ReadyLagMedianSeconds float64            `json:"readyLagMedianSeconds"`
	// Ratio is the fleet's time to all Ready over one deployment's critical path; SingleRatio
	// is a deployment's own median time to Ready over it, which separates what the fleet adds
	// from what the operator's requeue intervals add.
	Ratio       float64 `json:"ratio"`
	SingleRatio float64 `json:"singleRatio"`
	// MedianOwnRatio is the median over deployments of each one's time to Ready over its
	// own critical path.
	MedianOwnRatio float64 `json:"medianOwnRatio"`

	DeployCalls     summary            `json:"deployCallsPerDeployment"`
	DeployErrors    float64            `json:"deployErrorsPerDeployment"`
	DeployCallsByOp map[string]float64 `json:"deployCallsByOperation"`
	// DeployLatencyByOp is how long localaws took to answer each operation during the deploy
	// (milliseconds, median and 90th percentile over the fleet): the share of the lags that
	// is the emulator's.
	DeployLatencyByOp map[string]latency `json:"deployLatencyByOperationMillis"`
	DriftCheckCalls   float64            `json:"driftCheckCallsPerDeployment"`
	ResyncCalls       float64            `json:"resyncCallsPerDeployment"`
	WindowSeconds     float64            `json:"windowSeconds"`
	WindowCalls       int                `json:"windowCalls"`
	WindowCovers      string             `json:"windowCovers"`
	SteadyPerHour     float64            `json:"steadyCallsPerDeploymentHourMeasured"`
	SteadyPerHourEst  float64            `json:"steadyCallsPerDeploymentHourEstimated"`
	SettledInterval   string             `json:"settledInterval"`
	DriftInterval     string             `json:"driftInterval"`
	ManagerPeakRSSMiB float64            `json:"managerPeakRSSMiB"`
	// Manager is where its reconciles spent their time until the fleet was Ready.
	Manager managerTimes `json:"managerUntilReady"`
	// DeployCPUSeconds is the CPU time each process used from the first creation to all
	// Ready; the machine's cores are shared, so it says which process the fleet waits for.
	DeployCPUSeconds map[string]float64 `json:"deployCPUSeconds"`
}

type latency struct {
	Median float64 `json:"median"`
	P90    float64 `json:"p90"`
}

type summary struct {
	Mean float64 `json:"mean"`
	Min  int     `json:"min"`
	Max  int     `json:"max"`
}

func newReport(opts options, f *fleet, t timings, records []admin.RequestRecord, cfn []cfnTimes) *report {
	r := &report{
		Deployments:        len(f.members),
		LatencyScale:       opts.latencyScale,
		FleetReadySeconds:  t.allReady.Sub(t.start).Seconds(),
		CreateSeconds:      t.creating.Seconds(),
		WindowSeconds:      t.windowEnd.Sub(t.windowStart).Seconds(),
		SettledInterval:    controllers.DefaultIntervals.Settled.String(),
		DriftInterval:      f.driftInterval.String(),
		ManagerPeakRSSMiB:  float64(t.peakRSS) / (1 << 20),
		Manager:            t.manager,
		DeployCPUSeconds:   t.cpu,
		DeployCallsByOp:    map[string]float64{},
		DeployLatencyByOp:  map[string]latency{},
		StackMedianSeconds: map[string]float64{},

		StartLagMedianSeconds: map[string]float64{},
		CriticalPathSource: "from stack events: create times summed along bootstrap → gateway → slowest of 4 → " +
			"slowest of log-analysis/web → onboard; median over deployments",
	}

	r.addTimes(f, cfn)
	r.addCalls(f, t, records)
	return r
}

// addTimes fills in the times to Ready, the critical paths, the stacks' times and their lags.
func (r *report) addTimes(f *fleet, cfn []cfnTimes) {
	var ready []float64
	for _, m := range f.members {
		ready = append(ready, m.ready.Sub(m.created).Seconds())
	}
	r.ReadyMedianSeconds, r.ReadyMaxSeconds = median(ready), slices.Max(ready)

	var critical, own []float64
	perStack, lags := map[panther.Component][]float64{}, map[panther.Component][]float64{}
	var readyLags []float64
	readyOf := map[string]float64{}
	for _, m := range f.members {
		readyOf[m.namespace] = m.ready.Sub(m.created).Seconds()
	}
	for _, c := range cfn {
		critical = append(critical, c.critical.Seconds())
		if c.critical > 0 {
			own = append(own, readyOf[c.namespace]/c.critical.Seconds())
		}
		for comp, d := range c.stacks {
			perStack[comp] = append(perStack[comp], d.Seconds())
		}
		for comp, d := range c.lags {
			lags[comp] = append(lags[comp], d.Seconds())
		}
		readyLags = append(readyLags, c.readyLag.Seconds())
	}
	for comp, ds := range lags {
		r.StartLagMedianSeconds[string(comp)] = median(ds)
	}
	r.ReadyLagMedianSeconds = median(readyLags)
	r.CriticalPathSeconds = median(critical)
	for comp, ds := range perStack {
		r.StackMedianSeconds[string(comp)] = median(ds)
	}
	if r.CriticalPathSeconds > 0 {
		r.Ratio = r.FleetReadySeconds / r.CriticalPathSeconds
		r.SingleRatio = r.ReadyMedianSeconds / r.CriticalPathSeconds
	}
	r.MedianOwnRatio = median(own)

}

// addCalls fills in the AWS calls of every phase and the steady-state estimates.
func (r *report) addCalls(f *fleet, t timings, records []admin.RequestRecord) {
	n := float64(len(f.members))
	var deploy []int
	var drift, resync, errs int
	times := map[string][]float64{}
	for _, c := range splitCalls(records, f, t) {
		for op, ds := range c.deployTimes {
			for _, d := range ds {
				times[op] = append(times[op], float64(d.Microseconds())/1000)
			}
		}
		deploy = append(deploy, c.deploy)
		errs += c.deployErrs
		drift += c.driftCheck
		resync += c.resync
		r.WindowCalls += c.window
		for op, k := range c.deployByOp {
			r.DeployCallsByOp[op] += float64(k) / n
		}
	}
	for op, ms := range times {
		r.DeployLatencyByOp[op] = latency{Median: median(ms), P90: percentile(ms, 0.9)}
	}
	r.DeployCalls = summary{Mean: float64(sum(deploy)) / n, Min: slices.Min(deploy), Max: slices.Max(deploy)}
	r.DeployErrors = float64(errs) / n
	r.DriftCheckCalls, r.ResyncCalls = float64(drift)/n, float64(resync)/n
	r.SteadyPerHour = float64(r.WindowCalls) / n / t.windowEnd.Sub(t.windowStart).Hours()

	settled := controllers.DefaultIntervals.Settled
	r.SteadyPerHourEst = time.Hour.Hours() / (settled.Hours() * jitterMean) * r.ResyncCalls
	if f.driftInterval > 0 {
		r.SteadyPerHourEst += time.Hour.Hours() / (f.driftInterval.Hours() * jitterMean) * r.DriftCheckCalls
	}
	r.WindowCovers = windowCovers(t.windowEnd.Sub(t.windowStart), settled, f.driftInterval)
}

// windowCovers says which periodic work of a settled deployment can fall in the window, which
// starts right after every deployment's first drift check.
func windowCovers(window, settled, drift time.Duration) string {
	var parts []string
	if window < settled {
		parts = append(parts, fmt.Sprintf("no settled resync (every %s +0–10 %%)", settled))
	} else {
		parts = append(parts, fmt.Sprintf("about %.1f settled resyncs (every %s +0–10 %%)",
			window.Hours()/(settled.Hours()*jitterMean), settled))
	}
	switch {
	case drift == 0:
		parts = append(parts, "drift detection is off")
	case window < drift:
		parts = append(parts, fmt.Sprintf("no drift check (every %s)", drift))
	default:
		parts = append(parts, fmt.Sprintf("about %.1f drift checks (every %s)", window.Hours()/(drift.Hours()*jitterMean), drift))
	}
	return strings.Join(parts, " and ")
}

// writeJSON prints the reports as one JSON array, one element per mode.
func writeJSON(w io.Writer, reports []*report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(reports)
}

// writeText prints each mode's report, then how the first compares with the others.
func writeText(w io.Writer, reports []*report) error {
	for i, r := range reports {
		if i > 0 {
			if _, err := io.WriteString(w, "\n"); err != nil {
				return err
			}
		}
		if err := r.writeText(w); err != nil {
			return err
		}
	}
	for _, other := range reports[min(1, len(reports)):] {
		first := reports[0]
		if _, err := fmt.Fprintf(w, "\n%s against %s: time to all Ready %.1f s vs %.1f s (%.2f × vs %.2f × the critical path), "+
			"the median deployment %.2f × vs %.2f ×, AWS calls per deployment %.1f vs %.1f\n",
			first.Mode, other.Mode, first.FleetReadySeconds, other.FleetReadySeconds, first.Ratio, other.Ratio,
			first.MedianOwnRatio, other.MedianOwnRatio, first.DeployCalls.Mean, other.DeployCalls.Mean); err != nil {
			return err
		}
	}
	return nil
}

func (r *report) writeText(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "Panther fleet benchmark, %s: %d PantherDeployments, one localaws account each, latency scale %g, "+
		"the manager binary with its default flags\n\n", modeTitles[r.Mode], r.Deployments, r.LatencyScale)
	fmt.Fprintf(&b, "  time to all Ready               %7.1f s   (per deployment from its creation: median %.1f s, max %.1f s;\n"+
		"                                               creating the fleet, ten at a time, took %.1f s of it)\n",
		r.FleetReadySeconds, r.ReadyMedianSeconds, r.ReadyMaxSeconds, r.CreateSeconds)
	fmt.Fprintf(&b, "  critical-path CloudFormation    %7.1f s   (%s)\n", r.CriticalPathSeconds, r.CriticalPathSource)
	fmt.Fprintf(&b, "      median create time per stack: %s\n", stackTimesText(r.StackMedianSeconds))
	fmt.Fprintf(&b, "      median start lag per stack:  %s; last completion to Ready %.1f s\n",
		stackTimesText(r.StartLagMedianSeconds), r.ReadyLagMedianSeconds)
	fmt.Fprintf(&b, "  ratio                           %7.2f ×   (the median deployment's own ratio: %.2f ×)\n",
		r.Ratio, r.MedianOwnRatio)
	fmt.Fprintf(&b, "  AWS calls per deployment, deploy %6.1f     (min %d, max %d; %.1f answered with an error)\n",
		r.DeployCalls.Mean, r.DeployCalls.Min, r.DeployCalls.Max, r.DeployErrors)
	fmt.Fprintf(&b, "      most frequent: %s\n", topOps(r.DeployCallsByOp, 6))
	fmt.Fprintf(&b, "      localaws's answer times (median/p90): %s\n", latencyText(r.DeployCallsByOp, r.DeployLatencyByOp, 6))
	fmt.Fprintf(&b, "  AWS calls per deployment per hour of steady state\n")
	fmt.Fprintf(&b, "      measured                    %7.1f     (%d calls in a %.0f s window after the fleet settled, scaled to an hour;\n"+
		"                                               the window covers %s)\n",
		r.SteadyPerHour, r.WindowCalls, r.WindowSeconds, r.WindowCovers)
	fmt.Fprintf(&b, "      estimated                   %7.1f     (a settled resync costs %.1f calls, every %s +0–10 %%;\n"+
		"                                               a drift check of all stacks costs %.1f calls, every %s)\n",
		r.SteadyPerHourEst, r.ResyncCalls, r.SettledInterval, r.DriftCheckCalls, r.DriftInterval)
	fmt.Fprintf(&b, "  the manager until all Ready: %s\n", r.Manager.text())
	if len(r.DeployCPUSeconds) > 0 {
		fmt.Fprintf(&b, "  CPU seconds until all Ready:  %s (of %.0f core-seconds)\n",
			topOps(r.DeployCPUSeconds, len(r.DeployCPUSeconds)), float64(runtime.NumCPU())*r.FleetReadySeconds)
	}
	fmt.Fprintf(&b, "  manager peak RSS                %7.1f MiB (VmHWM)\n", r.ManagerPeakRSSMiB)
	_, err := io.WriteString(w, b.String())
	return err
}

func stackTimesText(stacks map[string]float64) string {
	var parts []string
	for _, c := range panther.Components() {
		if d, ok := stacks[string(c)]; ok {
			parts = append(parts, fmt.Sprintf("%s %.1f s", c, d))
		}
	}
	return strings.Join(parts, ", ")
}

// topOps lists the most frequent operations, with their mean count per deployment.
func topOps(ops map[string]float64, most int) string {
	keys := slices.SortedFunc(maps.Keys(ops), func(a, b string) int {
		return cmp.Or(cmp.Compare(ops[b], ops[a]), strings.Compare(a, b))
	})
	var parts []string
	for _, k := range keys[:min(most, len(keys))] {
		parts = append(parts, fmt.Sprintf("%s %.1f", k, ops[k]))
	}
	return strings.Join(parts, ", ")
}

// latencyText lists the answer times of the most frequent operations.
func latencyText(ops map[string]float64, times map[string]latency, most int) string {
	keys := slices.SortedFunc(maps.Keys(ops), func(a, b string) int {
		return cmp.Or(cmp.Compare(ops[b], ops[a]), strings.Compare(a, b))
	})
	var parts []string
	for _, k := range keys[:min(most, len(keys))] {
		parts = append(parts, fmt.Sprintf("%s %.0f/%.0f ms", k, times[k].Median, times[k].P90))
	}
	return strings.Join(parts, ", ")
}

// percentile is the value below which the share p of xs lies (nearest rank).
func percentile(xs []float64, p float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Sorted(slices.Values(xs))
	return s[min(len(s)-1, int(p*float64(len(s))))]
}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Sorted(slices.Values(xs))
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func sum(xs []int) int {
	total := 0
	for _, x := range xs {
		total += x
	}
	return total
}
