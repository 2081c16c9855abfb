package processor

import (
	"context"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/panther-operator/panther-operator/lambdas/api/sourceapi"
)

// SourceLister lists every source integration (source-api listIntegrations).
type SourceLister interface {
	ListSources(ctx context.Context) ([]sourceapi.Integration, error)
}

// StatusUpdater records that a source delivered events (source-api updateStatus).
type StatusUpdater interface {
	UpdateStatus(ctx context.Context, integrationID string, lastEventReceived time.Time) error
}

// sourceRefresh is how old the cached source list may get; statusInterval is how often a
// source's lastEventReceived is written at most.
const (
	sourceRefresh  = 2 * time.Minute
	statusInterval = time.Minute
)

// Sources finds the source of an object: the cache of all sources, indexed by bucket with
// each bucket's prefixes longest first.
type Sources struct {
	lister SourceLister
	now    func() time.Time

	// Status, when set, is told when sources deliver events.
	Status StatusUpdater

	mu       sync.Mutex
	loadedAt time.Time
	byBucket map[string][]sourcePrefix
	reported map[string]time.Time
}

type sourcePrefix struct {
	prefix string
	source *sourceapi.Integration
}

// NewSources returns a cache over lister.
func NewSources(lister SourceLister, now func() time.Time) *Sources {
	if now == nil {
		now = time.Now
	}
	return &Sources{lister: lister, now: now}
}

// Find returns the source and log types of an object, nil when no source claims it.
func (s *Sources) Find(ctx context.Context, bucket, key string) (*sourceapi.Integration, []string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.byBucket == nil || s.now().Sub(s.loadedAt) > sourceRefresh {
		if err := s.load(ctx); err != nil {
			return nil, nil, err
		}
	}
	for _, p := range s.byBucket[bucket] {
		if strings.HasPrefix(key, p.prefix) {
			_, logTypes, _ := p.source.LogTypesFor(key)
			return p.source, logTypes, nil
		}
	}
	return nil, nil, nil
}

func (s *Sources) load(ctx context.Context) error {
	list, err := s.lister.ListSources(ctx)
	if err != nil {
		return err
	}
	byBucket := map[string][]sourcePrefix{}
	for i := range list {
		src := &list[i]
		if src.IntegrationType != sourceapi.TypeS3 {
			continue
		}
		for _, p := range src.S3PrefixLogTypes {
			byBucket[src.S3Bucket] = append(byBucket[src.S3Bucket], sourcePrefix{prefix: p.Prefix, source: src})
		}
	}
	for _, prefixes := range byBucket {
		sort.SliceStable(prefixes, func(i, j int) bool { return len(prefixes[i].prefix) > len(prefixes[j].prefix) })
	}
	s.byBucket, s.loadedAt = byBucket, s.now()
	return nil
}

// Received records that a source delivered events now, writing it to source-api at most once
// a minute per source (the web app shows it as the source's health).
func (s *Sources) Received(ctx context.Context, integrationID string) error {
	if s.Status == nil {
		return nil
	}
	s.mu.Lock()
	now := s.now()
	if last, ok := s.reported[integrationID]; ok && now.Sub(last) < statusInterval {
		s.mu.Unlock()
		return nil
	}
	if s.reported == nil {
		s.reported = map[string]time.Time{}
	}
	s.reported[integrationID] = now
	s.mu.Unlock()
	return s.Status.UpdateStatus(ctx, integrationID, now)
}
