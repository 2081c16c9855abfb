// Package alerts is panther-alerts-api: the alerts table read back for people (lists with
// filters and paging, one alert with its events), their status as people triage them, and the
// delivery attempts alert delivery records. An alert's events are not in the table: they are
// read from the rules engine's gzip JSON-lines files in the processed-data bucket. It runs
// behind the one-key request format of lambdas/api/alertsapi.
package alerts

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/panther-operator/panther-operator/lambdas/api/alertsapi"
	"github.com/panther-operator/panther-operator/lambdas/api/deliveryapi"
)

// Store is the alerts table (panther-log-alert-info) and its two indexes.
type Store interface {
	// GetAlert reads one alert; ErrNotFound when there is none.
	GetAlert(ctx context.Context, id string) (*alertsapi.Alert, error)
	// GetAlerts reads the alerts of the IDs that exist, in any order.
	GetAlerts(ctx context.Context, ids []string) ([]alertsapi.Alert, error)
	// QueryAlerts reads one batch of an index in creation-time order, and the key to read the
	// next batch from (nil after the last).
	QueryAlerts(ctx context.Context, q *Query) ([]alertsapi.Alert, *Key, error)
	// SetStatus sets (or, when status is "", removes) an alert's status and who changed it;
	// ErrNotFound when there is no alert.
	SetStatus(ctx context.Context, id, status, userID string, at time.Time) (*alertsapi.Alert, error)
	// AppendDeliveryResponses appends to an alert's delivery attempts; ErrNotFound when there
	// is no alert.
	AppendDeliveryResponses(ctx context.Context, id string, responses []deliveryapi.DeliveryResponse) (*alertsapi.Alert, error)
}

// Query is one read of an index: the ruleId index when RuleID is set, else the time index.
type Query struct {
	RuleID string
	// CreatedAfter and CreatedBefore bound creationTime, inclusive.
	CreatedAfter, CreatedBefore *time.Time
	Ascending                   bool
	Limit                       int
	// StartKey is the last alert read before: the batch begins after it.
	StartKey *Key
}

// Key is where an index read resumes: an alert's keys in the index.
type Key struct {
	ID           string    `json:"id"`
	CreationTime time.Time `json:"creationTime"`
	RuleID       string    `json:"ruleId,omitempty"` // set on the ruleId index only
}

// Objects lists and reads the processed-data bucket.
type Objects interface {
	// List is the keys under prefix after startAfter ("" for all), in key order.
	List(ctx context.Context, prefix, startAfter string) ([]string, error)
	Open(ctx context.Context, key string) (io.ReadCloser, error)
}

// API handles alerts-api requests.
type API struct {
	Store  Store
	Events Objects
	Now    func() time.Time
}

// ErrNotFound is a store's answer for a missing alert.
var ErrNotFound = errors.New("alert not found")

// invalid is the error of a request that names a field wrongly.
func invalid(field, format string, args ...any) error {
	return &alertsapi.Error{Type: "InvalidInputError", Message: field + ": " + fmt.Sprintf(format, args...)}
}

func doesNotExist(ids ...string) error {
	return &alertsapi.Error{Type: "DoesNotExistError", Message: "no alert has the ID " + strings.Join(ids, ", ")}
}

// Handle runs the one operation the request names.
func (a *API) Handle(ctx context.Context, req *alertsapi.Request) (any, error) {
	switch {
	case req.GetAlert != nil:
		return a.getAlert(ctx, req.GetAlert)
	case req.ListAlerts != nil:
		return a.listAlerts(ctx, req.ListAlerts)
	case req.UpdateAlertStatus != nil:
		return a.updateAlertStatus(ctx, req.UpdateAlertStatus)
	case req.UpdateAlertDelivery != nil:
		return a.updateAlertDelivery(ctx, req.UpdateAlertDelivery)
	}
	return nil, invalid("request", "names no operation: send one of getAlert, listAlerts, updateAlertStatus, updateAlertDelivery")
}

// summarize is an alert as the API shows it: OPEN when it has no status, empty lists rather
// than null ones.
func summarize(a *alertsapi.Alert) alertsapi.Summary {
	s := alertsapi.Summary{
		AlertID: a.ID, Type: a.Type, RuleID: a.RuleID, RuleVersion: a.RuleVersion, RuleDisplayName: a.RuleDisplayName,
		Title: a.Title, Severity: a.Severity, Status: a.Status, Dedup: a.Dedup, Description: a.Description,
		Reference: a.Reference, Runbook: a.Runbook, Destinations: nonNil(a.Destinations), Context: a.Context,
		CreationTime: a.CreationTime, UpdateTime: a.UpdateTime, EventsMatched: a.EventCount, LogTypes: nonNil(a.LogTypes),
		LastUpdatedBy: a.LastUpdatedBy, LastUpdatedByTime: a.LastUpdatedByTime, DeliveryResponses: nonNil(a.DeliveryResponses),
	}
	if s.Status == "" {
		s.Status = alertsapi.StatusOpen
	}
	return s
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
