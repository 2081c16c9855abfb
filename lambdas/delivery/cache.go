package delivery

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/panther-operator/panther-operator/lambdas/api/outputsapi"
)

// outputCache keeps the outputs between invocations of a warm function, so that a busy queue
// does not ask outputs-api (and KMS) for every batch.
type outputCache struct {
	mu      sync.Mutex
	outputs []outputsapi.Output
	fetched time.Time
	loaded  bool
}

// outputs are the cached outputs, listed again when older than the refresh interval or when
// fresh ones are asked for (a user who just added an output sends it a test at once).
func (s *Service) outputs(ctx context.Context, fresh bool) ([]outputsapi.Output, error) {
	c := &s.cache
	c.mu.Lock()
	defer c.mu.Unlock()
	if !fresh && c.loaded && s.now().Sub(c.fetched) < s.Settings.RefreshInterval {
		return c.outputs, nil
	}
	outputs, err := s.Outputs.OutputsWithSecrets(ctx)
	if err != nil {
		return nil, fmt.Errorf("listing the outputs: %w", err)
	}
	c.outputs, c.fetched, c.loaded = outputs, s.now(), true
	return outputs, nil
}
