package main

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/panther-operator/panther-operator/api/graphql"
	"github.com/panther-operator/panther-operator/lambdas/api"
	"github.com/panther-operator/panther-operator/lambdas/api/appsync"
	"github.com/panther-operator/panther-operator/lambdas/api/appsync/appsynctest"
	"github.com/panther-operator/panther-operator/lambdas/api/logtypesapi"
)

const spec = "fields:\n  - name: msg\n    type: string\n"

func TestGraphQLFieldsTranslateIntoRequests(t *testing.T) {
	ev := appsynctest.Event
	appsynctest.CheckTranslations(t, graphql.LogTypesAPI, graphQLFields, []appsynctest.Case{
		{Name: "every log type", Event: ev("Query.listAvailableLogTypes", `{}`), Want: `{"ListAvailableLogTypes":{}}`},
		{Name: "custom log types", Event: ev("Query.listCustomLogs", `{}`), Want: `{"ListCustomLogs":{}}`},
		{Name: "one custom log type", Event: ev("Query.getCustomLog", `{"input":{"logType":"Custom.App","revision":2}}`),
			Want: `{"GetCustomLog":{"logType":"Custom.App","revision":2}}`},
		{Name: "add", Event: ev("Mutation.addCustomLog", `{"input":{"logType":"Custom.App","description":"app logs",
				"referenceURL":"https://example.com/app","logSpec":`+jsonString(spec)+`}}`),
			Want: `{"PutCustomLog":{"logType":"Custom.App","revision":0,"description":"app logs",
				"referenceURL":"https://example.com/app","logSpec":` + jsonString(spec) + `}}`},
		{Name: "add is always a new log type", Event: ev("Mutation.addCustomLog", `{"input":{"logType":"Custom.App","revision":3,"logSpec":"x"}}`),
			Want: `{"PutCustomLog":{"logType":"Custom.App","revision":0,"logSpec":"x"}}`},
		{Name: "update the current revision", Event: ev("Mutation.updateCustomLog", `{"input":{"logType":"Custom.App","revision":1,"logSpec":"x"}}`),
			Want: `{"PutCustomLog":{"logType":"Custom.App","revision":1,"logSpec":"x"}}`},
		{Name: "delete", Event: ev("Mutation.deleteCustomLog", `{"input":{"logType":"Custom.App","revision":2}}`),
			Want: `{"DelCustomLog":{"logType":"Custom.App","revision":2}}`},
	})
}

func TestHandlerAnswersDeleteAsTrueAndErrorsWithTheirMessage(t *testing.T) {
	handle := func(_ context.Context, req *logtypesapi.Request) (any, error) {
		if req.DelCustomLog.Revision != 2 {
			return nil, &api.Error{Type: "RevisionConflictError", Message: "Custom.App is at revision 2"}
		}
		return nil, nil
	}
	serve := appsync.Handler(graphQLFields, handle, appsync.OneKey(handle))
	out, err := serve(t.Context(), json.RawMessage(appsynctest.Event("Mutation.deleteCustomLog", `{"input":{"logType":"Custom.App","revision":2}}`)))
	if err != nil || out != true {
		t.Fatalf("delete: %v, %v", out, err)
	}
	_, err = serve(t.Context(), json.RawMessage(appsynctest.Event("Mutation.deleteCustomLog", `{"input":{"logType":"Custom.App","revision":1}}`)))
	if err == nil || err.Error() != "RevisionConflictError: Custom.App is at revision 2" {
		t.Fatalf("stale delete: %v", err)
	}
}

func jsonString(s string) string {
	data, _ := json.Marshal(s)
	return string(data)
}
