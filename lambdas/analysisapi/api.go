// Package analysisapi is panther-analysis-api: the rules, globals and data models Panther runs,
// kept in the panther-analysis table with every version in the analysis versions bucket,
// uploaded in bulk in the panther-analysis format and tested through the rules engine.
package analysisapi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/panther-operator/panther-operator/lambdas/api/analysisapi"
)

// Store keeps the current item of each ID.
type Store interface {
	Get(ctx context.Context, id string) (*Item, error) // ErrNotFound when absent
	Put(ctx context.Context, item *Item) error
	Delete(ctx context.Context, id string) error
	List(ctx context.Context) ([]Item, error)
}

// Versions keeps every version of an item; the version ID is the store's (an S3 VersionId).
type Versions interface {
	PutVersion(ctx context.Context, id string, body []byte) (versionID string, err error)
	GetVersion(ctx context.Context, id, versionID string) ([]byte, error) // ErrNotFound when absent
}

// Tester runs a test document through the rules engine and returns its results.
type Tester interface {
	Test(ctx context.Context, document any, results any) error
}

// ErrNotFound is an item or version that does not exist.
var ErrNotFound = errors.New("not found")

// idPattern is what panther-analysis allows in IDs.
var idPattern = regexp.MustCompile(`^[A-Za-z0-9_. ()-]+$`)

// API handles analysis-api requests.
type API struct {
	Store    Store
	Versions Versions
	Tester   Tester
	// ReadPack reads a panther-analysis zip (bulkUpload).
	ReadPack func(zip []byte) (*Pack, error)
	// KnownLogType reports whether rules and models may name a log type (nil: any).
	KnownLogType func(ctx context.Context, name string) bool
	Now          func() time.Time
}

// Pack is what a panther-analysis zip holds.
type Pack struct {
	Rules      []analysisapi.Rule
	Globals    []analysisapi.Global
	DataModels []analysisapi.DataModel
}

// statusError is a failure with its HTTP status.
type statusError struct {
	status  int
	message string
}

func (e *statusError) Error() string { return e.message }

func fail(status int, format string, args ...any) error {
	return &statusError{status: status, message: fmt.Sprintf(format, args...)}
}

// Handle runs the one operation the request names and answers in the gateway style.
func (a *API) Handle(ctx context.Context, req *analysisapi.Request) analysisapi.Response {
	status, out, err := a.dispatch(ctx, req)
	if err != nil {
		var se *statusError
		if !errors.As(err, &se) {
			se = &statusError{status: http.StatusInternalServerError, message: err.Error()}
		}
		body, _ := json.Marshal(analysisapi.ErrorBody{Message: se.message})
		return analysisapi.Response{StatusCode: se.status, Body: string(body)}
	}
	body, err := json.Marshal(out)
	if err != nil {
		return analysisapi.Response{StatusCode: http.StatusInternalServerError, Body: `{"message":"encoding the answer failed"}`}
	}
	return analysisapi.Response{StatusCode: status, Body: string(body)}
}

func (a *API) dispatch(ctx context.Context, req *analysisapi.Request) (int, any, error) {
	ok := http.StatusOK
	switch {
	case req.CreateRule != nil:
		return a.saveRule(ctx, req.CreateRule, true)
	case req.UpdateRule != nil:
		return a.saveRule(ctx, req.UpdateRule, false)
	case req.GetRule != nil:
		item, err := a.get(ctx, req.GetRule, analysisapi.TypeRule)
		return respond(ok, item, err, (*Item).rule)
	case req.ListRules != nil:
		out, err := a.listRules(ctx, req.ListRules)
		return ok, out, err
	case req.ListDetections != nil:
		out, err := a.listDetections(ctx, req.ListDetections)
		return ok, out, err
	case req.DeleteDetections != nil:
		return ok, struct{}{}, a.delete(ctx, req.DeleteDetections, analysisapi.TypeRule)
	case req.TestRule != nil:
		out, err := a.testRule(ctx, req.TestRule)
		return ok, out, err
	case req.CreateGlobal != nil:
		return a.saveGlobal(ctx, req.CreateGlobal, true)
	case req.UpdateGlobal != nil:
		return a.saveGlobal(ctx, req.UpdateGlobal, false)
	case req.GetGlobal != nil:
		item, err := a.get(ctx, req.GetGlobal, analysisapi.TypeGlobal)
		return respond(ok, item, err, (*Item).global)
	case req.ListGlobals != nil:
		out, err := a.listGlobals(ctx, req.ListGlobals)
		return ok, out, err
	case req.DeleteGlobals != nil:
		return ok, struct{}{}, a.delete(ctx, req.DeleteGlobals, analysisapi.TypeGlobal)
	case req.CreateDataModel != nil:
		return a.saveDataModel(ctx, req.CreateDataModel, true)
	case req.UpdateDataModel != nil:
		return a.saveDataModel(ctx, req.UpdateDataModel, false)
	case req.GetDataModel != nil:
		item, err := a.get(ctx, req.GetDataModel, analysisapi.TypeDataModel)
		return respond(ok, item, err, (*Item).dataModel)
	case req.ListDataModels != nil:
		out, err := a.listDataModels(ctx, req.ListDataModels)
		return ok, out, err
	case req.DeleteDataModels != nil:
		return ok, struct{}{}, a.delete(ctx, req.DeleteDataModels, analysisapi.TypeDataModel)
	case req.BulkUpload != nil:
		out, err := a.bulkUpload(ctx, req.BulkUpload)
		return ok, out, err
	case req.GetRevision != nil:
		out, err := a.revision(ctx)
		return ok, out, err
	}
	return 0, nil, fail(http.StatusBadRequest, "the request names no operation of panther-analysis-api")
}

func respond[T any](status int, item *Item, err error, view func(*Item) T) (int, any, error) {
	if err != nil {
		return 0, nil, err
	}
	return status, view(item), nil
}

func (a *API) saveRule(ctx context.Context, in *analysisapi.RuleInput, create bool) (int, any, error) {
	r := in.Rule
	normalizeRule(&r)
	if err := a.validateRule(ctx, &r); err != nil {
		return 0, nil, err
	}
	item, _, err := a.save(ctx, ruleItem(&r), in.UserID, create)
	return respond(statusFor(create), item, err, (*Item).rule)
}

func (a *API) saveGlobal(ctx context.Context, in *analysisapi.GlobalInput, create bool) (int, any, error) {
	g := in.Global
	if err := validateID("id", g.ID); err != nil {
		return 0, nil, err
	}
	if strings.TrimSpace(g.Body) == "" {
		return 0, nil, fail(http.StatusBadRequest, "body: global %s has no Python code", g.ID)
	}
	item, _, err := a.save(ctx, globalItem(&g), in.UserID, create)
	return respond(statusFor(create), item, err, (*Item).global)
}

func (a *API) saveDataModel(ctx context.Context, in *analysisapi.DataModelInput, create bool) (int, any, error) {
	m := in.DataModel
	if err := a.validateDataModel(ctx, &m); err != nil {
		return 0, nil, err
	}
	item, _, err := a.save(ctx, dataModelItem(&m), in.UserID, create)
	return respond(statusFor(create), item, err, (*Item).dataModel)
}

func statusFor(create bool) int {
	if create {
		return http.StatusCreated
	}
	return http.StatusOK
}

// normalizeRule applies the defaults every path into the API shares: dedup period 60 and
// threshold 1 when zero, upper-case severity, sorted tags and report values.
func normalizeRule(r *analysisapi.Rule) {
	if r.DedupPeriodMinutes == 0 {
		r.DedupPeriodMinutes = analysisapi.DefaultDedupPeriodMinutes
	}
	if r.Threshold == 0 {
		r.Threshold = analysisapi.DefaultThreshold
	}
	r.Severity = strings.ToUpper(r.Severity)
	slices.Sort(r.Tags)
	for k := range r.Reports {
		slices.Sort(r.Reports[k])
	}
}

func validateID(field, id string) error {
	if !idPattern.MatchString(id) {
		return fail(http.StatusBadRequest, "%s: %q is not a valid ID: use letters, digits, spaces and _ . ( ) -", field, id)
	}
	return nil
}

func (a *API) validateRule(ctx context.Context, r *analysisapi.Rule) error {
	if err := validateID("id", r.ID); err != nil {
		return err
	}
	if strings.TrimSpace(r.Body) == "" {
		return fail(http.StatusBadRequest, "body: rule %s has no Python code: it needs at least def rule(event)", r.ID)
	}
	if !slices.Contains(analysisapi.Severities, r.Severity) {
		return fail(http.StatusBadRequest, "severity: %q is not one of %s", r.Severity, strings.Join(analysisapi.Severities, ", "))
	}
	if r.DedupPeriodMinutes < 0 || r.Threshold < 0 {
		return fail(http.StatusBadRequest, "dedupPeriodMinutes and threshold must not be negative")
	}
	return a.validateLogTypes(ctx, r.LogTypes)
}

func (a *API) validateDataModel(ctx context.Context, m *analysisapi.DataModel) error {
	if err := validateID("id", m.ID); err != nil {
		return err
	}
	for i, mapping := range m.Mappings {
		if mapping.Name == "" || (mapping.Path == "") == (mapping.Method == "") {
			return fail(http.StatusBadRequest, "mappings[%d]: a mapping needs a name and exactly one of path and method", i)
		}
	}
	return a.validateLogTypes(ctx, m.LogTypes)
}

func (a *API) validateLogTypes(ctx context.Context, logTypes []string) error {
	if len(logTypes) == 0 {
		return fail(http.StatusBadRequest, "logTypes: name at least one log type")
	}
	for _, lt := range logTypes {
		if a.KnownLogType != nil && !a.KnownLogType(ctx, lt) {
			return fail(http.StatusBadRequest, "logTypes: %q is not a log type Panther knows: list them with listAvailableLogTypes", lt)
		}
	}
	return nil
}

// save creates or updates an item, writing a new version when its content changed; changed
// says whether it did.
func (a *API) save(ctx context.Context, item *Item, userID string, create bool) (saved *Item, changed bool, err error) {
	old, err := a.Store.Get(ctx, item.ID)
	switch {
	case errors.Is(err, ErrNotFound):
		if !create {
			return nil, false, fail(http.StatusNotFound, "%s %s does not exist", strings.ToLower(item.Type), item.ID)
		}
		old = nil
	case err != nil:
		return nil, false, err
	case create:
		return nil, false, fail(http.StatusConflict, "%s %s already exists", strings.ToLower(old.Type), item.ID)
	case old.Type != item.Type:
		return nil, false, fail(http.StatusConflict, "%s is a %s, not a %s", item.ID, strings.ToLower(old.Type), strings.ToLower(item.Type))
	}
	now := a.Now().UTC()
	item.CreatedAt, item.CreatedBy = now, userID
	if old != nil {
		item.CreatedAt, item.CreatedBy = old.CreatedAt, old.CreatedBy
		if sameContent(old, item) {
			return old, false, nil
		}
	}
	item.LastModified, item.LastModifiedBy = now, userID
	item.VersionID = ""
	body, err := json.Marshal(item)
	if err != nil {
		return nil, false, err
	}
	if item.VersionID, err = a.Versions.PutVersion(ctx, item.ID, body); err != nil {
		return nil, false, fmt.Errorf("keep version of %s: %w", item.ID, err)
	}
	if err := a.Store.Put(ctx, item); err != nil {
		return nil, false, err
	}
	return item, true, nil
}

func (a *API) get(ctx context.Context, in *analysisapi.GetInput, typ string) (*Item, error) {
	item, err := a.Store.Get(ctx, in.ID)
	if errors.Is(err, ErrNotFound) && in.VersionID != "" {
		// A deleted item's versions stay readable: alerts name the version that matched.
		item, err = &Item{}, nil
	}
	if err == nil && in.VersionID != "" && in.VersionID != item.VersionID {
		var body []byte
		if body, err = a.Versions.GetVersion(ctx, in.ID, in.VersionID); err == nil {
			item = &Item{}
			if err = json.Unmarshal(body, item); err == nil {
				item.VersionID = in.VersionID
			}
		}
	}
	if errors.Is(err, ErrNotFound) || (err == nil && item.Type != typ) {
		if in.VersionID != "" {
			return nil, fail(http.StatusNotFound, "%s %s has no version %s", strings.ToLower(typ), in.ID, in.VersionID)
		}
		return nil, fail(http.StatusNotFound, "%s %s does not exist", strings.ToLower(typ), in.ID)
	}
	return item, err
}

func (a *API) delete(ctx context.Context, in *analysisapi.DeleteInput, typ string) error {
	for _, e := range in.Entries {
		item, err := a.Store.Get(ctx, e.ID)
		if errors.Is(err, ErrNotFound) {
			continue // already gone: deleting is idempotent
		}
		if err != nil {
			return err
		}
		if item.Type != typ {
			return fail(http.StatusBadRequest, "entries: %s is a %s, not a %s", e.ID, strings.ToLower(item.Type), strings.ToLower(typ))
		}
		if err := a.Store.Delete(ctx, e.ID); err != nil {
			return err
		}
	}
	return nil
}
