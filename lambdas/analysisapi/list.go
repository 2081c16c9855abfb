package analysisapi

import (
	"cmp"
	"context"
	"net/http"
	"slices"
	"strings"

	"github.com/panther-operator/panther-operator/lambdas/api/analysisapi"
)

const (
	defaultPageSize = 25
	maxPageSize     = 1000
)

// listItems returns the page of items of the given types that pass the filters, sorted.
func (a *API) listItems(ctx context.Context, in *analysisapi.ListInput, types ...string) ([]Item, analysisapi.Paging, error) {
	if in.PageSize < 0 || in.PageSize > maxPageSize || in.Page < 0 {
		return nil, analysisapi.Paging{}, fail(http.StatusBadRequest, "pageSize must be 1 to %d and page at least 1", maxPageSize)
	}
	sortBy := cmp.Or(in.SortBy, "id")
	less, ok := sorters[sortBy]
	if !ok {
		return nil, analysisapi.Paging{}, fail(http.StatusBadRequest, "sortBy: %q is not one of id, displayName, enabled, lastModified, logTypes, severity", in.SortBy)
	}
	if in.SortDir != "" && in.SortDir != "ascending" && in.SortDir != "descending" {
		return nil, analysisapi.Paging{}, fail(http.StatusBadRequest, "sortDir: %q is not ascending or descending", in.SortDir)
	}
	all, err := a.Store.List(ctx)
	if err != nil {
		return nil, analysisapi.Paging{}, err
	}
	items := slices.DeleteFunc(all, func(i Item) bool { return !slices.Contains(types, i.Type) || !matches(&i, in) })
	slices.SortStableFunc(items, func(x, y Item) int {
		c := less(&x, &y)
		if c == 0 {
			c = strings.Compare(x.ID, y.ID)
		}
		if in.SortDir == "descending" {
			return -c
		}
		return c
	})
	size := cmp.Or(in.PageSize, defaultPageSize)
	page := max(in.Page, 1)
	paging := analysisapi.Paging{ThisPage: page, TotalItems: len(items), TotalPages: (len(items) + size - 1) / size}
	start := min((page-1)*size, len(items))
	return items[start:min(start+size, len(items))], paging, nil
}

var sorters = map[string]func(x, y *Item) int{
	"id":           func(x, y *Item) int { return strings.Compare(strings.ToLower(x.ID), strings.ToLower(y.ID)) },
	"displayName":  func(x, y *Item) int { return strings.Compare(strings.ToLower(name(x)), strings.ToLower(name(y))) },
	"enabled":      func(x, y *Item) int { return cmp.Compare(boolInt(x.Enabled), boolInt(y.Enabled)) },
	"lastModified": func(x, y *Item) int { return x.LastModified.Compare(y.LastModified) },
	"logTypes":     func(x, y *Item) int { return slices.Compare(x.LogTypes, y.LogTypes) },
	"severity": func(x, y *Item) int {
		return cmp.Compare(slices.Index(analysisapi.Severities, x.Severity), slices.Index(analysisapi.Severities, y.Severity))
	},
}

func name(i *Item) string { return cmp.Or(i.DisplayName, i.ID) }

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// matches applies the list filters: every set filter must hold; within a list filter, any
// value may match.
func matches(i *Item, in *analysisapi.ListInput) bool {
	anyOf := func(want, have []string) bool {
		return len(want) == 0 || slices.ContainsFunc(want, func(w string) bool { return slices.Contains(have, w) })
	}
	switch {
	case in.Enabled != nil && i.Enabled != *in.Enabled:
		return false
	case in.NameContains != "" && !strings.Contains(strings.ToLower(i.ID+" "+i.DisplayName), strings.ToLower(in.NameContains)):
		return false
	case !anyOf(in.LogTypes, i.LogTypes), !anyOf(in.Tags, i.Tags), !anyOf(in.IDs, []string{i.ID}):
		return false
	case len(in.Severity) > 0 && !slices.ContainsFunc(in.Severity, func(s string) bool { return strings.EqualFold(s, i.Severity) }):
		return false
	case len(in.AnalysisTypes) > 0 && !slices.ContainsFunc(in.AnalysisTypes, func(t string) bool { return strings.EqualFold(t, i.Type) }):
		return false
	case in.CreatedBy != "" && in.CreatedBy != i.CreatedBy, in.LastModifiedBy != "" && in.LastModifiedBy != i.LastModifiedBy:
		return false
	}
	return true
}

func (a *API) listRules(ctx context.Context, in *analysisapi.ListInput) (*analysisapi.ListRulesOutput, error) {
	items, paging, err := a.listItems(ctx, in, analysisapi.TypeRule)
	if err != nil {
		return nil, err
	}
	out := &analysisapi.ListRulesOutput{Paging: paging, Rules: make([]analysisapi.Rule, len(items))}
	for i := range items {
		out.Rules[i] = items[i].rule()
	}
	return out, nil
}

func (a *API) listDetections(ctx context.Context, in *analysisapi.ListInput) (*analysisapi.ListDetectionsOutput, error) {
	items, paging, err := a.listItems(ctx, in, analysisapi.TypeRule)
	if err != nil {
		return nil, err
	}
	out := &analysisapi.ListDetectionsOutput{Paging: paging, Detections: make([]analysisapi.Detection, len(items))}
	for i := range items {
		out.Detections[i] = analysisapi.Detection{Rule: items[i].rule(), AnalysisType: items[i].Type}
	}
	return out, nil
}

func (a *API) listGlobals(ctx context.Context, in *analysisapi.ListInput) (*analysisapi.ListGlobalsOutput, error) {
	items, paging, err := a.listItems(ctx, in, analysisapi.TypeGlobal)
	if err != nil {
		return nil, err
	}
	out := &analysisapi.ListGlobalsOutput{Paging: paging, Globals: make([]analysisapi.Global, len(items))}
	for i := range items {
		out.Globals[i] = items[i].global()
	}
	return out, nil
}

func (a *API) listDataModels(ctx context.Context, in *analysisapi.ListInput) (*analysisapi.ListDataModelsOutput, error) {
	items, paging, err := a.listItems(ctx, in, analysisapi.TypeDataModel)
	if err != nil {
		return nil, err
	}
	out := &analysisapi.ListDataModelsOutput{Paging: paging, DataModels: make([]analysisapi.DataModel, len(items))}
	for i := range items {
		out.DataModels[i] = items[i].dataModel()
	}
	return out, nil
}
