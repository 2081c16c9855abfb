package datacatalog

import (
	"context"

	"github.com/panther-operator/panther-operator/lambdas/logs/logschema"
	"github.com/panther-operator/panther-operator/lambdas/logs/logtypes"
	"github.com/panther-operator/panther-operator/lambdas/logs/pantherlog"
)

// LogTypeSource lists the available log types and reads their schemas (logtypes-api).
type LogTypeSource interface {
	Available(ctx context.Context) ([]string, error)
	Schema(ctx context.Context, name string) (string, error)
}

// TableSchemas resolves a table back to its log type's schema: natives from the registry,
// custom types through the source.
func TableSchemas(natives *logtypes.Registry, source LogTypeSource) Schemas {
	return func(ctx context.Context, table string) (*logschema.Schema, error) {
		for _, name := range natives.Names() {
			if pantherlog.TableName(name) == table {
				lt, _ := natives.Get(name)
				return lt.Schema, nil
			}
		}
		names, err := source.Available(ctx)
		if err != nil {
			return nil, err
		}
		for _, name := range names {
			if pantherlog.TableName(name) != table {
				continue
			}
			spec, err := source.Schema(ctx, name)
			if err != nil {
				return nil, err
			}
			return logschema.Load([]byte(spec))
		}
		return nil, nil
	}
}
