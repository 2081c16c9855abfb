package main

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"net/http"

	wire "github.com/panther-operator/panther-operator/lambdas/api"
	"github.com/panther-operator/panther-operator/lambdas/api/analysisapi"
	"github.com/panther-operator/panther-operator/lambdas/api/appsync"
)

// graphQLFields are the web app's fields this function answers, each as the one-key request
// of its operation; api/graphql maps the fields to it.
var graphQLFields = appsync.Fields[analysisapi.Request]{
	"Query.detections": {Request: appsync.Decode(func(in *analysisapi.ListInput) *analysisapi.Request {
		return &analysisapi.Request{ListDetections: in}
	})},
	"Query.rule": {Request: appsync.Decode(func(in *analysisapi.GetInput) *analysisapi.Request {
		return &analysisapi.Request{GetRule: in}
	})},
	"Query.listGlobalPythonModules": {Request: appsync.Decode(func(in *analysisapi.ListInput) *analysisapi.Request {
		return &analysisapi.Request{ListGlobals: in}
	})},
	"Query.getGlobalPythonModule": {Request: appsync.Decode(func(in *analysisapi.GetInput) *analysisapi.Request {
		return &analysisapi.Request{GetGlobal: in}
	})},
	"Query.listDataModels": {Request: appsync.Decode(func(in *analysisapi.ListInput) *analysisapi.Request {
		return &analysisapi.Request{ListDataModels: in}
	})},
	"Query.getDataModel": {Request: appsync.Decode(func(in *analysisapi.GetInput) *analysisapi.Request {
		return &analysisapi.Request{GetDataModel: in}
	})},
	"Mutation.addRule":    {Request: saveRule(func(in *analysisapi.RuleInput) *analysisapi.Request { return &analysisapi.Request{CreateRule: in} })},
	"Mutation.updateRule": {Request: saveRule(func(in *analysisapi.RuleInput) *analysisapi.Request { return &analysisapi.Request{UpdateRule: in} })},
	"Mutation.deleteDetections": {Request: appsync.Decode(func(in *analysisapi.DeleteInput) *analysisapi.Request {
		return &analysisapi.Request{DeleteDetections: in}
	}), Value: appsync.Succeeded},
	"Mutation.testRule": {Request: testRule},
	"Mutation.uploadDetections": {Request: appsync.DecodeAsUser(func(in *analysisapi.BulkUploadInput, user string) *analysisapi.Request {
		in.UserID = user
		return &analysisapi.Request{BulkUpload: in}
	})},
	"Mutation.addGlobalPythonModule": {Request: appsync.DecodeAsUser(func(in *analysisapi.GlobalInput, user string) *analysisapi.Request {
		in.UserID = user
		return &analysisapi.Request{CreateGlobal: in}
	})},
	"Mutation.updateGlobalPythonModule": {Request: appsync.DecodeAsUser(func(in *analysisapi.GlobalInput, user string) *analysisapi.Request {
		in.UserID = user
		return &analysisapi.Request{UpdateGlobal: in}
	})},
	"Mutation.deleteGlobalPythonModules": {Request: appsync.Decode(func(in *analysisapi.DeleteInput) *analysisapi.Request {
		return &analysisapi.Request{DeleteGlobals: in}
	}), Value: appsync.Succeeded},
	"Mutation.addDataModel": {Request: appsync.DecodeAsUser(func(in *analysisapi.DataModelInput, user string) *analysisapi.Request {
		in.UserID = user
		return &analysisapi.Request{CreateDataModel: in}
	})},
	"Mutation.updateDataModel": {Request: appsync.DecodeAsUser(func(in *analysisapi.DataModelInput, user string) *analysisapi.Request {
		in.UserID = user
		return &analysisapi.Request{UpdateDataModel: in}
	})},
	"Mutation.deleteDataModels": {Request: appsync.Decode(func(in *analysisapi.DeleteInput) *analysisapi.Request {
		return &analysisapi.Request{DeleteDataModels: in}
	}), Value: appsync.Succeeded},
}

// ruleArguments is a rule input as AppSync hands it over: reports and each test's mocks are
// AWSJSON.
type ruleArguments struct {
	analysisapi.Rule
	Reports appsync.JSON        `json:"reports"`
	Tests   []unitTestArguments `json:"tests"`
}

type unitTestArguments struct {
	analysisapi.UnitTest
	Mocks appsync.JSON `json:"mocks"`
}

// saveRule is the Request of addRule and updateRule: the rule, saved as the caller.
func saveRule(wrap func(*analysisapi.RuleInput) *analysisapi.Request) func(*appsync.Event) (*analysisapi.Request, error) {
	return func(e *appsync.Event) (*analysisapi.Request, error) {
		user, err := e.UserID()
		if err != nil {
			return nil, err
		}
		var args ruleArguments
		if err := e.Input(&args); err != nil {
			return nil, err
		}
		rule := args.Rule
		if err := args.Reports.Decode("input.reports", &rule.Reports); err != nil {
			return nil, err
		}
		if rule.Tests, err = unitTests(args.Tests); err != nil {
			return nil, err
		}
		return wrap(&analysisapi.RuleInput{Rule: rule, UserID: user}), nil
	}
}

// testRule is the Request of testRule.
func testRule(e *appsync.Event) (*analysisapi.Request, error) {
	var args struct {
		analysisapi.TestRuleInput
		Tests []unitTestArguments `json:"tests"`
	}
	if err := e.Input(&args); err != nil {
		return nil, err
	}
	in := args.TestRuleInput
	var err error
	if in.Tests, err = unitTests(args.Tests); err != nil {
		return nil, err
	}
	return &analysisapi.Request{TestRule: &in}, nil
}

func unitTests(args []unitTestArguments) ([]analysisapi.UnitTest, error) {
	if args == nil {
		return nil, nil
	}
	tests := make([]analysisapi.UnitTest, len(args))
	for i, a := range args {
		tests[i] = a.UnitTest
		if err := a.Mocks.Decode(fmt.Sprintf("input.tests[%d].mocks", i), &tests[i].Mocks); err != nil {
			return nil, err
		}
	}
	return tests, nil
}

// gateway is analysis-api's handler, which answers in the gateway style {statusCode, body}.
type gateway func(context.Context, *analysisapi.Request) analysisapi.Response

// resolve answers a field: the body of a 2xx response is the field's value; any other
// response fails with the body's message.
func (g gateway) resolve(ctx context.Context, req *analysisapi.Request) (any, error) {
	resp := g(ctx, req)
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		return json.RawMessage(resp.Body), nil
	}
	var body analysisapi.ErrorBody
	if err := json.Unmarshal([]byte(resp.Body), &body); err != nil || body.Message == "" {
		body.Message = fmt.Sprintf("panther-analysis-api answered %d: %s", resp.StatusCode, resp.Body)
	}
	return nil, &wire.Error{Type: cmp.Or(errorTypes[resp.StatusCode], "InternalError"), Message: body.Message}
}

// direct answers a one-key request with the response as it is.
func (g gateway) direct(ctx context.Context, req *analysisapi.Request) (any, error) {
	return g(ctx, req), nil
}

// errorTypes name a failed status the way the other APIs name their errors; any other
// status is an InternalError.
var errorTypes = map[int]string{
	http.StatusBadRequest: "InvalidInputError",
	http.StatusNotFound:   "DoesNotExistError",
	http.StatusConflict:   "AlreadyExistsError",
}
