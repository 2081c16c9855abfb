package main

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/panther-operator/panther-operator/api/graphql"
	"github.com/panther-operator/panther-operator/lambdas/api/appsync"
	"github.com/panther-operator/panther-operator/lambdas/api/appsync/appsynctest"
	"github.com/panther-operator/panther-operator/lambdas/api/usersapi"
)

func TestGraphQLFieldsTranslateIntoRequests(t *testing.T) {
	ev := appsynctest.Event
	appsynctest.CheckTranslations(t, graphql.UsersAPI, graphQLFields, []appsynctest.Case{
		{Name: "list", Event: ev("Query.users", `{}`), Want: `{"listUsers":{}}`},
		{Name: "invite", Event: ev("Mutation.inviteUser", `{"input":{"givenName":"Ada","familyName":"Lovelace","email":"ada@example.com"}}`),
			Want: `{"inviteUser":{"givenName":"Ada","familyName":"Lovelace","email":"ada@example.com"}}`},
		// Fields not given stay unset, so that they keep their values.
		{Name: "rename", Event: ev("Mutation.updateUser", `{"input":{"id":"u1","givenName":"Augusta"}}`),
			Want: `{"updateUser":{"id":"u1","givenName":"Augusta"}}`},
		{Name: "reset", Event: ev("Mutation.resetUserPassword", `{"id":"u1"}`), Want: `{"resetUserPassword":{"id":"u1"}}`},
		{Name: "delete as the caller", Event: ev("Mutation.deleteUser", `{"id":"u1"}`),
			Want: `{"removeUser":{"id":"u1","requesterId":"` + appsynctest.UserSub + `"}}`},
		{Name: "a field the wire input lacks", Event: ev("Mutation.inviteUser", `{"input":{"email":"a@b.example","role":"admin"}}`),
			WantErr: `input of Mutation.inviteUser: json: unknown field "role"`},
		{Name: "an id that is not a string", Event: ev("Mutation.resetUserPassword", `{"id":7}`),
			WantErr: "id of Mutation.resetUserPassword: give the user's id as a string"},
		{Name: "no id", Event: ev("Mutation.deleteUser", `{}`), WantErr: "id of Mutation.deleteUser: give the user's id as a string"},
	})
}

func TestDeleteWithoutCognitoUserFails(t *testing.T) {
	e, err := appsync.Parse([]byte(`{"arguments":{"id":"u1"},"identity":null,"source":null,
		"info":{"fieldName":"deleteUser","parentTypeName":"Mutation","selectionSetList":[],"variables":{}}}`))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := graphQLFields.Request(e); err == nil || err.Error() !=
		"InvalidInputError: Mutation.deleteUser records who acted, but the request carries no Cognito user (identity.sub): sign in with the user pool" {
		t.Fatalf("error %v", err)
	}
}

// A field is answered with the operation's output, deleteUser with true, and an API error
// is the function's error with the API's message.
func TestHandlerAnswersUsersAndErrorsWithTheirMessage(t *testing.T) {
	handle := func(_ context.Context, req *usersapi.Request) (any, error) {
		switch {
		case req.RemoveUser != nil && req.RemoveUser.ID == req.RemoveUser.RequesterID:
			return nil, &usersapi.Error{Type: "InvalidInputError", Message: "id: is your own user"}
		case req.RemoveUser != nil:
			return nil, nil
		}
		return []usersapi.User{{ID: "u1", Email: "ada@example.com"}}, nil
	}
	serve := appsync.Handler(graphQLFields, handle, appsync.OneKey(handle))
	out, err := serve(t.Context(), json.RawMessage(appsynctest.Event("Query.users", `{}`)))
	if users, ok := out.([]usersapi.User); err != nil || !ok || len(users) != 1 || users[0].ID != "u1" {
		t.Fatalf("users: %#v, %v", out, err)
	}
	out, err = serve(t.Context(), json.RawMessage(appsynctest.Event("Mutation.deleteUser", `{"id":"u2"}`)))
	if err != nil || out != true {
		t.Fatalf("delete: %v, %v", out, err)
	}
	_, err = serve(t.Context(), json.RawMessage(appsynctest.Event("Mutation.deleteUser", `{"id":"`+appsynctest.UserSub+`"}`)))
	if err == nil || err.Error() != "InvalidInputError: id: is your own user" {
		t.Fatalf("delete self: %v", err)
	}
	out, err = serve(t.Context(), json.RawMessage(`{"listUsers":{}}`))
	if users, ok := out.([]usersapi.User); err != nil || !ok || len(users) != 1 {
		t.Fatalf("one-key: %#v, %v", out, err)
	}
}
