package main

import (
	"context"
	"fmt"
	"sync"
	"time"

	deployv1alpha1 "github.com/panther-operator/panther-operator/api/v1alpha1"
	"github.com/panther-operator/panther-operator/internal/cloud"
	"github.com/panther-operator/panther-operator/internal/panther"
)

// cfnTimes is one deployment's CloudFormation time: how long each stack's create ran, from
// its CREATE_IN_PROGRESS event (when CreateStack was called) to CREATE_COMPLETE, and the
// longest chain of those along the stacks' dependencies.
type cfnTimes struct {
	namespace string
	stacks    map[panther.Component]time.Duration
	critical  time.Duration
	// lags are how long each stack started after it could have: after the last of its
	// dependencies completed, or for the first stack after the deployment was created. They
	// are the operator's own share of the time to Ready, level by level.
	lags map[panther.Component]time.Duration
	// readyLag is from the last stack's completion until the deployment was seen Ready.
	readyLag time.Duration
}

// criticalPaths reads every deployment's stack events. It runs after all counting, because
// its own calls land in the accounts' request logs.
func (f *fleet) criticalPaths(ctx context.Context) ([]cfnTimes, error) {
	pds, err := f.list(ctx)
	if err != nil {
		return nil, err
	}
	var mu sync.Mutex
	var out []cfnTimes
	err = f.each(8, func(m *member) error {
		pd := pds[m.namespace]
		if pd == nil {
			return fmt.Errorf("the deployment is gone")
		}
		clients, err := f.cloud.Clients(ctx, m.target())
		if err != nil {
			return err
		}
		times, err := stackTimes(ctx, clients.Stacks, pd.Status.Stacks, m.created, m.ready)
		if err != nil {
			return err
		}
		times.namespace = m.namespace
		mu.Lock()
		out = append(out, times)
		mu.Unlock()
		return nil
	})
	return out, err
}

func stackTimes(ctx context.Context, stacks cloud.StackClient, entries []deployv1alpha1.StackStatus,
	created, ready time.Time,
) (cfnTimes, error) {
	t := cfnTimes{stacks: map[panther.Component]time.Duration{}}
	starts, ends := map[panther.Component]time.Time{}, map[panther.Component]time.Time{}
	for _, e := range entries {
		events, err := stacks.Events(ctx, e.StackName)
		if err != nil {
			return t, fmt.Errorf("events of %s: %w", e.StackName, err)
		}
		var start, end time.Time
		for _, ev := range events {
			if ev.ResourceType != "AWS::CloudFormation::Stack" || ev.LogicalID != e.StackName {
				continue
			}
			switch ev.Status {
			case "CREATE_IN_PROGRESS":
				if start.IsZero() || ev.Time.Before(start) {
					start = ev.Time
				}
			case "CREATE_COMPLETE":
				if ev.Time.After(end) {
					end = ev.Time
				}
			}
		}
		if start.IsZero() || end.IsZero() {
			return t, fmt.Errorf("no complete create in the events of %s", e.StackName)
		}
		c := panther.Component(e.Name)
		t.stacks[c], starts[c], ends[c] = end.Sub(start), start, end
	}
	t.critical = longestChain(t.stacks)
	t.lags, t.readyLag = startLags(starts, ends, created, ready)
	return t, nil
}

// startLags measures, for each stack, the time between the moment it could start (its
// dependencies complete, or the deployment created) and its start, and the time from the last
// completion to Ready.
func startLags(starts, ends map[panther.Component]time.Time, created, ready time.Time) (map[panther.Component]time.Duration, time.Duration) {
	lags := map[panther.Component]time.Duration{}
	var last time.Time
	for c, start := range starts {
		could := created
		if s, err := panther.Lookup(c); err == nil {
			for _, dep := range s.Predecessors(func(c panther.Component) bool { _, on := ends[c]; return on }) {
				if ends[dep].After(could) {
					could = ends[dep]
				}
			}
		}
		lags[c] = start.Sub(could)
		if ends[c].After(last) {
			last = ends[c]
		}
	}
	return lags, ready.Sub(last)
}

// longestChain is the critical path through the dependency graph (bootstrap → gateway → the
// slowest of its four dependants → the slowest of log-analysis and web → onboard): the time a
// deployment would take if each stack started the moment its dependencies completed.
func longestChain(durations map[panther.Component]time.Duration) time.Duration {
	finish := map[panther.Component]time.Duration{}
	var longest time.Duration
	for _, c := range panther.Components() { // catalog order lists dependencies first
		d, ok := durations[c]
		if !ok {
			continue // disabled
		}
		var after time.Duration
		if s, err := panther.Lookup(c); err == nil {
			for _, dep := range s.Predecessors(func(c panther.Component) bool { _, on := durations[c]; return on }) {
				after = max(after, finish[dep])
			}
		}
		finish[c] = after + d
		longest = max(longest, finish[c])
	}
	return longest
}
