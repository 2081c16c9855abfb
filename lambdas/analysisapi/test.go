package analysisapi

import (
	"context"
	"net/http"

	"github.com/panther-operator/panther-operator/lambdas/api/analysisapi"
)

// testRuleID is the ID an unsaved rule is tested under.
const testRuleID = "RuleAPITestRule"

// testRule runs an unsaved rule's tests through the rules engine, with the saved globals and
// enabled data models, exactly as pantherctl analysis test runs a pack.
func (a *API) testRule(ctx context.Context, in *analysisapi.TestRuleInput) (*analysisapi.TestRuleOutput, error) {
	rule := analysisapi.Rule{ID: testRuleID, Body: in.Body, LogTypes: in.LogTypes, Tests: in.Tests, Severity: "INFO"}
	normalizeRule(&rule)
	if err := a.validateRule(ctx, &rule); err != nil {
		return nil, err
	}
	if len(in.Tests) == 0 {
		return nil, fail(http.StatusBadRequest, "tests: give at least one test")
	}
	all, err := a.Store.List(ctx)
	if err != nil {
		return nil, err
	}
	doc := testDocument{Rules: []analysisapi.Rule{rule}, Globals: []analysisapi.Global{}, DataModels: []analysisapi.DataModel{}}
	for i := range all {
		switch item := &all[i]; {
		case item.Type == analysisapi.TypeGlobal:
			doc.Globals = append(doc.Globals, item.global())
		case item.Type == analysisapi.TypeDataModel && item.Enabled:
			doc.DataModels = append(doc.DataModels, item.dataModel())
		}
	}
	var results testResults
	if err := a.Tester.Test(ctx, map[string]any{"test": doc}, &results); err != nil {
		return nil, fail(http.StatusBadGateway, "the rules engine could not run the tests: %v", err)
	}
	out := &analysisapi.TestRuleOutput{Results: []analysisapi.TestResult{}}
	for _, r := range results.Rules {
		out.Results = append(out.Results, r.Tests...)
	}
	return out, nil
}

// testDocument is the rules engine's test input (its test runner's document).
type testDocument struct {
	Globals    []analysisapi.Global    `json:"globals"`
	DataModels []analysisapi.DataModel `json:"dataModels"`
	Rules      []analysisapi.Rule      `json:"rules"`
}

// testResults is the rules engine's test output.
type testResults struct {
	Rules []struct {
		ID    string                   `json:"id"`
		Tests []analysisapi.TestResult `json:"tests"`
	} `json:"rules"`
}
