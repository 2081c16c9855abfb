package users_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	ciptypes "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/panther-operator/panther-operator/lambdas/api/usersapi"
)

// An admin invites a colleague: Cognito emails the invitation, the colleague is listed as
// invited until they sign in, and can then be renamed and given a new email.
func TestInviteListAndEditAUser(t *testing.T) {
	w := newWorld(t)
	before := time.Now().Add(-time.Second)
	ada := w.invite(t, " Ada ", "Lovelace", " ada@example.com ")
	if ada.ID == "" || ada.Email != "ada@example.com" || ada.GivenName != "Ada" || ada.FamilyName != "Lovelace" ||
		ada.Status != "FORCE_CHANGE_PASSWORD" || ada.CreatedAt.Before(before) || ada.CreatedAt.Location() != time.UTC {
		t.Fatalf("invited %+v", ada)
	}
	if sub := w.attributes(t, ada.ID)["sub"]; sub != ada.ID {
		t.Fatalf("id %s is not the user's sub %s", ada.ID, sub)
	}
	if attrs := w.attributes(t, ada.ID); attrs["email_verified"] != "true" {
		t.Fatalf("the invited email is not verified: %v", attrs)
	}
	msgs := w.messages(t)
	if len(msgs) != 1 || msgs[0].Kind != "INVITATION" || msgs[0].Email != "ada@example.com" || msgs[0].TemporaryPassword == "" {
		t.Fatalf("messages %+v, want Ada's invitation", msgs)
	}
	grace := w.invite(t, "Grace", "Hopper", "grace@example.com")

	listed := w.list(t)
	if len(listed) != 2 || listed[0] != ada || listed[1] != grace {
		t.Fatalf("listed %+v, want Ada then Grace", listed)
	}
	if got := w.get(t, ada.ID); got != ada {
		t.Fatalf("got %+v, want %+v", got, ada)
	}

	w.signIn(t, "ada@example.com", msgs[0].TemporaryPassword)
	if got := w.get(t, ada.ID); got.Status != "CONFIRMED" {
		t.Fatalf("after signing in: %+v", got)
	}

	renamed := w.user(t, usersapi.Request{UpdateUser: &usersapi.UpdateUserInput{ID: ada.ID, GivenName: aws.String("Augusta Ada ")}})
	want := ada
	want.GivenName, want.Status = "Augusta Ada", "CONFIRMED"
	if renamed != want {
		t.Fatalf("renamed %+v, want %+v", renamed, want)
	}
	moved := w.user(t, usersapi.Request{UpdateUser: &usersapi.UpdateUserInput{ID: ada.ID, Email: aws.String("ada@lovelace.example"),
		FamilyName: aws.String("King")}})
	want.Email, want.FamilyName = "ada@lovelace.example", "King"
	if moved != want {
		t.Fatalf("moved %+v, want %+v", moved, want)
	}
	if attrs := w.attributes(t, ada.ID); attrs["email"] != "ada@lovelace.example" || attrs["email_verified"] != "true" {
		t.Fatalf("attributes after the move: %v", attrs)
	}
	if got := w.list(t); len(got) != 2 || got[0] != want || got[1] != grace {
		t.Fatalf("listed %+v", got)
	}
}

// An update that changes nothing (or only repeats the current values) writes nothing.
func TestUpdateChangingNothingWritesNothing(t *testing.T) {
	w := newWorld(t)
	ada := w.invite(t, "Ada", "Lovelace", "ada@example.com")
	modified := w.lastModified(t, ada.ID)
	time.Sleep(20 * time.Millisecond) // a write would now change the date, which Cognito keeps in milliseconds
	for _, in := range []usersapi.UpdateUserInput{
		{ID: ada.ID},
		{ID: ada.ID, GivenName: aws.String(" Ada"), FamilyName: aws.String("Lovelace"), Email: aws.String("ada@example.com")},
	} {
		if got := w.user(t, usersapi.Request{UpdateUser: &in}); got != ada {
			t.Fatalf("answered %+v, want %+v", got, ada)
		}
	}
	if got := w.lastModified(t, ada.ID); !got.Equal(modified) {
		t.Fatalf("the user was written: modified %s, then %s", modified, got)
	}
}

// The pool holds each email once, whatever its letter case.
func TestAnEmailBelongsToOneUser(t *testing.T) {
	w := newWorld(t)
	ada := w.invite(t, "Ada", "Lovelace", "ada@example.com")
	grace := w.invite(t, "Grace", "Hopper", "grace@example.com")
	for _, email := range []string{"ada@example.com", "Ada@Example.COM"} {
		w.wantError(t, usersapi.Request{InviteUser: &usersapi.InviteUserInput{GivenName: "A", FamilyName: "L", Email: email}},
			"AlreadyExistsError", "email: "+email+" is already the email of a user; to send that user a new invitation, reset their password")
	}
	w.wantError(t, usersapi.Request{UpdateUser: &usersapi.UpdateUserInput{ID: grace.ID, Email: aws.String("ADA@example.com")}},
		"AlreadyExistsError", "email: ADA@example.com is already the email of a user")
	// A user may change the case of their own email.
	got := w.user(t, usersapi.Request{UpdateUser: &usersapi.UpdateUserInput{ID: ada.ID, Email: aws.String("Ada@example.com")}})
	if got.Email != "Ada@example.com" {
		t.Fatalf("updated %+v", got)
	}
	if n := len(w.list(t)); n != 2 {
		t.Fatalf("%d users, want 2", n)
	}
}

// Resetting the password of a user who never signed in sends a new invitation (Cognito
// cannot reset a temporary password); for a user who did, Cognito emails a code and the
// user must set a new password before signing in again.
func TestResetPassword(t *testing.T) {
	w := newWorld(t)
	ada := w.invite(t, "Ada", "Lovelace", "ada@example.com")
	first := w.messages(t)[0].TemporaryPassword
	again := w.user(t, usersapi.Request{ResetUserPassword: &usersapi.ResetUserPasswordInput{ID: ada.ID}})
	msgs := w.messages(t)
	if again.Status != "FORCE_CHANGE_PASSWORD" || len(msgs) != 2 || msgs[1].Kind != "INVITATION" ||
		msgs[1].TemporaryPassword == "" || msgs[1].TemporaryPassword == first {
		t.Fatalf("user %+v, messages %+v: want a second invitation with a new password", again, msgs)
	}

	w.signIn(t, "ada@example.com", msgs[1].TemporaryPassword)
	reset := w.user(t, usersapi.Request{ResetUserPassword: &usersapi.ResetUserPasswordInput{ID: ada.ID}})
	msgs = w.messages(t)
	if reset.Status != "RESET_REQUIRED" || len(msgs) != 3 || msgs[2].Kind != "RESET_PASSWORD" || msgs[2].Code == "" {
		t.Fatalf("user %+v, messages %+v: want a reset code", reset, msgs)
	}
	_, err := w.cognito.InitiateAuth(context.Background(), &cip.InitiateAuthInput{AuthFlow: ciptypes.AuthFlowTypeUserPasswordAuth,
		ClientId: aws.String(w.clientID), AuthParameters: map[string]string{"USERNAME": "ada@example.com", "PASSWORD": "Correct-Horse-42"}})
	var resetRequired *ciptypes.PasswordResetRequiredException
	if !errors.As(err, &resetRequired) {
		t.Fatalf("signing in with the old password: %v, want PasswordResetRequiredException", err)
	}
	w.wantError(t, usersapi.Request{ResetUserPassword: &usersapi.ResetUserPasswordInput{ID: "missing"}}, "DoesNotExistError", "no user has the ID missing")
}

// Users are removed by others, never by themselves, whether they give their ID or email.
func TestRemoveUser(t *testing.T) {
	w := newWorld(t)
	ada := w.invite(t, "Ada", "Lovelace", "ada@example.com")
	grace := w.invite(t, "Grace", "Hopper", "grace@example.com")
	remove := func(id, requester string) usersapi.Request {
		return usersapi.Request{RemoveUser: &usersapi.RemoveUserInput{ID: id, RequesterID: requester}}
	}
	for _, id := range []string{ada.ID, "ada@example.com", " " + ada.ID} {
		w.wantError(t, remove(id, ada.ID), "InvalidInputError",
			"id: "+ada.ID+" is your own user, and you cannot remove yourself: another user must remove you")
	}
	w.wantError(t, remove(grace.ID, ""), "InvalidInputError", "requesterId: is empty")
	w.wantError(t, remove("missing", ada.ID), "DoesNotExistError", "no user has the ID missing")

	if out, err := w.call(t, remove(grace.ID, ada.ID)); out != nil || err != nil {
		t.Fatalf("remove answered %v, %v", out, err)
	}
	w.wantError(t, usersapi.Request{GetUser: &usersapi.GetUserInput{ID: grace.ID}}, "DoesNotExistError", "no user has the ID "+grace.ID)
	w.wantError(t, remove(grace.ID, ada.ID), "DoesNotExistError", "no user has the ID "+grace.ID)
	if got := w.list(t); len(got) != 1 || got[0] != ada {
		t.Fatalf("listed %+v, want Ada alone", got)
	}
}

func TestMissingUsersDoNotExist(t *testing.T) {
	w := newWorld(t)
	w.wantError(t, usersapi.Request{GetUser: &usersapi.GetUserInput{ID: "4f6c1a52-8e0b-4c55-9d7e-2b9a61c3e0f1"}}, "DoesNotExistError",
		"no user has the ID 4f6c1a52-8e0b-4c55-9d7e-2b9a61c3e0f1")
	w.wantError(t, usersapi.Request{UpdateUser: &usersapi.UpdateUserInput{ID: "gone", GivenName: aws.String("X")}}, "DoesNotExistError", "no user has the ID gone")
	if got := w.list(t); got == nil || len(got) != 0 {
		t.Fatalf("an empty pool lists %#v, want an empty list", got)
	}
}

// ListUsers answers 60 users a page; every page is read.
func TestListReadsEveryPage(t *testing.T) {
	w := newWorld(t)
	for i := range 65 {
		_, err := w.cognito.AdminCreateUser(context.Background(), &cip.AdminCreateUserInput{UserPoolId: aws.String(w.poolID),
			Username: aws.String(fmt.Sprintf("user%02d@example.com", i)), MessageAction: ciptypes.MessageActionTypeSuppress})
		must(t, err)
	}
	got := w.list(t)
	if len(got) != 65 {
		t.Fatalf("listed %d users, want 65", len(got))
	}
	seen := map[string]bool{}
	for _, u := range got {
		seen[u.Email] = true
	}
	if len(seen) != 65 {
		t.Fatalf("listed %d distinct users", len(seen))
	}
}

func TestInvalidInputNamesTheFieldAndTheFix(t *testing.T) {
	w := newWorld(t)
	ada := w.invite(t, "Ada", "Lovelace", "ada@example.com")
	invite := func(given, family, email string) usersapi.Request {
		return usersapi.Request{InviteUser: &usersapi.InviteUserInput{GivenName: given, FamilyName: family, Email: email}}
	}
	update := func(in usersapi.UpdateUserInput) usersapi.Request { return usersapi.Request{UpdateUser: &in} }
	for name, tc := range map[string]struct {
		req  usersapi.Request
		want string
	}{
		"no given name":      {invite(" ", "L", "a@b.example"), "givenName: must be 1 to 100 characters once leading and trailing spaces are trimmed, not 0"},
		"long family name":   {invite("A", strings.Repeat("é", 101), "a@b.example"), "familyName: must be 1 to 100 characters once leading and trailing spaces are trimmed, not 101"},
		"two-line name":      {invite("A\nB", "L", "a@b.example"), "givenName: must be one line without control characters"},
		"no email":           {invite("A", "L", ""), "email: is empty; give a single address such as ada@example.com"},
		"not an email":       {invite("A", "L", "ada.example.com"), `email: "ada.example.com" is not an email address; give a single address`},
		"display form":       {invite("A", "L", "Ada <ada@example.com>"), `email: "Ada <ada@example.com>" is not an email address`},
		"no domain":          {invite("A", "L", "root@localhost"), `email: "root@localhost" has no domain name such as example.com after the @`},
		"long email":         {invite("A", "L", strings.Repeat("a", 250)+"@x.io"), "email: is 255 characters long; an address has at most 254"},
		"update without id":  {update(usersapi.UpdateUserInput{GivenName: aws.String("A")}), "id: is empty; give the user's id, as listUsers answers it"},
		"update blank name":  {update(usersapi.UpdateUserInput{ID: ada.ID, FamilyName: aws.String("")}), "familyName: must be 1 to 100 characters"},
		"update bad email":   {update(usersapi.UpdateUserInput{ID: ada.ID, Email: aws.String("nope")}), `email: "nope" is not an email address`},
		"get without id":     {usersapi.Request{GetUser: &usersapi.GetUserInput{}}, "id: is empty"},
		"get with spaced id": {usersapi.Request{GetUser: &usersapi.GetUserInput{ID: "a b"}}, `id: "a b" is not a user ID`},
		"reset without id":   {usersapi.Request{ResetUserPassword: &usersapi.ResetUserPasswordInput{}}, "id: is empty"},
		"remove without id":  {usersapi.Request{RemoveUser: &usersapi.RemoveUserInput{RequesterID: ada.ID}}, "id: is empty"},
		"no operation":       {usersapi.Request{}, "request: names 0 operations: send exactly one of getUser, listUsers, inviteUser, updateUser, resetUserPassword, removeUser"},
		"two operations": {usersapi.Request{ListUsers: &usersapi.ListUsersInput{}, GetUser: &usersapi.GetUserInput{ID: ada.ID}},
			"request: names 2 operations"},
	} {
		t.Run(name, func(t *testing.T) { w.wantError(t, tc.req, "InvalidInputError", tc.want) })
	}
	if got := w.list(t); len(got) != 1 || got[0] != ada {
		t.Fatalf("refused requests changed the users: %+v", got)
	}
	if n := len(w.messages(t)); n != 1 {
		t.Fatalf("%d messages sent, want Ada's invitation only", n)
	}
}

// The limits are inclusive.
func TestLimitsAreInclusive(t *testing.T) {
	w := newWorld(t)
	name, email := strings.Repeat("名", 100), strings.Repeat("a", 249)+"@x.io"
	u := w.invite(t, name, name, email)
	if u.GivenName != name || u.FamilyName != name || u.Email != email {
		t.Fatalf("invited %+v", u)
	}
}
