package forwarder

import (
	"context"
	"slices"
	"sync"
	"time"

	"github.com/panther-operator/panther-operator/lambdas/api/analysisapi"
)

// RuleSource reads a rule at a version (analysis-api getRule).
type RuleSource interface {
	GetRule(ctx context.Context, id, version string) (*analysisapi.Rule, error)
}

// RuleCache keeps the rules it has read for TTL, at most Size of them: a batch of stream
// records is mostly a few busy rules, and each would otherwise cost an analysis-api call.
// Failures are not kept, so the next record asks again.
type RuleCache struct {
	Source RuleSource
	TTL    time.Duration
	Size   int
	Now    func() time.Time

	mu      sync.Mutex
	entries map[ruleKey]cachedRule
	order   []ruleKey // least recently read from the source first, for eviction
}

type ruleKey struct{ id, version string }

type cachedRule struct {
	rule    *analysisapi.Rule
	expires time.Time
}

// Rule is the rule at the version, from the cache when it is fresh there.
func (c *RuleCache) Rule(ctx context.Context, id, version string) (*analysisapi.Rule, error) {
	key := ruleKey{id, version}
	c.mu.Lock()
	entry, ok := c.entries[key]
	c.mu.Unlock()
	if ok && c.Now().Before(entry.expires) {
		return entry.rule, nil
	}
	rule, err := c.Source.GetRule(ctx, id, version)
	if err != nil {
		return nil, err
	}
	c.put(key, rule)
	return rule, nil
}

func (c *RuleCache) put(key ruleKey, rule *analysisapi.Rule) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil {
		c.entries = map[ruleKey]cachedRule{}
	}
	if _, ok := c.entries[key]; ok {
		c.order = slices.DeleteFunc(c.order, func(k ruleKey) bool { return k == key })
	}
	c.order = append(c.order, key)
	c.entries[key] = cachedRule{rule: rule, expires: c.Now().Add(c.TTL)}
	for len(c.order) > max(c.Size, 1) {
		delete(c.entries, c.order[0])
		c.order = c.order[1:]
	}
}
