package appsync

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
)

// An event as AppSync sends it for a Cognito user's query.
const awsEvent = `{
  "arguments": {"input": {"alertId": "a1", "eventsPageSize": 5}},
  "identity": {
    "claims": {"sub": "7d8c1f2e-0b7a-4e59-9c1d-3f2a6b8e4d10", "email": "ada@example.com", "cognito:username": "7d8c1f2e-0b7a-4e59-9c1d-3f2a6b8e4d10"},
    "defaultAuthStrategy": "ALLOW",
    "groups": null,
    "issuer": "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEfGhI",
    "sourceIp": ["198.51.100.7"],
    "sub": "7d8c1f2e-0b7a-4e59-9c1d-3f2a6b8e4d10",
    "username": "7d8c1f2e-0b7a-4e59-9c1d-3f2a6b8e4d10"
  },
  "source": null,
  "request": {"headers": {"content-type": "application/json"}, "domainName": null},
  "prev": null,
  "info": {
    "selectionSetList": ["alert", "alert/alertId", "events"],
    "selectionSetGraphQL": "{\n  alert {\n    alertId\n  }\n  events\n}",
    "fieldName": "alert",
    "parentTypeName": "Query",
    "variables": {"id": "a1"}
  },
  "stash": {}
}`

func TestParseReadsAnAppSyncEvent(t *testing.T) {
	e, err := Parse([]byte(awsEvent))
	if err != nil || e == nil {
		t.Fatalf("Parse = %v, %v", e, err)
	}
	if e.Field() != "Query.alert" || e.Identity.Sub != "7d8c1f2e-0b7a-4e59-9c1d-3f2a6b8e4d10" || e.Identity.Claims["email"] != "ada@example.com" ||
		strings.Join(e.Info.SelectionSetList, ",") != "alert,alert/alertId,events" || e.Info.Variables["id"] != "a1" ||
		string(e.Source) != "null" {
		t.Fatalf("event %+v, identity %+v", e, e.Identity)
	}
	user, err := e.UserID()
	if err != nil || user != e.Identity.Sub {
		t.Fatalf("UserID = %q, %v", user, err)
	}
}

func TestParseLeavesOtherPayloadsAlone(t *testing.T) {
	for _, payload := range []string{`{"getAlert":{"alertId":"a1"}}`, `{"Records":[]}`, `{"info":{"fieldName":"x"}}`, `[1,2]`, `"text"`, ``} {
		if e, err := Parse([]byte(payload)); e != nil || err != nil {
			t.Errorf("Parse(%s) = %v, %v; want neither an event nor an error", payload, e, err)
		}
	}
}

func TestParseRefusesABrokenEvent(t *testing.T) {
	for payload, want := range map[string]string{
		`{"arguments":{},"info":{"parentTypeName":"Query"}}`:       "names no field",
		`{"arguments":[],"info":{"fieldName":"alert"}}`:            "cannot be read",
		`{"arguments":{},"info":{"fieldName":"a"},"identity":"x"}`: "cannot be read",
	} {
		if _, err := Parse([]byte(payload)); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Parse(%s) = %v, want %q", payload, err, want)
		}
	}
}

func event(t *testing.T, field, arguments, identity string) *Event {
	t.Helper()
	typeName, fieldName, _ := strings.Cut(field, ".")
	e, err := Parse([]byte(`{"arguments":` + arguments + `,"identity":` + identity +
		`,"info":{"fieldName":"` + fieldName + `","parentTypeName":"` + typeName + `"}}`))
	if err != nil || e == nil {
		t.Fatalf("event: %v", err)
	}
	return e
}

func TestInputDecodesOnlyTheWireFields(t *testing.T) {
	type input struct {
		ID   string `json:"id"`
		Page int    `json:"page"`
	}
	tests := []struct{ name, arguments, want, wantErr string }{
		{"given", `{"input":{"id":"x","page":2}}`, `{"id":"x","page":2}`, ""},
		{"absent", `{}`, `{"id":"kept","page":0}`, ""},
		{"null", `{"input":null}`, `{"id":"kept","page":0}`, ""},
		{"unknown field", `{"input":{"id":"x","pages":2}}`, "", `InvalidInputError: input of Query.things: json: unknown field "pages"`},
		{"wrong type", `{"input":{"page":"2"}}`, "", "InvalidInputError: input of Query.things: json: cannot unmarshal string"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := input{ID: "kept"}
			err := event(t, "Query.things", tt.arguments, "null").Input(&in)
			if tt.wantErr != "" {
				if err == nil || !strings.HasPrefix(err.Error(), tt.wantErr) {
					t.Fatalf("error %v, want %q", err, tt.wantErr)
				}
				return
			}
			if got, _ := json.Marshal(in); err != nil || string(got) != tt.want {
				t.Fatalf("input %s, %v; want %s", got, err, tt.want)
			}
		})
	}
}

func TestUserIDNeedsACognitoUser(t *testing.T) {
	for _, identity := range []string{"null", `{"sub":""}`, `{"accountId":"000000000000","username":"AKIDEXAMPLE"}`} {
		_, err := event(t, "Mutation.addRule", `{}`, identity).UserID()
		if err == nil || !strings.Contains(err.Error(), "Mutation.addRule records who acted, but the request carries no Cognito user") {
			t.Errorf("identity %s: %v", identity, err)
		}
	}
}

func TestJSONDecodesParsedAndTextArguments(t *testing.T) {
	tests := []struct{ name, raw, want, wantErr string }{
		{"parsed", `{"a":["b"]}`, `{"a":["b"]}`, ""},
		{"text", `"{\"a\":[\"b\"]}"`, `{"a":["b"]}`, ""},
		{"null", `null`, `null`, ""},
		{"absent", ``, `null`, ""},
		{"text that is not JSON", `"{a"`, "", "input.reports: invalid character"},
		{"wrong shape", `"[\"b\"]"`, "", "input.reports: json: cannot unmarshal array"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var j JSON
			if tt.raw != "" {
				if err := json.Unmarshal([]byte(tt.raw), &j); err != nil {
					t.Fatal(err)
				}
			}
			var v map[string][]string
			err := j.Decode("input.reports", &v)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error %v, want %q", err, tt.wantErr)
				}
				return
			}
			if got, _ := json.Marshal(v); err != nil || string(got) != tt.want {
				t.Fatalf("value %s, %v; want %s", got, err, tt.want)
			}
		})
	}
}

type request struct {
	Get *struct {
		ID string `json:"id"`
	} `json:"get,omitempty"`
	Delete *struct {
		ID string `json:"id"`
	} `json:"delete,omitempty"`
}

var fields = Fields[request]{
	"Query.thing": {Request: func(e *Event) (*request, error) {
		r := &request{}
		return r, e.Input(&r.Get)
	}},
	"Mutation.deleteThing": {Request: func(e *Event) (*request, error) {
		r := &request{}
		return r, e.Input(&r.Delete)
	}, Value: Succeeded},
}

func TestHandlerRoutesEventsAndOneKeyRequests(t *testing.T) {
	var seen []string
	handle := func(_ context.Context, r *request) (any, error) {
		data, _ := json.Marshal(r)
		seen = append(seen, string(data))
		return map[string]string{"id": "t1"}, nil
	}
	serve := Handler(fields, handle, OneKey(handle))
	ctx := t.Context()
	if out, err := serve(ctx, json.RawMessage(`{"arguments":{"input":{"id":"t1"}},"info":{"fieldName":"thing","parentTypeName":"Query"}}`)); err != nil ||
		out.(map[string]string)["id"] != "t1" {
		t.Fatalf("query: %v, %v", out, err)
	}
	if out, err := serve(ctx, json.RawMessage(`{"arguments":{"input":{"id":"t1"}},"info":{"fieldName":"deleteThing","parentTypeName":"Mutation"}}`)); err != nil || out != true {
		t.Fatalf("delete: %v, %v", out, err)
	}
	if _, err := serve(ctx, json.RawMessage(`{"get":{"id":"t2"}}`)); err != nil {
		t.Fatal(err)
	}
	if want := []string{`{"get":{"id":"t1"}}`, `{"delete":{"id":"t1"}}`, `{"get":{"id":"t2"}}`}; strings.Join(seen, " ") != strings.Join(want, " ") {
		t.Fatalf("requests %v, want %v", seen, want)
	}
	_, err := serve(ctx, json.RawMessage(`{"arguments":{},"info":{"fieldName":"other","parentTypeName":"Query"}}`))
	if err == nil || err.Error() != "InvalidInputError: this function does not resolve the GraphQL field Query.other" {
		t.Fatalf("unknown field: %v", err)
	}
	_, err = serve(ctx, json.RawMessage(`{"get":"t3"}`))
	if err == nil || !strings.Contains(err.Error(), "the payload is neither an AppSync event nor a request") {
		t.Fatalf("bad request: %v", err)
	}
	if len(seen) != 3 {
		t.Fatalf("failed translations reached the handler: %v", seen)
	}
}
