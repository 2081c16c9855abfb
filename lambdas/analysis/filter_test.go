package analysis

import (
	"reflect"
	"strings"
	"testing"

	"github.com/panther-operator/panther-operator/lambdas/api/analysisapi"
)

func TestParseFilterErrors(t *testing.T) {
	for arg, want := range map[string]string{
		"LogTypes":          "want Key=value[,value...]",
		"=x":                "want Key=value[,value...]",
		"Colour=blue":       "unknown key Colour (want one of RuleID, DisplayName, Enabled, LogTypes, Severity, Tags, OutputIds)",
		"Enabled=sometimes": `Enabled is true or false, not "sometimes"`,
	} {
		if _, err := ParseFilter(arg); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: error %v, want %q", arg, err, want)
		}
	}
}

func TestSelectRules(t *testing.T) {
	rules := []analysisapi.Rule{
		{ID: "A", LogTypes: []string{"AWS.CloudTrail"}, Severity: "HIGH", Enabled: true, Tags: []string{"AWS", "IAM"}},
		{ID: "B", LogTypes: []string{"Okta.SystemLog"}, Severity: "LOW", Enabled: false, Tags: []string{"Okta"}},
		{ID: "C", LogTypes: []string{"AWS.CloudTrail", "AWS.VPCFlow"}, Severity: "LOW", Enabled: true, OutputIDs: []string{"pager"}},
	}
	cases := map[string][]string{
		"":                                     {"A", "B", "C"},
		"RuleID=A,B":                           {"A", "B"},
		"LogTypes=AWS.VPCFlow":                 {"C"},
		"Severity=Low":                         {"B", "C"},
		"Enabled=false":                        {"B"},
		"Tags=IAM,Okta":                        {"A", "B"},
		"OutputIds=pager":                      {"C"},
		"LogTypes=AWS.CloudTrail Severity=low": {"C"},
		"DisplayName=nobody":                   nil,
	}
	for args, want := range cases {
		var filters []Filter
		for _, arg := range strings.Fields(args) {
			f, err := ParseFilter(arg)
			if err != nil {
				t.Fatal(err)
			}
			filters = append(filters, f)
		}
		var got []string
		for _, r := range SelectRules(rules, filters) {
			got = append(got, r.ID)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%q: selected %v, want %v", args, got, want)
		}
	}
}
