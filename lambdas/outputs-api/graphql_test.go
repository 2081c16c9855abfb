package main

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/panther-operator/panther-operator/api/graphql"
	"github.com/panther-operator/panther-operator/lambdas/api/appsync"
	"github.com/panther-operator/panther-operator/lambdas/api/appsync/appsynctest"
	"github.com/panther-operator/panther-operator/lambdas/api/outputsapi"
)

func TestGraphQLFieldsTranslateIntoRequests(t *testing.T) {
	ev := appsynctest.Event
	user := appsynctest.UserSub
	appsynctest.CheckTranslations(t, graphql.OutputsAPI, graphQLFields, []appsynctest.Case{
		{Name: "every destination, redacted", Event: ev("Query.destinations", `{}`), Want: `{"getOutputs":{}}`},
		{Name: "one destination", Event: ev("Query.destination", `{"input":{"outputId":"o1"}}`), Want: `{"getOutput":{"outputId":"o1"}}`},
		{Name: "add a Jira destination as the caller",
			Event: ev("Mutation.addDestination", `{"input":{"displayName":"Tickets","outputType":"jira","defaultForSeverity":["HIGH"],
				"alertTypes":["RULE"],"outputConfig":{"jira":{"orgDomain":"https://example.atlassian.net","projectKey":"SEC",
				"userName":"ada@example.com","apiKey":"k","assigneeId":"","issueType":"Task","labels":["panther"]}}}}`),
			Want: `{"addOutput":{"userId":"` + user + `","displayName":"Tickets","outputType":"jira","defaultForSeverity":["HIGH"],
				"alertTypes":["RULE"],"outputConfig":{"jira":{"orgDomain":"https://example.atlassian.net","projectKey":"SEC",
				"userName":"ada@example.com","apiKey":"k","assigneeId":"","issueType":"Task","labels":["panther"]}}}}`},
		{Name: "update keeping the secret",
			Event: ev("Mutation.updateDestination", `{"input":{"outputId":"o1","displayName":"Chat","defaultForSeverity":[],
				"outputConfig":{"slack":{"webhookURL":""}}}}`),
			Want: `{"updateOutput":{"userId":"` + user + `","outputId":"o1","displayName":"Chat","defaultForSeverity":[],
				"outputConfig":{"slack":{"webhookURL":""}}}}`},
		{Name: "delete", Event: ev("Mutation.deleteDestination", `{"input":{"outputId":"o1"}}`), Want: `{"deleteOutput":{"outputId":"o1"}}`},
		{Name: "the acting user is the caller, never the input", Event: ev("Mutation.addDestination", `{"input":{"userId":"someone-else"}}`),
			Want: `{"addOutput":{"userId":"` + user + `"}}`},
	})
}

// A delete answers nothing; the field says it succeeded. An API error is the field's error.
func TestHandlerAnswersDeleteAsTrueAndErrorsWithTheirMessage(t *testing.T) {
	handle := func(_ context.Context, req *outputsapi.Request) (any, error) {
		if req.DeleteOutput.OutputID == "gone" {
			return nil, &outputsapi.Error{Type: "DoesNotExistError", Message: "output gone does not exist"}
		}
		return nil, nil
	}
	serve := appsync.Handler(graphQLFields, handle, appsync.OneKey(handle))
	out, err := serve(t.Context(), json.RawMessage(appsynctest.Event("Mutation.deleteDestination", `{"input":{"outputId":"o1"}}`)))
	if err != nil || out != true {
		t.Fatalf("delete: %v, %v", out, err)
	}
	_, err = serve(t.Context(), json.RawMessage(appsynctest.Event("Mutation.deleteDestination", `{"input":{"outputId":"gone"}}`)))
	if err == nil || err.Error() != "DoesNotExistError: output gone does not exist" {
		t.Fatalf("delete of a missing output: %v", err)
	}
	if out, err := serve(t.Context(), json.RawMessage(`{"deleteOutput":{"outputId":"o1"}}`)); err != nil || out != nil {
		t.Fatalf("one-key delete: %v, %v", out, err)
	}
}
