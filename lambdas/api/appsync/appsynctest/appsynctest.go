// Package appsynctest checks a function's GraphQL field translations against api/graphql's
// mapping of fields to functions and operations, with a table of AppSync events and the
// one-key requests they must become.
package appsynctest

import (
	"encoding/json"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/panther-operator/panther-operator/api/graphql"
	"github.com/panther-operator/panther-operator/lambdas/api/appsync"
)

// UserSub is the Cognito sub of the caller of Event's events.
const UserSub = "4f6c1a52-8e0b-4c55-9d7e-2b9a61c3e0f1"

// Case is one translation: the event of a field with arguments, and the one-key request it
// must become (JSON; fields left out are zero) or the error it must fail with.
type Case struct {
	Name    string
	Event   string
	Want    string
	WantErr string
}

// Event is the event AppSync sends for a root field ("Mutation.addRule") called with
// arguments (a JSON object) by a signed-in user whose sub is UserSub.
func Event(field, arguments string) string {
	typeName, fieldName, _ := strings.Cut(field, ".")
	return `{"arguments":` + arguments + `,"identity":{"sub":"` + UserSub + `","username":"` + UserSub +
		`","issuer":"https://cognito-idp.us-east-1.amazonaws.com/us-east-1_example","claims":{"sub":"` + UserSub +
		`","email":"ada@example.com"},"sourceIp":["198.51.100.7"],"groups":null},"source":null,` +
		`"request":{"headers":{}},"prev":null,"stash":{},` +
		`"info":{"fieldName":"` + fieldName + `","parentTypeName":"` + typeName +
		`","selectionSetList":["__typename"],"selectionSetGraphQL":"{ __typename }","variables":{}}}`
}

// CheckTranslations fails t with every problem Problems finds.
func CheckTranslations[R any](t *testing.T, function string, fields appsync.Fields[R], cases []Case) {
	t.Helper()
	for _, p := range Problems(function, fields, cases) {
		t.Error(p)
	}
}

// Problems checks that fields are exactly the fields api/graphql maps to function, that each
// case's event becomes its request (whose one key is the field's operation) or fails with its
// error, and that every field has a case that succeeds.
func Problems[R any](function string, fields appsync.Fields[R], cases []Case) []string {
	var problems []string
	operations := map[string]string{}
	for _, r := range graphql.ResolversOf(function) {
		operations[r.Field()] = r.Operation
	}
	if got, want := slices.Sorted(maps.Keys(fields)), slices.Sorted(maps.Keys(operations)); !slices.Equal(got, want) {
		problems = append(problems, fmt.Sprintf("%s translates %v; api/graphql maps %v to it", function, got, want))
	}
	covered := map[string]bool{}
	for _, c := range cases {
		field, problem := check(fields, operations, c)
		if problem != "" {
			problems = append(problems, c.Name+": "+problem)
		}
		if field != "" {
			covered[field] = true
		}
	}
	for _, field := range slices.Sorted(maps.Keys(operations)) {
		if !covered[field] {
			problems = append(problems, "no case translates "+field)
		}
	}
	return problems
}

// check runs one case and returns the field it translated successfully, if it did, or what
// went wrong.
func check[R any](fields appsync.Fields[R], operations map[string]string, c Case) (field, problem string) {
	e, err := appsync.Parse([]byte(c.Event))
	if err != nil || e == nil {
		return "", fmt.Sprintf("the event is not an AppSync event: %v", err)
	}
	got, err := fields.Request(e)
	if c.WantErr != "" {
		if err == nil || !strings.Contains(err.Error(), c.WantErr) {
			return "", fmt.Sprintf("error %v, want %q", err, c.WantErr)
		}
		return "", ""
	}
	if err != nil {
		return "", err.Error()
	}
	var keys map[string]json.RawMessage
	if err := json.Unmarshal([]byte(c.Want), &keys); err != nil || len(keys) != 1 {
		return "", fmt.Sprintf("want %s is not a one-key request: %v", c.Want, err)
	}
	if op := slices.Collect(maps.Keys(keys))[0]; op != operations[e.Field()] {
		return "", fmt.Sprintf("want names the operation %s; api/graphql maps %s to %q", op, e.Field(), operations[e.Field()])
	}
	want := new(R)
	if err := json.Unmarshal([]byte(c.Want), want); err != nil {
		return "", "want: " + err.Error()
	}
	if !reflect.DeepEqual(got, want) {
		gotJSON, _ := json.Marshal(got)
		wantJSON, _ := json.Marshal(want)
		return "", fmt.Sprintf("request\n %s\nwant\n %s", gotJSON, wantJSON)
	}
	return e.Field(), ""
}
