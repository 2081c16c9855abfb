package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"testing"

	"github.com/aws/aws-lambda-go/lambda/messages"

	"github.com/panther-operator/panther-operator/api/graphql"
	"github.com/panther-operator/panther-operator/lambdas/api/analysisapi"
	"github.com/panther-operator/panther-operator/lambdas/api/appsync"
	"github.com/panther-operator/panther-operator/lambdas/api/appsync/appsynctest"
	"github.com/panther-operator/panther-operator/lambdas/awsx"
)

// A rule as the web app's editor sends it; reports and mocks are AWSJSON.
const ruleInput = `{"id":"AWS.Root.Login","body":"def rule(event):\n    return True\n","displayName":"Root login",
	"description":"d","enabled":true,"logTypes":["AWS.CloudTrail"],"severity":"HIGH","dedupPeriodMinutes":30,"threshold":2,
	"tags":["iam"],"reports":%s,"outputIds":["o1"],"reference":"https://example.com/ref","runbook":"Call Ada",
	"tests":[{"name":"root","expectedResult":true,"resource":"{\"userIdentity\":{\"type\":\"Root\"}}","mocks":%s}]}`

const ruleRequest = `{"id":"AWS.Root.Login","body":"def rule(event):\n    return True\n","displayName":"Root login",
	"description":"d","enabled":true,"logTypes":["AWS.CloudTrail"],"severity":"HIGH","dedupPeriodMinutes":30,"threshold":2,
	"tags":["iam"],"reports":{"MITRE ATT&CK":["TA0004:T1078"]},"outputIds":["o1"],"reference":"https://example.com/ref","runbook":"Call Ada",
	"tests":[{"name":"root","expectedResult":true,"resource":"{\"userIdentity\":{\"type\":\"Root\"}}","mocks":{"lookup":"ada"}}],
	"userId":"` + appsynctest.UserSub + `"}`

func withJSON(format, reports, mocks string) string {
	return `{"input":` + fmt.Sprintf(format, reports, mocks) + `}`
}

func TestGraphQLFieldsTranslateIntoRequests(t *testing.T) {
	ev := appsynctest.Event
	user := appsynctest.UserSub
	parsedReports, parsedMocks := `{"MITRE ATT&CK":["TA0004:T1078"]}`, `{"lookup":"ada"}`
	textReports, textMocks := jsonString(parsedReports), jsonString(parsedMocks)
	appsynctest.CheckTranslations(t, graphql.AnalysisAPI, graphQLFields, []appsynctest.Case{
		{Name: "detections, every filter",
			Event: ev("Query.detections", `{"input":{"analysisTypes":["RULE"],"ids":["a"],"nameContains":"root","enabled":true,
				"logTypes":["AWS.CloudTrail"],"severity":["HIGH"],"tags":["iam"],"createdBy":"u1","lastModifiedBy":"u2",
				"sortBy":"lastModified","sortDir":"descending","page":2,"pageSize":50}}`),
			Want: `{"listDetections":{"analysisTypes":["RULE"],"ids":["a"],"nameContains":"root","enabled":true,
				"logTypes":["AWS.CloudTrail"],"severity":["HIGH"],"tags":["iam"],"createdBy":"u1","lastModifiedBy":"u2",
				"sortBy":"lastModified","sortDir":"descending","page":2,"pageSize":50}}`},
		{Name: "detections without input", Event: ev("Query.detections", `{"input":null}`), Want: `{"listDetections":{}}`},
		{Name: "a rule at a version", Event: ev("Query.rule", `{"input":{"id":"AWS.Root.Login","versionId":"v3"}}`),
			Want: `{"getRule":{"id":"AWS.Root.Login","versionId":"v3"}}`},
		{Name: "add a rule, AWSJSON parsed by AppSync", Event: ev("Mutation.addRule", withJSON(ruleInput, parsedReports, parsedMocks)),
			Want: `{"createRule":` + ruleRequest + `}`},
		{Name: "update a rule, AWSJSON as text", Event: ev("Mutation.updateRule", withJSON(ruleInput, textReports, textMocks)),
			Want: `{"updateRule":` + ruleRequest + `}`},
		{Name: "reports that are not a JSON object of string lists", Event: ev("Mutation.addRule", withJSON(ruleInput, `"[1]"`, "null")),
			WantErr: "input.reports: json: cannot unmarshal array"},
		{Name: "mocks that are not JSON", Event: ev("Mutation.addRule", withJSON(ruleInput, "null", `"{nope"`)),
			WantErr: "input.tests[0].mocks:"},
		{Name: "delete detections", Event: ev("Mutation.deleteDetections", `{"input":{"entries":[{"id":"a"},{"id":"b"}]}}`),
			Want: `{"deleteDetections":{"entries":[{"id":"a"},{"id":"b"}]}}`},
		{Name: "test an unsaved rule",
			Event: ev("Mutation.testRule", `{"input":{"body":"def rule(e): return True","logTypes":["AWS.CloudTrail"],
				"tests":[{"name":"t","expectedResult":false,"resource":"{}","mocks":`+textMocks+`}]}}`),
			Want: `{"testRule":{"body":"def rule(e): return True","logTypes":["AWS.CloudTrail"],
				"tests":[{"name":"t","expectedResult":false,"resource":"{}","mocks":{"lookup":"ada"}}]}}`},
		{Name: "bulk upload as the caller", Event: ev("Mutation.uploadDetections", `{"input":{"data":"UEsDBA=="}}`),
			Want: `{"bulkUpload":{"data":"UEsDBA==","userId":"` + user + `"}}`},
		{Name: "globals", Event: ev("Query.listGlobalPythonModules", `{"input":{"nameContains":"helpers","sortDir":"ascending","page":1,"pageSize":10}}`),
			Want: `{"listGlobals":{"nameContains":"helpers","sortDir":"ascending","page":1,"pageSize":10}}`},
		{Name: "one global", Event: ev("Query.getGlobalPythonModule", `{"input":{"id":"panther_base_helpers"}}`),
			Want: `{"getGlobal":{"id":"panther_base_helpers"}}`},
		{Name: "add a global", Event: ev("Mutation.addGlobalPythonModule", `{"input":{"id":"g","body":"X = 1","description":"d"}}`),
			Want: `{"createGlobal":{"id":"g","body":"X = 1","description":"d","userId":"` + user + `"}}`},
		{Name: "update a global", Event: ev("Mutation.updateGlobalPythonModule", `{"input":{"id":"g","body":"X = 2"}}`),
			Want: `{"updateGlobal":{"id":"g","body":"X = 2","userId":"` + user + `"}}`},
		{Name: "delete globals", Event: ev("Mutation.deleteGlobalPythonModules", `{"input":{"entries":[{"id":"g"}]}}`),
			Want: `{"deleteGlobals":{"entries":[{"id":"g"}]}}`},
		{Name: "data models", Event: ev("Query.listDataModels", `{"input":{"enabled":false,"logTypes":["Okta.SystemLog"]}}`),
			Want: `{"listDataModels":{"enabled":false,"logTypes":["Okta.SystemLog"]}}`},
		{Name: "one data model", Event: ev("Query.getDataModel", `{"input":{"id":"Standard.Okta","versionId":"v1"}}`),
			Want: `{"getDataModel":{"id":"Standard.Okta","versionId":"v1"}}`},
		{Name: "add a data model",
			Event: ev("Mutation.addDataModel", `{"input":{"id":"m","displayName":"M","enabled":true,"logTypes":["Okta.SystemLog"],
				"mappings":[{"name":"actor_user","path":"$.actor.alternateId"},{"name":"source_ip","method":"ip"}],"body":"def ip(e): return 1"}}`),
			Want: `{"createDataModel":{"id":"m","displayName":"M","enabled":true,"logTypes":["Okta.SystemLog"],
				"mappings":[{"name":"actor_user","path":"$.actor.alternateId"},{"name":"source_ip","method":"ip"}],"body":"def ip(e): return 1",
				"userId":"` + user + `"}}`},
		{Name: "update a data model", Event: ev("Mutation.updateDataModel", `{"input":{"id":"m","enabled":false,"logTypes":[],"mappings":[]}}`),
			Want: `{"updateDataModel":{"id":"m","enabled":false,"logTypes":[],"mappings":[],"userId":"` + user + `"}}`},
		{Name: "delete data models", Event: ev("Mutation.deleteDataModels", `{"input":{"entries":[{"id":"m"}]}}`),
			Want: `{"deleteDataModels":{"entries":[{"id":"m"}]}}`},
	})
}

// The gateway style: a 2xx body is the field's value as JSON; any other status fails with
// the body's message, typed like the other APIs' errors; a one-key request still gets the
// response itself.
func TestGatewayResponsesBecomeFieldValuesOrErrors(t *testing.T) {
	responses := map[string]analysisapi.Response{
		"ok":       {StatusCode: http.StatusCreated, Body: `{"id":"r","enabled":true}`},
		"missing":  {StatusCode: http.StatusNotFound, Body: `{"message":"rule r does not exist"}`},
		"invalid":  {StatusCode: http.StatusBadRequest, Body: `{"message":"severity: \"URGENT\" is not a severity"}`},
		"engine":   {StatusCode: http.StatusBadGateway, Body: `{"message":"the rules engine could not run the tests: timeout"}`},
		"not JSON": {StatusCode: http.StatusInternalServerError, Body: `oops`},
	}
	answer := gateway(func(_ context.Context, req *analysisapi.Request) analysisapi.Response {
		return responses[req.GetRule.ID]
	})
	serve := appsync.Handler(graphQLFields, answer.resolve, appsync.OneKey(answer.direct))
	call := func(id string) (any, error) {
		return serve(t.Context(), json.RawMessage(appsynctest.Event("Query.rule", `{"input":{"id":"`+id+`"}}`)))
	}
	out, err := call("ok")
	if err != nil || jsonText(out) != `{"id":"r","enabled":true}` {
		t.Fatalf("ok: %s, %v", jsonText(out), err)
	}
	for id, want := range map[string]messages.InvokeResponse_Error{
		"missing":  {Type: "DoesNotExistError", Message: "rule r does not exist"},
		"invalid":  {Type: "InvalidInputError", Message: `severity: "URGENT" is not a severity`},
		"engine":   {Type: "InternalError", Message: "the rules engine could not run the tests: timeout"},
		"not JSON": {Type: "InternalError", Message: "panther-analysis-api answered 500: oops"},
	} {
		_, err := call(id)
		// What the function answers Lambda, and so the GraphQL error's type and message.
		var got messages.InvokeResponse_Error
		if !errors.As(awsx.FunctionError(err), &got) || got.Type != want.Type || got.Message != want.Message {
			t.Errorf("%s: %#v, want %#v", id, awsx.FunctionError(err), want)
		}
	}
	out, err = serve(t.Context(), json.RawMessage(`{"getRule":{"id":"missing"}}`))
	if resp, ok := out.(analysisapi.Response); err != nil || !ok || resp.StatusCode != http.StatusNotFound {
		t.Fatalf("one-key: %#v, %v", out, err)
	}
}

func TestDeletesAnswerTrue(t *testing.T) {
	answer := gateway(func(context.Context, *analysisapi.Request) analysisapi.Response {
		return analysisapi.Response{StatusCode: http.StatusOK, Body: `{}`}
	})
	serve := appsync.Handler(graphQLFields, answer.resolve, appsync.OneKey(answer.direct))
	for _, field := range []string{"Mutation.deleteDetections", "Mutation.deleteGlobalPythonModules", "Mutation.deleteDataModels"} {
		out, err := serve(t.Context(), json.RawMessage(appsynctest.Event(field, `{"input":{"entries":[{"id":"x"}]}}`)))
		if err != nil || out != true {
			t.Errorf("%s: %v, %v", field, out, err)
		}
	}
}

func jsonText(v any) string {
	data, _ := json.Marshal(v)
	return string(data)
}

func jsonString(s string) string {
	data, _ := json.Marshal(s)
	return string(data)
}
