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
// its CREATE_IN_PROGRESS event (when its change set was executed) to CREATE_COMPLETE, and the
// longest chain of those along the stacks' dependencies.
type cfnTimes struct {
	namespace string
	stacks    map[panther.Component]time.Duration
	critical  time.Duration
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
		times, err := stackTimes(ctx, clients.Stacks, pd.Status.Stacks)
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

func stackTimes(ctx context.Context, stacks cloud.StackClient, entries []deployv1alpha1.StackStatus) (cfnTimes, error) {
	t := cfnTimes{stacks: map[panther.Component]time.Duration{}}
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
		t.stacks[panther.Component(e.Name)] = end.Sub(start)
	}
	t.critical = longestChain(t.stacks)
	return t, nil
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
