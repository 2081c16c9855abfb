package engine

import (
	"fmt"
	"runtime/debug"
	"strings"
	"sync"
	"time"
)

// resourceDelay is the simulated provisioning time of one resource at
// latency scale 1: a Panther-sized stack then completes in seconds.
const resourceDelay = 50 * time.Millisecond

// idleTick is how often a stack waiting only on nested stacks looks again
// when the latency scale is 0.
const idleTick = 2 * time.Millisecond

// stackRunner drives stack operations asynchronously, one goroutine per
// stack with an operation in progress. Every step runs under the state
// lock and leaves the stack in a state a restart can resume from.
type stackRunner struct {
	eng     *Engine
	wg      sync.WaitGroup
	running map[string]bool // guarded by the state lock
}

func newStackRunner(e *Engine) *stackRunner {
	return &stackRunner{eng: e, running: map[string]bool{}}
}

// start runs the stack's operation unless it already runs. Caller holds
// the state lock.
func (r *stackRunner) start(s *Stack) {
	if s.Op == nil || r.running[s.ID] || r.eng.ctx.Err() != nil {
		return
	}
	r.running[s.ID] = true
	r.wg.Add(1)
	go r.run(s.Account, s.Region, s.ID)
}

// resumeAll restarts every operation found in loaded state. Caller holds
// the state lock.
func (r *stackRunner) resumeAll() {
	for _, stacks := range stackTable.AllRegions(r.eng.store.State()) {
		for _, s := range stacks {
			r.start(s)
		}
	}
}

func (r *stackRunner) wait() { r.wg.Wait() }

func (r *stackRunner) run(account, region, id string) {
	defer r.wg.Done()
	e := r.eng
	for {
		delay, wake, done := r.step(account, region, id)
		if done {
			return
		}
		select {
		case <-e.ctx.Done():
			e.store.Lock()
			delete(r.running, id)
			e.store.Unlock()
			return
		case <-wake:
		case <-time.After(delay):
		}
	}
}

// step advances the stack once under the lock and says how long to wait
// before the next step, or that the operation is over. A panic in an
// operation fails that operation instead of taking the emulator down.
func (r *stackRunner) step(account, region, id string) (delay time.Duration, wake <-chan struct{}, done bool) {
	e := r.eng
	e.store.Lock()
	defer e.store.Unlock()
	s := e.lookupStack(account, region, id)
	if s == nil || s.Op == nil {
		delete(r.running, id)
		return 0, nil, true
	}
	defer func() {
		if p := recover(); p != nil {
			e.logger.Error("stack operation panicked", "stack", s.ID, "panic", p, "stack_trace", string(debug.Stack()))
			s.setStatus(failedStatus(s.Status), fmt.Sprintf("localaws internal error: %v", p))
			s.Op = nil
			delete(r.running, id)
			e.store.Changed()
			done = true
		}
	}()
	before := s.Status
	waitingOnly := (&operation{eng: e, stack: s}).tick()
	e.store.Changed()
	if s.Status != before {
		e.statusChanged(s)
	}
	if s.Op == nil {
		delete(r.running, id)
		return 0, nil, true
	}
	delay, wake = e.store.Delay(resourceDelay)
	if delay == 0 && waitingOnly {
		delay = idleTick
	}
	return delay, wake, false
}

// failedStatus is where an operation that cannot go on leaves a stack.
func failedStatus(status string) string {
	switch status {
	case "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS":
		return "UPDATE_COMPLETE"
	case "UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS":
		return "UPDATE_ROLLBACK_COMPLETE"
	}
	return strings.TrimSuffix(status, "_IN_PROGRESS") + "_FAILED"
}

// lookupStack finds a stack by ID anywhere (nested stacks poll children).
func (e *Engine) lookupStack(account, region, id string) *Stack {
	return stackTable.Lookup(e.store.State(), account, region)[id]
}
