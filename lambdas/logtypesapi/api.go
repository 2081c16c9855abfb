// Package logtypesapi is panther-logtypes-api: the log types Panther parses. Native types are
// built in; custom types are YAML schemas users add, stored in the panther-logtypes table,
// checked by compiling them, and updated only in ways their tables can follow.
package logtypesapi

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/panther-operator/panther-operator/lambdas/api"
	"github.com/panther-operator/panther-operator/lambdas/api/logtypesapi"
	"github.com/panther-operator/panther-operator/lambdas/logs/logschema"
	"github.com/panther-operator/panther-operator/lambdas/logs/logtypes"
)

// Store keeps the custom records. PutRecord writes only if the stored revision is
// expectRevision (0: no record yet), else ErrConflict.
type Store interface {
	GetRecord(ctx context.Context, logType string) (*logtypesapi.Record, error)
	PutRecord(ctx context.Context, r *logtypesapi.Record, expectRevision int) error
	ListRecords(ctx context.Context) ([]logtypesapi.Record, error)
}

// Store errors.
var (
	ErrNotFound = errors.New("no such log type")
	ErrConflict = errors.New("the log type changed meanwhile")
)

// customPrefix starts every custom log type's name.
const customPrefix = "Custom."

// API handles logtypes-api requests.
type API struct {
	Store   Store
	Natives *logtypes.Registry
	Now     func() time.Time
}

func invalid(format string, args ...any) error {
	return &api.Error{Type: "InvalidInputError", Message: fmt.Sprintf(format, args...)}
}

// Handle runs the one operation the request names.
func (a *API) Handle(ctx context.Context, req *logtypesapi.Request) (any, error) {
	switch {
	case req.ListAvailableLogTypes != nil:
		return a.available(ctx)
	case req.GetSchema != nil:
		return a.schema(ctx, req.GetSchema.Name)
	case req.PutCustomLog != nil:
		return a.put(ctx, req.PutCustomLog)
	case req.GetCustomLog != nil:
		return a.custom(ctx, customName(req.GetCustomLog.LogType))
	case req.DelCustomLog != nil:
		return nil, a.delete(ctx, req.DelCustomLog)
	case req.ListCustomLogs != nil:
		return a.listCustom(ctx)
	}
	return nil, invalid("the request names no operation: send one of ListAvailableLogTypes, GetSchema, PutCustomLog, GetCustomLog, DelCustomLog, ListCustomLogs")
}

func (a *API) available(ctx context.Context) (*logtypesapi.AvailableLogTypes, error) {
	names := a.Natives.Names()
	records, err := a.Store.ListRecords(ctx)
	if err != nil {
		return nil, err
	}
	for _, r := range records {
		if !r.Disabled {
			names = append(names, r.LogType)
		}
	}
	slices.Sort(names)
	return &logtypesapi.AvailableLogTypes{LogTypes: names}, nil
}

// schema returns a log type's current record: a native one is built from its schema.
func (a *API) schema(ctx context.Context, name string) (*logtypesapi.Record, error) {
	if lt, ok := a.Natives.Get(name); ok {
		spec, err := yaml.Marshal(lt.Schema)
		if err != nil {
			return nil, err
		}
		return &logtypesapi.Record{LogType: name, Revision: 1, Managed: true, Description: lt.Schema.Description,
			ReferenceURL: lt.Schema.ReferenceURL, LogSpec: string(spec)}, nil
	}
	r, err := a.custom(ctx, name)
	if err == nil && r.Disabled {
		return nil, notFound(name)
	}
	return r, err
}

func notFound(name string) error {
	return &api.Error{Type: "NotFoundError", Message: "log type " + name + " does not exist"}
}

func (a *API) custom(ctx context.Context, name string) (*logtypesapi.Record, error) {
	r, err := a.Store.GetRecord(ctx, name)
	if errors.Is(err, ErrNotFound) {
		return nil, notFound(name)
	}
	return r, err
}

// customName is a custom log type's name, with the Custom. prefix added if it is missing.
func customName(name string) string {
	if strings.HasPrefix(name, customPrefix) {
		return name
	}
	return customPrefix + name
}

func (a *API) put(ctx context.Context, in *logtypesapi.PutCustomLogInput) (*logtypesapi.Record, error) {
	name := customName(in.LogType)
	if _, native := a.Natives.Get(name); native {
		return nil, invalid("logType: %s is a native log type", name)
	}
	schema, err := logschema.Load([]byte(in.LogSpec))
	if err != nil {
		return nil, invalid("logSpec: %v", err)
	}
	if schema.Schema != name {
		return nil, invalid("logSpec: schema is %q; it must be the log type's name, %s", schema.Schema, name)
	}
	if _, err := logtypes.Compile([]byte(in.LogSpec)); err != nil {
		return nil, invalid("logSpec: %v", err)
	}
	now := a.Now().UTC()
	rec := &logtypesapi.Record{LogType: name, Revision: 1, Description: in.Description, ReferenceURL: in.ReferenceURL,
		LogSpec: in.LogSpec, CreatedAt: now, UpdatedAt: now}
	if in.Revision != 0 {
		prev, err := a.custom(ctx, name)
		if err != nil {
			return nil, err
		}
		if err := checkUpdate(prev, schema, in.Revision); err != nil {
			return nil, err
		}
		rec.Revision, rec.CreatedAt = prev.Revision+1, prev.CreatedAt
	}
	if err := a.Store.PutRecord(ctx, rec, in.Revision); err != nil {
		if errors.Is(err, ErrConflict) {
			return nil, conflict(name, in.Revision)
		}
		return nil, err
	}
	return rec, nil
}

func conflict(name string, revision int) error {
	if revision == 0 {
		return &api.Error{Type: "AlreadyExistsError", Message: "log type " + name + " already exists: update it with its current revision"}
	}
	return &api.Error{Type: "RevisionConflictError", Message: fmt.Sprintf("log type %s is no longer at revision %d: read it again", name, revision)}
}

// checkUpdate: the update names the current revision of a live type, and its tables can
// follow (no field removed, no type changed).
func checkUpdate(prev *logtypesapi.Record, next *logschema.Schema, revision int) error {
	if prev.Disabled {
		return notFound(prev.LogType)
	}
	if prev.Revision != revision {
		return conflict(prev.LogType, revision)
	}
	old, err := logschema.Load([]byte(prev.LogSpec))
	if err != nil {
		return err
	}
	if err := logschema.CheckUpdate(old, next); err != nil {
		return invalid("logSpec: %v", err)
	}
	return nil
}

// delete disables the type: its name stays taken, since its table and data remain.
func (a *API) delete(ctx context.Context, in *logtypesapi.DelCustomLogInput) error {
	rec, err := a.custom(ctx, customName(in.LogType))
	if err != nil {
		return err
	}
	if rec.Disabled {
		return notFound(rec.LogType)
	}
	if rec.Revision != in.Revision {
		return conflict(rec.LogType, in.Revision)
	}
	rec.Disabled, rec.UpdatedAt = true, a.Now().UTC()
	rec.Revision++
	if err := a.Store.PutRecord(ctx, rec, in.Revision); err != nil {
		if errors.Is(err, ErrConflict) {
			return conflict(rec.LogType, in.Revision)
		}
		return err
	}
	return nil
}

func (a *API) listCustom(ctx context.Context) (*logtypesapi.CustomLogs, error) {
	records, err := a.Store.ListRecords(ctx)
	if err != nil {
		return nil, err
	}
	out := &logtypesapi.CustomLogs{CustomLogs: []logtypesapi.Record{}}
	for _, r := range records {
		if !r.Disabled {
			out.CustomLogs = append(out.CustomLogs, r)
		}
	}
	slices.SortFunc(out.CustomLogs, func(x, y logtypesapi.Record) int { return strings.Compare(x.LogType, y.LogType) })
	return out, nil
}
