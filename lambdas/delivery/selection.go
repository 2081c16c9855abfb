package delivery

import (
	"slices"
	"strings"

	"github.com/panther-operator/panther-operator/lambdas/api/deliveryapi"
	"github.com/panther-operator/panther-operator/lambdas/api/outputsapi"
)

// selectOutputs chooses an alert's outputs, the first rule that gives any winning:
//
//  1. SKIP among the outputIds (or the destinations) sends nowhere;
//  2. a retry goes to the output it names and nowhere else, not even when that output is gone;
//  3. the destinations the rule's Python chose, by output ID or display name;
//  4. the rule's own outputIds;
//  5. every output that is a default for the alert's severity and takes its type.
//
// The outputs come deduplicated and sorted by ID.
func selectOutputs(a *deliveryapi.Alert, all []outputsapi.Output) []*outputsapi.Output {
	if slices.Contains(a.OutputIDs, deliveryapi.SkipOutputID) || slices.Contains(a.Destinations, deliveryapi.SkipOutputID) {
		return nil
	}
	if a.RetryCount > 0 {
		return matching(all, func(o *outputsapi.Output) bool { return slices.Contains(a.OutputIDs, o.OutputID) })
	}
	if found := matching(all, func(o *outputsapi.Output) bool {
		return slices.Contains(a.Destinations, o.OutputID) || slices.Contains(a.Destinations, o.DisplayName)
	}); len(found) > 0 {
		return found
	}
	if found := matching(all, func(o *outputsapi.Output) bool { return slices.Contains(a.OutputIDs, o.OutputID) }); len(found) > 0 {
		return found
	}
	return matching(all, func(o *outputsapi.Output) bool {
		return slices.Contains(o.DefaultForSeverity, a.Severity) && slices.Contains(o.AlertTypes, a.Type)
	})
}

// matching are the outputs that match, once each, by ID.
func matching(all []outputsapi.Output, match func(*outputsapi.Output) bool) []*outputsapi.Output {
	var found []*outputsapi.Output
	for i := range all {
		if match(&all[i]) {
			found = append(found, &all[i])
		}
	}
	slices.SortFunc(found, func(x, y *outputsapi.Output) int { return strings.Compare(x.OutputID, y.OutputID) })
	return slices.CompactFunc(found, func(x, y *outputsapi.Output) bool { return x.OutputID == y.OutputID })
}

// named are the outputs a direct invocation names; every one must exist.
func named(ids []string, all []outputsapi.Output) ([]*outputsapi.Output, error) {
	if len(ids) == 0 {
		return nil, invalid("outputIds: give at least one output")
	}
	for _, id := range ids {
		if !slices.ContainsFunc(all, func(o outputsapi.Output) bool { return o.OutputID == id }) {
			return nil, invalid("outputIds: there is no output %q", id)
		}
	}
	return matching(all, func(o *outputsapi.Output) bool { return slices.Contains(ids, o.OutputID) }), nil
}
