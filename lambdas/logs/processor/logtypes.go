package processor

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/panther-operator/panther-operator/lambdas/logs/logtypes"
	"github.com/panther-operator/panther-operator/lambdas/logs/parsers"
)

// SchemaSource reads a log type's current YAML schema (logtypes-api GetSchema).
type SchemaSource interface {
	Schema(ctx context.Context, name string) (string, error)
}

// customRefresh is how long a custom type's compiled schema is used before it is read again:
// an update reaches the processor within that time.
const customRefresh = 2 * time.Minute

// NewLogTypes resolves log type names: native types from the registry, custom ones compiled
// from their schemas, cached. A custom type that cannot be read is an error, so the message
// is retried rather than its lines dropped.
func NewLogTypes(natives *logtypes.Registry, custom SchemaSource, now func() time.Time) LogTypes {
	if now == nil {
		now = time.Now
	}
	type entry struct {
		lt     *parsers.LogType
		loaded time.Time
	}
	var mu sync.Mutex
	cache := map[string]entry{}
	return func(ctx context.Context, names []string) ([]*parsers.LogType, error) {
		mu.Lock()
		defer mu.Unlock()
		out := make([]*parsers.LogType, 0, len(names))
		for _, name := range names {
			if lt, ok := natives.Get(name); ok {
				out = append(out, lt)
				continue
			}
			if e, ok := cache[name]; ok && now().Sub(e.loaded) < customRefresh {
				out = append(out, e.lt)
				continue
			}
			spec, err := custom.Schema(ctx, name)
			if err != nil {
				return nil, fmt.Errorf("log type %s: %w", name, err)
			}
			lt, err := logtypes.Compile([]byte(spec))
			if err != nil {
				return nil, fmt.Errorf("log type %s: %w", name, err)
			}
			cache[name] = entry{lt, now()}
			out = append(out, lt)
		}
		return out, nil
	}
}
