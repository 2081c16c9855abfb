package logtypesapi_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/panther-operator/panther-operator/internal/testenv"
	"github.com/panther-operator/panther-operator/lambdas/api"
	"github.com/panther-operator/panther-operator/lambdas/api/logtypesapi"
	"github.com/panther-operator/panther-operator/lambdas/awsx"
	"github.com/panther-operator/panther-operator/lambdas/logs/logtypes"
	apiimpl "github.com/panther-operator/panther-operator/lambdas/logtypesapi"
)

func newAPI(t *testing.T) *apiimpl.API {
	t.Helper()
	cfg := testenv.LocalAWS(t)
	client := dynamodb.NewFromConfig(cfg)
	_, err := client.CreateTable(context.Background(), &dynamodb.CreateTableInput{TableName: aws.String("panther-logtypes"), BillingMode: ddbtypes.BillingModePayPerRequest,
		KeySchema:            []ddbtypes.KeySchemaElement{{AttributeName: aws.String("logType"), KeyType: ddbtypes.KeyTypeHash}},
		AttributeDefinitions: []ddbtypes.AttributeDefinition{{AttributeName: aws.String("logType"), AttributeType: ddbtypes.ScalarAttributeTypeS}}})
	if err != nil {
		t.Fatal(err)
	}
	natives, err := logtypes.Native()
	if err != nil {
		t.Fatal(err)
	}
	return &apiimpl.API{Store: &awsx.LogTypeTable{Client: client, Name: "panther-logtypes"}, Natives: natives, Now: time.Now}
}

const loginV1 = `schema: Custom.Login
version: 0
fields:
  - {name: time, type: timestamp, timeFormat: rfc3339, isEventTime: true, required: true}
  - {name: user, type: string, indicators: [username]}
`

func call(t *testing.T, a *apiimpl.API, req logtypesapi.Request) (any, *api.Error) {
	t.Helper()
	out, err := a.Handle(context.Background(), &req)
	var apiErr *api.Error
	if err != nil && !errors.As(err, &apiErr) {
		t.Fatal(err)
	}
	return out, apiErr
}

func TestCustomLogTypesLifecycle(t *testing.T) {
	a := newAPI(t)
	out, err := call(t, a, logtypesapi.Request{PutCustomLog: &logtypesapi.PutCustomLogInput{LogType: "Login", LogSpec: loginV1, Description: "sign-ins"}})
	if err != nil || out.(*logtypesapi.Record).LogType != "Custom.Login" || out.(*logtypesapi.Record).Revision != 1 {
		t.Fatalf("create: %v %+v", err, out)
	}
	if _, err := call(t, a, logtypesapi.Request{PutCustomLog: &logtypesapi.PutCustomLogInput{LogType: "Custom.Login", LogSpec: loginV1}}); err == nil || err.Type != "AlreadyExistsError" {
		t.Fatalf("second create: %v", err)
	}
	// Removing a field is refused: the table keeps it.
	removed := strings.Replace(loginV1, "  - {name: user, type: string, indicators: [username]}\n", "", 1)
	if _, err := call(t, a, logtypesapi.Request{PutCustomLog: &logtypesapi.PutCustomLogInput{LogType: "Custom.Login", Revision: 1, LogSpec: removed}}); err == nil ||
		err.Type != "InvalidInputError" || !strings.Contains(err.Message, "fields.user: removed") {
		t.Fatalf("incompatible update: %v", err)
	}
	added := loginV1 + "  - {name: ip, type: string, indicators: [ip]}\n"
	if out, err := call(t, a, logtypesapi.Request{PutCustomLog: &logtypesapi.PutCustomLogInput{LogType: "Custom.Login", Revision: 1, LogSpec: added}}); err != nil || out.(*logtypesapi.Record).Revision != 2 {
		t.Fatalf("compatible update: %v %+v", err, out)
	}
	if _, err := call(t, a, logtypesapi.Request{PutCustomLog: &logtypesapi.PutCustomLogInput{LogType: "Custom.Login", Revision: 1, LogSpec: added}}); err == nil || err.Type != "RevisionConflictError" {
		t.Fatalf("stale update: %v", err)
	}
	available, _ := call(t, a, logtypesapi.Request{ListAvailableLogTypes: &struct{}{}})
	names := available.(*logtypesapi.AvailableLogTypes).LogTypes
	if !contains(names, "Custom.Login") || !contains(names, "AWS.CloudTrail") {
		t.Fatalf("available %v", names)
	}
	schema, err := call(t, a, logtypesapi.Request{GetSchema: &logtypesapi.GetSchemaInput{Name: "AWS.VPCFlow"}})
	if err != nil || !schema.(*logtypesapi.Record).Managed || !strings.Contains(schema.(*logtypesapi.Record).LogSpec, "schema: AWS.VPCFlow") {
		t.Fatalf("native schema: %v %+v", err, schema)
	}
	if _, err := call(t, a, logtypesapi.Request{DelCustomLog: &logtypesapi.DelCustomLogInput{LogType: "Custom.Login", Revision: 2}}); err != nil {
		t.Fatalf("delete: %v", err)
	}
	if _, err := call(t, a, logtypesapi.Request{GetSchema: &logtypesapi.GetSchemaInput{Name: "Custom.Login"}}); err == nil || err.Type != "NotFoundError" {
		t.Fatalf("deleted type's schema: %v", err)
	}
	if _, err := call(t, a, logtypesapi.Request{PutCustomLog: &logtypesapi.PutCustomLogInput{LogType: "Custom.Login", LogSpec: loginV1}}); err == nil || err.Type != "AlreadyExistsError" {
		t.Fatalf("reusing a deleted name: %v", err)
	}
}

func TestBadCustomSchemasNameTheProblem(t *testing.T) {
	a := newAPI(t)
	for spec, want := range map[string]string{
		"schema: Custom.Other\nfields: [{name: a, type: string}]\n":          `schema is "Custom.Other"; it must be the log type's name, Custom.Login`,
		"schema: Custom.Login\nfields: [{name: a, type: strng}]\n":           `fields[0] (a): type "strng" is not one of`,
		"schema: Custom.Login\nfields: [{name: t, type: timestamp}]\n":       "a timestamp needs timeFormat",
		"schema: Custom.Login\nfeilds: []\n":                                 "field feilds not found",
		"schema: Custom.Login\nfields: [{name: a, type: ref, target: Nope}]": `target "Nope" is not in definitions`,
	} {
		_, err := call(t, a, logtypesapi.Request{PutCustomLog: &logtypesapi.PutCustomLogInput{LogType: "Custom.Login", LogSpec: spec}})
		if err == nil || err.Type != "InvalidInputError" || !strings.Contains(err.Message, want) {
			t.Errorf("%q: %v, want %q", spec, err, want)
		}
	}
	if _, err := call(t, a, logtypesapi.Request{PutCustomLog: &logtypesapi.PutCustomLogInput{LogType: "AWS.CloudTrail", LogSpec: loginV1}}); err == nil {
		t.Error("a custom type took a native type's name")
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
