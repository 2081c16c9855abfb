package appsynctest

import (
	"strings"
	"testing"

	"github.com/panther-operator/panther-operator/api/graphql"
	"github.com/panther-operator/panther-operator/lambdas/api/appsync"
	"github.com/panther-operator/panther-operator/lambdas/api/organizationapi"
)

func settingsFields() appsync.Fields[organizationapi.Request] {
	return appsync.Fields[organizationapi.Request]{
		"Query.generalSettings": {Request: appsync.Always(func() *organizationapi.Request {
			return &organizationapi.Request{GetSettings: &organizationapi.GetSettingsInput{}}
		})},
		"Mutation.updateGeneralSettings": {Request: appsync.Decode(func(in *organizationapi.UpdateSettingsInput) *organizationapi.Request {
			return &organizationapi.Request{UpdateSettings: in}
		})},
	}
}

var settingsCases = []Case{
	{Name: "read", Event: Event("Query.generalSettings", `{}`), Want: `{"getSettings":{}}`},
	{Name: "update", Event: Event("Mutation.updateGeneralSettings", `{"input":{"displayName":"A"}}`), Want: `{"updateSettings":{"displayName":"A"}}`},
}

// The checks the functions' tests rely on find each kind of mistake.
func TestProblemsFindsEveryKindOfMistake(t *testing.T) {
	if p := Problems(graphql.OrganizationAPI, settingsFields(), settingsCases); len(p) != 0 {
		t.Fatalf("a correct table has problems: %v", p)
	}
	missingField := settingsFields()
	delete(missingField, "Mutation.updateGeneralSettings")
	tests := []struct {
		name   string
		fields appsync.Fields[organizationapi.Request]
		cases  []Case
		want   string
	}{
		{"a mapped field not translated", missingField, settingsCases[:1], "translates [Query.generalSettings]; api/graphql maps"},
		{"a field without a case", settingsFields(), settingsCases[:1], "no case translates Mutation.updateGeneralSettings"},
		{"a different request", settingsFields(), []Case{settingsCases[0],
			{Name: "update", Event: settingsCases[1].Event, Want: `{"updateSettings":{"displayName":"B"}}`}}, `update: request`},
		{"another operation", settingsFields(), []Case{settingsCases[0],
			{Name: "update", Event: settingsCases[1].Event, Want: `{"getSettings":{}}`}}, "want names the operation getSettings"},
		{"an error that does not come", settingsFields(), append([]Case{{Name: "bad", Event: settingsCases[0].Event, WantErr: "boom"}}, settingsCases...),
			`bad: error <nil>, want "boom"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			problems := Problems(graphql.OrganizationAPI, tt.fields, tt.cases)
			if !strings.Contains(strings.Join(problems, "\n"), tt.want) {
				t.Fatalf("problems %q, want one with %q", problems, tt.want)
			}
		})
	}
}
