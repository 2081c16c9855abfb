package usersapi_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/panther-operator/panther-operator/lambdas/api/usersapi"
)

// The field names are the contract the web app's resolvers build their payloads with.
func TestTheWireNames(t *testing.T) {
	got, err := json.Marshal(usersapi.User{ID: "u1", Email: "ada@example.com", GivenName: "Ada", FamilyName: "Lovelace",
		CreatedAt: time.Date(2026, 3, 14, 12, 0, 0, 0, time.UTC), Status: "CONFIRMED"})
	if err != nil {
		t.Fatal(err)
	}
	const want = `{"id":"u1","email":"ada@example.com","givenName":"Ada","familyName":"Lovelace","createdAt":"2026-03-14T12:00:00Z","status":"CONFIRMED"}`
	if string(got) != want {
		t.Fatalf("got %s, want %s", got, want)
	}
	req, _ := json.Marshal(usersapi.Request{RemoveUser: &usersapi.RemoveUserInput{ID: "u1", RequesterID: "u2"}})
	if string(req) != `{"removeUser":{"id":"u1","requesterId":"u2"}}` {
		t.Fatalf("request %s", req)
	}
}

// An update carries only the fields the caller sent.
func TestUpdateKeepsAbsentFieldsNil(t *testing.T) {
	var req usersapi.Request
	if err := json.Unmarshal([]byte(`{"updateUser":{"id":"u1","familyName":"King"}}`), &req); err != nil {
		t.Fatal(err)
	}
	in := req.UpdateUser
	if in == nil || in.ID != "u1" || in.GivenName != nil || in.Email != nil || in.FamilyName == nil || *in.FamilyName != "King" {
		t.Fatalf("update %+v", in)
	}
}
