package analysisapi

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"

	"github.com/panther-operator/panther-operator/lambdas/api/analysisapi"
)

// MaxUploadBytes bounds an upload's zip: a synchronous invocation carries at most 6 MB, and
// base64 makes the zip a third bigger.
const MaxUploadBytes = 4_400_000

// bulkUpload saves every rule, global and data model of a panther-analysis zip: all are
// validated before any is saved, so a bad file changes nothing.
func (a *API) bulkUpload(ctx context.Context, in *analysisapi.BulkUploadInput) (*analysisapi.BulkUploadOutput, error) {
	data, err := base64.StdEncoding.DecodeString(in.Data)
	if err != nil {
		return nil, fail(http.StatusBadRequest, "data: not base64: %v", err)
	}
	if len(data) > MaxUploadBytes {
		return nil, fail(http.StatusBadRequest, "data: the zip is %d bytes, more than %d: upload the pack in parts", len(data), MaxUploadBytes)
	}
	pack, err := a.ReadPack(data)
	if err != nil {
		return nil, fail(http.StatusBadRequest, "data: %v", err)
	}
	var items []*Item
	for i := range pack.Globals {
		g := &pack.Globals[i]
		if err := validateID("GlobalID", g.ID); err != nil {
			return nil, err
		}
		items = append(items, globalItem(g))
	}
	for i := range pack.DataModels {
		m := &pack.DataModels[i]
		if err := a.validateDataModel(ctx, m); err != nil {
			return nil, prefixed(m.ID, err)
		}
		items = append(items, dataModelItem(m))
	}
	for i := range pack.Rules {
		r := &pack.Rules[i]
		normalizeRule(r)
		if err := a.validateRule(ctx, r); err != nil {
			return nil, prefixed(r.ID, err)
		}
		items = append(items, ruleItem(r))
	}
	out := &analysisapi.BulkUploadOutput{}
	for _, item := range items {
		existed := true
		if _, err := a.Store.Get(ctx, item.ID); err != nil {
			existed = false
		}
		_, changed, err := a.save(ctx, item, in.UserID, !existed)
		if err != nil {
			return nil, prefixed(item.ID, err)
		}
		total, created, modified := counters(out, item.Type)
		*total++
		switch {
		case !existed:
			*created++
		case changed:
			*modified++
		}
	}
	return out, nil
}

// counters are the upload's counts for one analysis type.
func counters(o *analysisapi.BulkUploadOutput, typ string) (total, created, modified *int) {
	switch typ {
	case analysisapi.TypeGlobal:
		return &o.TotalGlobals, &o.NewGlobals, &o.ModifiedGlobals
	case analysisapi.TypeDataModel:
		return &o.TotalDataModels, &o.NewDataModels, &o.ModifiedDataModels
	}
	return &o.TotalRules, &o.NewRules, &o.ModifiedRules
}

// prefixed names the item a validation or save error is about.
func prefixed(id string, err error) error {
	var se *statusError
	if errors.As(err, &se) {
		return &statusError{status: se.status, message: fmt.Sprintf("%s: %s", id, se.message)}
	}
	return fmt.Errorf("%s: %w", id, err)
}
