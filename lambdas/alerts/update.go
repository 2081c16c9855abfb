package alerts

import (
	"context"
	"errors"
	"slices"
	"strings"

	"github.com/panther-operator/panther-operator/lambdas/api/alertsapi"
)

// maxStatusUpdates is the most alerts one updateAlertStatus changes: one read of the table
// checks them all, and the web app changes at most a page of them at once.
const maxStatusUpdates = 100

// updateAlertStatus sets the status of alerts that all exist: it changes none when one is
// unknown. OPEN is the absence of a status.
func (a *API) updateAlertStatus(ctx context.Context, in *alertsapi.UpdateAlertStatusInput) ([]alertsapi.Summary, error) {
	if len(in.AlertIDs) == 0 || len(in.AlertIDs) > maxStatusUpdates {
		return nil, invalid("alertIds", "must name 1 to %d alerts", maxStatusUpdates)
	}
	if !slices.Contains(alertStatuses, in.Status) {
		return nil, invalid("status", "%q is not one of %s", in.Status, strings.Join(alertStatuses, ", "))
	}
	if in.UserID == "" {
		return nil, invalid("userId", "is required")
	}
	ids := slices.Compact(slices.Sorted(slices.Values(in.AlertIDs)))
	found, err := a.Store.GetAlerts(ctx, ids)
	if err != nil {
		return nil, err
	}
	var missing []string
	for _, id := range ids {
		if !slices.ContainsFunc(found, func(al alertsapi.Alert) bool { return al.ID == id }) {
			missing = append(missing, id)
		}
	}
	if len(missing) > 0 {
		return nil, doesNotExist(missing...)
	}
	status := in.Status
	if status == alertsapi.StatusOpen {
		status = ""
	}
	now := a.Now().UTC()
	out := make([]alertsapi.Summary, 0, len(ids))
	done := map[string]bool{}
	for _, id := range in.AlertIDs {
		if done[id] {
			continue
		}
		done[id] = true
		updated, err := a.Store.SetStatus(ctx, id, status, in.UserID, now)
		if errors.Is(err, ErrNotFound) {
			return nil, doesNotExist(id)
		}
		if err != nil {
			return nil, err
		}
		out = append(out, summarize(updated))
	}
	return out, nil
}

// updateAlertDelivery records delivery attempts after the alert's earlier ones.
func (a *API) updateAlertDelivery(ctx context.Context, in *alertsapi.UpdateAlertDeliveryInput) (*alertsapi.Summary, error) {
	if in.AlertID == "" {
		return nil, invalid("alertId", "is required")
	}
	if len(in.DeliveryResponses) == 0 {
		return nil, invalid("deliveryResponses", "is empty")
	}
	for _, r := range in.DeliveryResponses {
		if r.OutputID == "" {
			return nil, invalid("deliveryResponses.outputId", "is required")
		}
	}
	updated, err := a.Store.AppendDeliveryResponses(ctx, in.AlertID, in.DeliveryResponses)
	if errors.Is(err, ErrNotFound) {
		return nil, doesNotExist(in.AlertID)
	}
	if err != nil {
		return nil, err
	}
	s := summarize(updated)
	return &s, nil
}
