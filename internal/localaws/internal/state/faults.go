package state

import (
	"math/rand/v2"
	"strconv"
	"strings"
	"sync"

	"github.com/panther-operator/panther-operator/internal/localaws/admin"
)

// Faults holds the injected fault rules. It has its own lock because it
// is consulted before the state lock is taken.
type Faults struct {
	mu     sync.Mutex
	nextID int
	rules  []*admin.FaultRule
}

// NewFaults returns an empty rule set.
func NewFaults() *Faults { return &Faults{} }

// Add adds a rule and returns it with its ID.
func (f *Faults) Add(rule admin.FaultRule) admin.FaultRule {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.nextID++
	rule.ID = "fault-" + strconv.Itoa(f.nextID)
	f.rules = append(f.rules, &rule)
	return rule
}

// List returns the rules in the order they were added.
func (f *Faults) List() []admin.FaultRule {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make([]admin.FaultRule, 0, len(f.rules))
	for _, r := range f.rules {
		out = append(out, *r)
	}
	return out
}

// Remove removes a rule by ID and reports whether it existed.
func (f *Faults) Remove(id string) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	for i, r := range f.rules {
		if r.ID == id {
			f.rules = append(f.rules[:i], f.rules[i+1:]...)
			return true
		}
	}
	return false
}

// Clear removes every rule.
func (f *Faults) Clear() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.rules = nil
}

// Match returns the first rule that fires for this API call, consuming one
// use of a counted rule, or nil.
func (f *Faults) Match(service, operation, resource string) *admin.FaultRule {
	return f.matchRule(service, operation, resource, false)
}

// MatchProvisioning is match for CloudFormation's own resource steps. Only
// rules that name the step's operation apply, so a rule throttling the
// CloudFormation API does not also fail resources.
func (f *Faults) MatchProvisioning(operation, resource string) *admin.FaultRule {
	return f.MatchEntry("cloudformation", operation, resource)
}

// MatchEntry is match for a step inside an API call, such as one entry of
// a batch: only rules that name the step's operation apply.
func (f *Faults) MatchEntry(service, operation, resource string) *admin.FaultRule {
	return f.matchRule(service, operation, resource, true)
}

func (f *Faults) matchRule(service, operation, resource string, exactOperation bool) *admin.FaultRule {
	f.mu.Lock()
	defer f.mu.Unlock()
	for i, r := range f.rules {
		if r.Service != "" && !strings.EqualFold(r.Service, service) {
			continue
		}
		if (r.Operation != "" || exactOperation) && r.Operation != operation {
			continue
		}
		if r.Resource != "" && !strings.Contains(resource, r.Resource) {
			continue
		}
		if r.Probability > 0 && rand.Float64() >= r.Probability {
			continue
		}
		fired := *r
		if r.Count > 0 {
			r.Count--
			if r.Count == 0 {
				f.rules = append(f.rules[:i], f.rules[i+1:]...)
			}
		}
		return &fired
	}
	return nil
}
