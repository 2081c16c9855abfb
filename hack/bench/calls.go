package main

import (
	"time"

	"github.com/panther-operator/panther-operator/internal/localaws/admin"
)

// phaseCalls are one account's AWS calls, cut along the benchmark's timeline.
type phaseCalls struct {
	deploy     int            // from creation to the first drift detection, which Ready starts
	deployErrs int            // of which answered with an error (retries, expected misses)
	deployByOp map[string]int // service:operation
	// deployTimes are how long localaws took to answer each of them, by operation.
	deployTimes map[string][]time.Duration
	driftCheck  int // the first drift check of every stack, until the fleet settled
	window      int // the quiet window after that
	resync      int // one requested reconcile of the settled deployment
}

// splitCalls attributes every request of the log to its account and phase. Calls before the
// fleet was created (publishing the releases) and after the last cut do not count.
func splitCalls(records []admin.RequestRecord, f *fleet, t timings) map[string]*phaseCalls {
	out := map[string]*phaseCalls{}
	firstDetect := map[string]time.Time{}
	for _, m := range f.members {
		out[m.account] = &phaseCalls{deployByOp: map[string]int{}, deployTimes: map[string][]time.Duration{}}
	}
	for _, r := range records {
		if _, ok := out[r.Account]; ok && r.Operation == "DetectStackDrift" && firstDetect[r.Account].IsZero() {
			firstDetect[r.Account] = r.Time
		}
	}
	for _, r := range records {
		c, ok := out[r.Account]
		// The operator calls with the deployment's keys (the account's ID, see member); the
		// deployed functions call with their roles' session keys, on their own account.
		if !ok || r.Time.Before(t.start) || r.AccessKeyID != r.Account {
			continue
		}
		detect, detected := firstDetect[r.Account]
		switch {
		case !r.Time.Before(t.resync):
			c.resync++
		case !r.Time.Before(t.windowStart):
			c.window++ // up to the resync request, a moment after the window's end
		case detected && !r.Time.Before(detect), !detected && !r.Time.Before(t.allReady):
			c.driftCheck++
		default:
			c.deploy++
			c.deployByOp[r.Service+":"+r.Operation]++
			c.deployTimes[r.Service+":"+r.Operation] = append(c.deployTimes[r.Service+":"+r.Operation], r.Duration)
			if r.Status >= 400 {
				c.deployErrs++
			}
		}
	}
	return out
}
