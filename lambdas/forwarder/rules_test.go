package forwarder_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/panther-operator/panther-operator/lambdas/api/analysisapi"
	"github.com/panther-operator/panther-operator/lambdas/forwarder"
)

// countingSource answers from a function and counts what it was asked.
type countingSource struct {
	answer func(id, version string) (*analysisapi.Rule, error)
	asked  map[string]int
}

func (s *countingSource) GetRule(_ context.Context, id, version string) (*analysisapi.Rule, error) {
	s.asked[id+"@"+version]++
	return s.answer(id, version)
}

func TestRuleCacheKeepsRulesForTheirTTL(t *testing.T) {
	failing := true
	src := &countingSource{asked: map[string]int{}, answer: func(id, version string) (*analysisapi.Rule, error) {
		if id == "Flaky" && failing {
			return nil, errors.New("throttled")
		}
		return &analysisapi.Rule{ID: id, VersionID: version}, nil
	}}
	now := time.Date(2026, 3, 14, 9, 0, 0, 0, time.UTC)
	cache := &forwarder.RuleCache{Source: src, TTL: time.Minute, Size: 2, Now: func() time.Time { return now }}
	ctx := context.Background()
	get := func(id, version string) *analysisapi.Rule {
		t.Helper()
		r, err := cache.Rule(ctx, id, version)
		if err != nil {
			t.Fatalf("%s@%s: %v", id, version, err)
		}
		if r.ID != id || r.VersionID != version {
			t.Fatalf("%s@%s: got %s@%s", id, version, r.ID, r.VersionID)
		}
		return r
	}

	get("A", "v1")
	get("A", "v1")
	get("A", "v2")
	if src.asked["A@v1"] != 1 || src.asked["A@v2"] != 1 {
		t.Fatalf("a fresh rule was read again, or versions were confused: %v", src.asked)
	}
	now = now.Add(61 * time.Second)
	get("A", "v1")
	if src.asked["A@v1"] != 2 {
		t.Fatalf("an expired rule was not read again: %v", src.asked)
	}
	// Size 2: a third rule evicts the oldest (A@v2); A@v1, refreshed, stays.
	get("B", "v1")
	get("A", "v1")
	get("A", "v2")
	if src.asked["A@v1"] != 2 || src.asked["A@v2"] != 2 {
		t.Fatalf("eviction: %v", src.asked)
	}

	if _, err := cache.Rule(ctx, "Flaky", "v1"); err == nil {
		t.Fatal("the source's error was not returned")
	}
	failing = false
	get("Flaky", "v1")
	if src.asked["Flaky@v1"] != 2 {
		t.Fatalf("a failure was cached: %v", src.asked)
	}
}
