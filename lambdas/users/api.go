// Package users is panther-users-api: the people who sign in to Panther, who are the users of
// its Cognito user pool. It lists and reads them, invites new ones (Cognito emails the
// temporary password), edits their names and email, makes them choose a new password, and
// removes them, behind the one-key request format of lambdas/api/usersapi.
package users

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/panther-operator/panther-operator/lambdas/api/usersapi"
)

// Pool is the user pool.
type Pool interface {
	// GetUser reads a user by ID (or, as Cognito allows in a pool that signs in with emails,
	// by email); ErrNotFound when there is none.
	GetUser(ctx context.Context, id string) (*usersapi.User, error)
	// ListUsers reads every user.
	ListUsers(ctx context.Context) ([]usersapi.User, error)
	// CreateUser creates a user whose email is verified, and has Cognito email the
	// invitation; ErrExists when a user has the email.
	CreateUser(ctx context.Context, in *usersapi.InviteUserInput) (*usersapi.User, error)
	// UpdateUser sets the attributes the input names (a new email verified);
	// ErrNotFound when there is no user, ErrExists when another user has the email.
	UpdateUser(ctx context.Context, in *usersapi.UpdateUserInput) error
	// ResetPassword has Cognito email the user a code to set a new password with;
	// ErrNotFound when there is no user.
	ResetPassword(ctx context.Context, id string) error
	// ResendInvitation has Cognito email a user who never signed in a new temporary
	// password; ErrNotFound when there is no user.
	ResendInvitation(ctx context.Context, email string) error
	// DeleteUser deletes a user; ErrNotFound when there is none.
	DeleteUser(ctx context.Context, id string) error
}

// The pool's answers that the API reports to the caller.
var (
	ErrNotFound = errors.New("no such user")
	ErrExists   = errors.New("a user has the email already")
)

// StatusInvited is Cognito's status of a user who has not signed in with the temporary
// password yet. Cognito cannot reset such a user's password: a new invitation replaces it.
const StatusInvited = "FORCE_CHANGE_PASSWORD"

// API handles users-api requests.
type API struct {
	Pool Pool
}

// Handle runs the one operation the request names.
func (a *API) Handle(ctx context.Context, req *usersapi.Request) (any, error) {
	if n := countOperations(req); n != 1 {
		return nil, invalid("request", "names %d operations: send exactly one of getUser, listUsers, inviteUser, updateUser, resetUserPassword, removeUser", n)
	}
	switch {
	case req.GetUser != nil:
		return a.get(ctx, req.GetUser.ID)
	case req.ListUsers != nil:
		return a.list(ctx)
	case req.InviteUser != nil:
		return a.invite(ctx, req.InviteUser)
	case req.UpdateUser != nil:
		return a.update(ctx, req.UpdateUser)
	case req.ResetUserPassword != nil:
		return a.resetPassword(ctx, req.ResetUserPassword.ID)
	}
	return nil, a.remove(ctx, req.RemoveUser)
}

func countOperations(req *usersapi.Request) int {
	n := 0
	for _, set := range []bool{req.GetUser != nil, req.ListUsers != nil, req.InviteUser != nil, req.UpdateUser != nil,
		req.ResetUserPassword != nil, req.RemoveUser != nil} {
		if set {
			n++
		}
	}
	return n
}

func (a *API) get(ctx context.Context, rawID string) (*usersapi.User, error) {
	id, err := userID("id", rawID)
	if err != nil {
		return nil, err
	}
	u, err := a.Pool.GetUser(ctx, id)
	if errors.Is(err, ErrNotFound) {
		return nil, doesNotExist(id)
	}
	return u, err
}

// list answers every user, oldest first (the first user, who deployed Panther, on top).
func (a *API) list(ctx context.Context) ([]usersapi.User, error) {
	users, err := a.Pool.ListUsers(ctx)
	if err != nil {
		return nil, err
	}
	slices.SortStableFunc(users, func(x, y usersapi.User) int {
		return cmp.Or(x.CreatedAt.Compare(y.CreatedAt), strings.Compare(x.Email, y.Email), strings.Compare(x.ID, y.ID))
	})
	if users == nil {
		users = []usersapi.User{}
	}
	return users, nil
}

func (a *API) invite(ctx context.Context, in *usersapi.InviteUserInput) (*usersapi.User, error) {
	clean, err := checkInvitation(in)
	if err != nil {
		return nil, err
	}
	if err := a.emailIsFree(ctx, clean.Email, ""); err != nil {
		return nil, err
	}
	u, err := a.Pool.CreateUser(ctx, clean)
	if errors.Is(err, ErrExists) {
		return nil, emailTaken(clean.Email)
	}
	return u, err
}

func (a *API) update(ctx context.Context, in *usersapi.UpdateUserInput) (*usersapi.User, error) {
	edit, err := checkUpdate(in)
	if err != nil {
		return nil, err
	}
	current, err := a.get(ctx, edit.ID)
	if err != nil {
		return nil, err
	}
	edit = edit.against(current)
	if edit.GivenName == nil && edit.FamilyName == nil && edit.Email == nil {
		return current, nil // nothing changes: nothing is written
	}
	if edit.Email != nil {
		if err := a.emailIsFree(ctx, *edit.Email, current.ID); err != nil {
			return nil, err
		}
	}
	err = a.Pool.UpdateUser(ctx, edit.wire())
	switch {
	case errors.Is(err, ErrNotFound):
		return nil, doesNotExist(edit.ID)
	case errors.Is(err, ErrExists) && edit.Email != nil:
		return nil, emailTaken(*edit.Email)
	case err != nil:
		return nil, err
	}
	return a.get(ctx, current.ID)
}

// resetPassword makes the user choose a new password: a code by email for a user who has a
// password, a new invitation for one who never signed in (whose temporary password may
// have expired).
func (a *API) resetPassword(ctx context.Context, rawID string) (*usersapi.User, error) {
	u, err := a.get(ctx, rawID)
	if err != nil {
		return nil, err
	}
	if u.Status == StatusInvited {
		err = a.Pool.ResendInvitation(ctx, u.Email)
	} else {
		err = a.Pool.ResetPassword(ctx, u.ID)
	}
	if errors.Is(err, ErrNotFound) {
		return nil, doesNotExist(u.ID)
	}
	if err != nil {
		return nil, err
	}
	return a.get(ctx, u.ID)
}

// remove deletes a user other than the requester. The user is read first, so that an ID
// given as the requester's email is recognised as the requester too.
func (a *API) remove(ctx context.Context, in *usersapi.RemoveUserInput) error {
	requester, err := userID("requesterId", in.RequesterID)
	if err != nil {
		return err
	}
	u, err := a.get(ctx, in.ID)
	if err != nil {
		return err
	}
	if u.ID == requester {
		return invalid("id", "%s is your own user, and you cannot remove yourself: another user must remove you", u.ID)
	}
	err = a.Pool.DeleteUser(ctx, u.ID)
	if errors.Is(err, ErrNotFound) {
		return doesNotExist(u.ID)
	}
	return err
}

// emailIsFree checks that no user but self has the email, in any letter case: Cognito would
// refuse a new user with it, and silently keep two users of one address on an update.
func (a *API) emailIsFree(ctx context.Context, email, self string) error {
	users, err := a.Pool.ListUsers(ctx)
	if err != nil {
		return err
	}
	for _, u := range users {
		if u.ID != self && strings.EqualFold(u.Email, email) {
			return emailTaken(email)
		}
	}
	return nil
}

func invalid(field, format string, args ...any) error {
	return &usersapi.Error{Type: "InvalidInputError", Message: field + ": " + fmt.Sprintf(format, args...)}
}

func doesNotExist(id string) error {
	return &usersapi.Error{Type: "DoesNotExistError", Message: "no user has the ID " + id}
}

func emailTaken(email string) error {
	return &usersapi.Error{Type: "AlreadyExistsError", Message: fmt.Sprintf(
		"email: %s is already the email of a user; to send that user a new invitation, reset their password", email)}
}
