package state

import (
	"math"
	"sync"
	"time"
)

// Store holds the state behind the emulator's one lock, with the latency
// scale of simulated provisioning. Every API handler and every
// stack-operation step runs with the lock held, which makes each AWS
// operation atomic, as AWS's are.
type Store struct {
	mu      sync.Mutex
	layout  *Layout
	state   *State
	latency float64
	// latencyChanged is closed (and replaced) when the latency scale
	// changes, so stack operations sleeping on the old scale wake up.
	latencyChanged chan struct{}
	persist        *persister
}

// NewStore holds s (a loaded state file's, or nil for an empty state).
func NewStore(layout *Layout, s *State, latency float64) *Store {
	if s == nil {
		s = New(layout)
	}
	return &Store{layout: layout, state: s, latency: latency, latencyChanged: make(chan struct{})}
}

// Lock takes the state lock.
func (st *Store) Lock() { st.mu.Lock() }

// Unlock releases the state lock.
func (st *Store) Unlock() { st.mu.Unlock() }

// State is the current state. Callers hold the lock and do not keep it
// past Unlock: Reset replaces it.
func (st *Store) State() *State { return st.state }

// Reset drops all state; running stack operations notice that their stack
// is gone and stop.
func (st *Store) Reset() {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.state = New(st.layout)
	st.Changed()
}

// Changed marks state dirty so the state file is rewritten. Callers hold
// the lock.
func (st *Store) Changed() {
	if st.persist != nil {
		st.persist.markDirty()
	}
}

// SetLatencyScale changes the provisioning latency and wakes sleeping
// stack operations.
func (st *Store) SetLatencyScale(scale float64) {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.latency = scale
	close(st.latencyChanged)
	st.latencyChanged = make(chan struct{})
}

// LatencyScale returns the current provisioning latency multiplier.
func (st *Store) LatencyScale() float64 {
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.latency
}

// Delay scales a base provisioning delay by the latency scale and returns
// a channel closed when the scale changes. Callers hold the lock.
func (st *Store) Delay(base time.Duration) (time.Duration, <-chan struct{}) {
	return scaled(base, st.latency), st.latencyChanged
}

// scaled multiplies a base delay by a latency scale, capping absurd values.
func scaled(base time.Duration, scale float64) time.Duration {
	if scale <= 0 {
		return 0
	}
	return time.Duration(math.Min(float64(base)*scale, float64(time.Hour)))
}
