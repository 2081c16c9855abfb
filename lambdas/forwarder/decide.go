package forwarder

import "github.com/panther-operator/panther-operator/lambdas/api/deliveryapi"

// Action is what a change of a dedup row does to the alerts table.
type Action int

// The actions, in the order Decide considers them.
const (
	// Ignore: a rule's alert below its threshold is not an alert yet.
	Ignore Action = iota
	// Create: a new alert, delivered.
	Create
	// Update: more events for an alert that exists, not delivered again.
	Update
)

func (a Action) String() string {
	return [...]string{"ignore", "create", "update"}[a]
}

// Decide is the forwarder's rule for one change of a dedup row (old is nil for a new row),
// given the rule's threshold (events before an alert exists; below 1 counts as 1).
//
// A row below the threshold is ignored. Otherwise the alert is new when the row is new, when
// the engine started the key's next alert (alertCount changed), or when this change is the one
// that crossed the threshold; any other change only adds events to the alert. Rule errors
// have no threshold.
func Decide(current, old *DedupRow, threshold int) Action {
	if belowThreshold(current, threshold) {
		return Ignore
	}
	if old == nil || old.AlertCount != current.AlertCount || belowThreshold(old, threshold) {
		return Create
	}
	return Update
}

func belowThreshold(row *DedupRow, threshold int) bool {
	return row.Type == deliveryapi.TypeRule && row.EventCount < int64(max(threshold, 1))
}
