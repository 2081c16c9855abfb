package alerts

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"slices"
	"strings"

	"github.com/panther-operator/panther-operator/lambdas/api/alertsapi"
	"github.com/panther-operator/panther-operator/lambdas/api/analysisapi"
	"github.com/panther-operator/panther-operator/lambdas/api/deliveryapi"
)

// Page sizes of listAlerts and of getAlert's events.
const (
	DefaultPageSize = 25
	MaxPageSize     = 50
)

// readBatch is how many alerts an index read asks for once a page needs more than one read.
const readBatch = 100

// listAlerts reads the index in creation-time order and keeps the alerts the filters match,
// reading on until the page is full. The filters are applied here rather than as a DynamoDB
// filter expression: a filter expression costs the same reads, and DynamoDB cannot compare
// case-insensitively. The page's key is its last alert's, so the next page starts right after it;
// there is a key only when another match follows, which is why one more match is looked for.
func (a *API) listAlerts(ctx context.Context, in *alertsapi.ListAlertsInput) (*alertsapi.ListAlertsOutput, error) {
	q, match, pageSize, err := parseListInput(in)
	if err != nil {
		return nil, err
	}
	out := &alertsapi.ListAlertsOutput{Alerts: []alertsapi.Summary{}}
	var last *alertsapi.Alert
	for {
		items, next, err := a.Store.QueryAlerts(ctx, q)
		if err != nil {
			return nil, err
		}
		for i := range items {
			if !match.matches(&items[i]) {
				continue
			}
			if len(out.Alerts) == pageSize {
				token := encodeToken(Key{ID: last.ID, CreationTime: last.CreationTime, RuleID: q.RuleID})
				out.LastEvaluatedKey = &token
				return out, nil
			}
			out.Alerts = append(out.Alerts, summarize(&items[i]))
			last = &items[i]
		}
		if next == nil {
			return out, nil
		}
		q.StartKey, q.Limit = next, readBatch
	}
}

func parseListInput(in *alertsapi.ListAlertsInput) (*Query, *filter, int, error) {
	pageSize, err := pageSizeOf("pageSize", in.PageSize)
	if err != nil {
		return nil, nil, 0, err
	}
	// The first read is just enough for a page without filters and the look-ahead; the reads
	// after it, which only filters need, are bigger.
	q := &Query{RuleID: in.RuleID, CreatedAfter: in.CreatedAtAfter, CreatedBefore: in.CreatedAtBefore, Limit: pageSize + 1}
	switch in.SortDir {
	case "", "descending":
	case "ascending":
		q.Ascending = true
	default:
		return nil, nil, 0, invalid("sortDir", "%q is neither ascending nor descending", in.SortDir)
	}
	if q.CreatedAfter != nil && q.CreatedBefore != nil && q.CreatedAfter.After(*q.CreatedBefore) {
		return nil, nil, 0, invalid("createdAtAfter", "is after createdAtBefore")
	}
	if in.ExclusiveStartKey != nil {
		var key Key
		if err := decodeToken(*in.ExclusiveStartKey, &key); err != nil || key.ID == "" || key.RuleID != q.RuleID {
			return nil, nil, 0, invalid("exclusiveStartKey", "is not a key this list returned")
		}
		q.StartKey = &key
	}
	f, err := newFilter(in)
	return q, f, pageSize, err
}

// pageSizeOf is a requested page size, the default when unset.
func pageSizeOf(field string, n int) (int, error) {
	if n == 0 {
		return DefaultPageSize, nil
	}
	if n < 1 || n > MaxPageSize {
		return 0, invalid(field, "%d is not from 1 to %d", n, MaxPageSize)
	}
	return n, nil
}

// filter is listAlerts' filters other than the key conditions; an empty one matches all.
type filter struct {
	types, severities, statuses  []string
	nameContains                 string // lower case
	eventCountMin, eventCountMax *int
	logTypes, resourceTypes      []string
}

var (
	alertTypes    = []string{deliveryapi.TypeRule, deliveryapi.TypeRuleError, deliveryapi.TypePolicy}
	alertStatuses = []string{alertsapi.StatusOpen, alertsapi.StatusTriaged, alertsapi.StatusClosed, alertsapi.StatusResolved}
)

func newFilter(in *alertsapi.ListAlertsInput) (*filter, error) {
	f := &filter{types: in.Types, severities: in.Severity, statuses: in.Status, nameContains: strings.ToLower(in.NameContains),
		eventCountMin: in.EventCountMin, eventCountMax: in.EventCountMax, logTypes: in.LogTypes, resourceTypes: in.ResourceTypes}
	if err := oneOfEach("types", in.Types, alertTypes); err != nil {
		return nil, err
	}
	if err := oneOfEach("severity", in.Severity, analysisapi.Severities); err != nil {
		return nil, err
	}
	if err := oneOfEach("status", in.Status, alertStatuses); err != nil {
		return nil, err
	}
	if in.EventCountMin != nil && *in.EventCountMin < 0 {
		return nil, invalid("eventCountMin", "is negative")
	}
	if in.EventCountMin != nil && in.EventCountMax != nil && *in.EventCountMin > *in.EventCountMax {
		return nil, invalid("eventCountMin", "is above eventCountMax")
	}
	return f, nil
}

func oneOfEach(field string, values, allowed []string) error {
	for _, v := range values {
		if !slices.Contains(allowed, v) {
			return invalid(field, "%q is not one of %s", v, strings.Join(allowed, ", "))
		}
	}
	return nil
}

func (f *filter) matches(a *alertsapi.Alert) bool {
	status := a.Status
	if status == "" {
		status = alertsapi.StatusOpen
	}
	switch {
	case len(f.types) > 0 && !slices.Contains(f.types, a.Type),
		len(f.severities) > 0 && !slices.Contains(f.severities, a.Severity),
		len(f.statuses) > 0 && !slices.Contains(f.statuses, status),
		f.eventCountMin != nil && a.EventCount < *f.eventCountMin,
		f.eventCountMax != nil && a.EventCount > *f.eventCountMax,
		len(f.logTypes) > 0 && !overlaps(f.logTypes, a.LogTypes),
		len(f.resourceTypes) > 0 && !overlaps(f.resourceTypes, a.ResourceTypes):
		return false
	}
	return f.nameContains == "" || strings.Contains(strings.ToLower(a.Title), f.nameContains) ||
		strings.Contains(strings.ToLower(a.RuleID), f.nameContains)
}

func overlaps(wanted, have []string) bool {
	return slices.ContainsFunc(have, func(h string) bool { return slices.Contains(wanted, h) })
}

// encodeToken is a paging position as an opaque string.
func encodeToken(v any) string {
	b, _ := json.Marshal(v)
	return base64.RawURLEncoding.EncodeToString(b)
}

func decodeToken(token string, v any) error {
	b, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, v)
}
