package main

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/panther-operator/panther-operator/api/graphql"
	"github.com/panther-operator/panther-operator/lambdas/api"
	"github.com/panther-operator/panther-operator/lambdas/api/alertsapi"
	"github.com/panther-operator/panther-operator/lambdas/api/appsync"
	"github.com/panther-operator/panther-operator/lambdas/api/appsync/appsynctest"
)

func TestGraphQLFieldsTranslateIntoRequests(t *testing.T) {
	ev := appsynctest.Event
	appsynctest.CheckTranslations(t, graphql.AlertsAPI, graphQLFields, []appsynctest.Case{
		{Name: "alerts, every filter",
			Event: ev("Query.alerts", `{"input":{"ruleId":"AWS.Root.Login","types":["RULE","RULE_ERROR"],"severity":["HIGH","CRITICAL"],
				"status":["OPEN","TRIAGED"],"nameContains":"root","createdAtBefore":"2026-03-02T00:00:00Z","createdAtAfter":"2026-03-01T00:00:00Z",
				"eventCountMin":2,"eventCountMax":9,"logTypes":["AWS.CloudTrail"],"resourceTypes":["AWS.S3.Bucket"],"sortDir":"ascending",
				"pageSize":50,"exclusiveStartKey":"page-2"}}`),
			Want: `{"listAlerts":{"ruleId":"AWS.Root.Login","types":["RULE","RULE_ERROR"],"severity":["HIGH","CRITICAL"],
				"status":["OPEN","TRIAGED"],"nameContains":"root","createdAtBefore":"2026-03-02T00:00:00Z","createdAtAfter":"2026-03-01T00:00:00Z",
				"eventCountMin":2,"eventCountMax":9,"logTypes":["AWS.CloudTrail"],"resourceTypes":["AWS.S3.Bucket"],"sortDir":"ascending",
				"pageSize":50,"exclusiveStartKey":"page-2"}}`},
		{Name: "alerts without input", Event: ev("Query.alerts", `{}`), Want: `{"listAlerts":{}}`},
		{Name: "alert with a page of events", Event: ev("Query.alert", `{"input":{"alertId":"a1","eventsPageSize":10,"eventsExclusiveStartKey":"k"}}`),
			Want: `{"getAlert":{"alertId":"a1","eventsPageSize":10,"eventsExclusiveStartKey":"k"}}`},
		{Name: "status change as the caller", Event: ev("Mutation.updateAlertStatus", `{"input":{"alertIds":["a1","a2"],"status":"RESOLVED"}}`),
			Want: `{"updateAlertStatus":{"alertIds":["a1","a2"],"status":"RESOLVED","userId":"` + appsynctest.UserSub + `"}}`},
		{Name: "a field the wire input lacks", Event: ev("Query.alert", `{"input":{"alertId":"a1","eventsPageCount":3}}`),
			WantErr: `input of Query.alert: json: unknown field "eventsPageCount"`},
		{Name: "a field of another function", Event: ev("Query.rule", `{"input":{"id":"r"}}`),
			WantErr: "this function does not resolve the GraphQL field Query.rule"},
	})
}

func TestStatusChangeWithoutCognitoUserFails(t *testing.T) {
	event := `{"arguments":{"input":{"alertIds":["a1"],"status":"CLOSED"}},"identity":null,"source":null,
		"info":{"fieldName":"updateAlertStatus","parentTypeName":"Mutation","selectionSetList":[],"variables":{}}}`
	e, err := appsync.Parse([]byte(event))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := graphQLFields.Request(e); err == nil || err.Error() !=
		"InvalidInputError: Mutation.updateAlertStatus records who acted, but the request carries no Cognito user (identity.sub): sign in with the user pool" {
		t.Fatalf("error %v", err)
	}
}

// An AppSync event is answered with the operation's output as the field's value, an API
// error as the function's error with the API's message, and a one-key request as before.
func TestHandlerAnswersBothKindsOfInvocation(t *testing.T) {
	handle := func(_ context.Context, req *alertsapi.Request) (any, error) {
		if req.GetAlert != nil && req.GetAlert.AlertID == "gone" {
			return nil, &api.Error{Type: "DoesNotExistError", Message: "alert gone does not exist"}
		}
		return map[string]any{"seen": req}, nil
	}
	serve := appsync.Handler(graphQLFields, handle, appsync.OneKey(handle))
	out, err := serve(t.Context(), json.RawMessage(appsynctest.Event("Query.alert", `{"input":{"alertId":"a1"}}`)))
	if err != nil || jsonText(out) != `{"seen":{"getAlert":{"alertId":"a1"}}}` {
		t.Fatalf("AppSync: %s, %v", jsonText(out), err)
	}
	_, err = serve(t.Context(), json.RawMessage(appsynctest.Event("Query.alert", `{"input":{"alertId":"gone"}}`)))
	if err == nil || err.Error() != "DoesNotExistError: alert gone does not exist" {
		t.Fatalf("AppSync error: %v", err)
	}
	out, err = serve(t.Context(), json.RawMessage(`{"getAlert":{"alertId":"a2"}}`))
	if err != nil || jsonText(out) != `{"seen":{"getAlert":{"alertId":"a2"}}}` {
		t.Fatalf("one-key: %s, %v", jsonText(out), err)
	}
}

func jsonText(v any) string {
	data, _ := json.Marshal(v)
	return string(data)
}
