package analysis

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/panther-operator/panther-operator/lambdas/api/analysisapi"
)

// FilterKeys are the spec keys rules can be selected by.
var FilterKeys = []string{"RuleID", "DisplayName", "Enabled", "LogTypes", "Severity", "Tags", "OutputIds"}

// Filter selects rules by one spec key, as panther_analysis_tool's --filter Key=v1,v2 does: a
// rule passes when its value, or for lists any of its values, is one of Values. Severity is
// compared without case (specs say High, the API HIGH).
type Filter struct {
	Key    string
	Values []string
}

// ParseFilter reads "Key=v1,v2".
func ParseFilter(arg string) (Filter, error) {
	key, list, ok := strings.Cut(arg, "=")
	if !ok || key == "" || list == "" {
		return Filter{}, fmt.Errorf("filter %q: want Key=value[,value...], such as LogTypes=AWS.CloudTrail", arg)
	}
	if !slices.Contains(FilterKeys, key) {
		return Filter{}, fmt.Errorf("filter %q: unknown key %s (want one of %s)", arg, key, strings.Join(FilterKeys, ", "))
	}
	f := Filter{Key: key}
	for value := range strings.SplitSeq(list, ",") {
		value = strings.TrimSpace(value)
		if key == "Enabled" {
			b, err := strconv.ParseBool(value)
			if err != nil {
				return Filter{}, fmt.Errorf("filter %q: Enabled is true or false, not %q", arg, value)
			}
			value = strconv.FormatBool(b)
		}
		f.Values = append(f.Values, value)
	}
	return f, nil
}

// Match says whether a rule passes the filter.
func (f Filter) Match(r analysisapi.Rule) bool {
	var have []string
	switch f.Key {
	case "RuleID":
		have = []string{r.ID}
	case "DisplayName":
		have = []string{r.DisplayName}
	case "Enabled":
		have = []string{strconv.FormatBool(r.Enabled)}
	case "LogTypes":
		have = r.LogTypes
	case "Severity":
		return slices.ContainsFunc(f.Values, func(v string) bool { return strings.EqualFold(v, r.Severity) })
	case "Tags":
		have = r.Tags
	case "OutputIds":
		have = r.OutputIDs
	}
	return slices.ContainsFunc(have, func(v string) bool { return slices.Contains(f.Values, v) })
}

// SelectRules keeps the rules that pass every filter.
func SelectRules(rules []analysisapi.Rule, filters []Filter) []analysisapi.Rule {
	var out []analysisapi.Rule
	for _, r := range rules {
		if !slices.ContainsFunc(filters, func(f Filter) bool { return !f.Match(r) }) {
			out = append(out, r)
		}
	}
	return out
}
