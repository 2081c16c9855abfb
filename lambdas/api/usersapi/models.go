// Package usersapi is the wire contract of panther-users-api: the people who sign in to
// Panther, kept as the users of its Cognito user pool. The web app's users page lists them,
// invites, edits, resets and removes them through the one-key request {"<operation>": {...}}.
package usersapi

import (
	"time"

	"github.com/panther-operator/panther-operator/lambdas/api"
)

// User is a user of the pool.
type User struct {
	// ID is the user's Cognito username, which in Panther's pool (signing in with emails) is
	// also the user's sub: the ID the other APIs record as who acted.
	ID         string    `json:"id"`
	Email      string    `json:"email"`
	GivenName  string    `json:"givenName"`
	FamilyName string    `json:"familyName"`
	CreatedAt  time.Time `json:"createdAt"`
	// Status is Cognito's UserStatus: FORCE_CHANGE_PASSWORD until the invited user first
	// signs in, then CONFIRMED; RESET_REQUIRED after a password reset.
	Status string `json:"status"`
}

// Request is the one-key invocation payload: exactly one field is set.
type Request struct {
	GetUser           *GetUserInput           `json:"getUser,omitempty"`
	ListUsers         *ListUsersInput         `json:"listUsers,omitempty"`
	InviteUser        *InviteUserInput        `json:"inviteUser,omitempty"`
	UpdateUser        *UpdateUserInput        `json:"updateUser,omitempty"`
	ResetUserPassword *ResetUserPasswordInput `json:"resetUserPassword,omitempty"`
	RemoveUser        *RemoveUserInput        `json:"removeUser,omitempty"`
}

// GetUserInput reads one user; the answer is a User.
type GetUserInput struct {
	ID string `json:"id"`
}

// ListUsersInput lists every user of the pool; the answer is a []User, oldest first.
type ListUsersInput struct{}

// InviteUserInput creates a user; Cognito emails them a temporary password. The answer is
// the new User.
type InviteUserInput struct {
	GivenName  string `json:"givenName"`
	FamilyName string `json:"familyName"`
	Email      string `json:"email"`
}

// UpdateUserInput changes the attributes it names: a nil field keeps its value. The answer
// is the updated User.
type UpdateUserInput struct {
	ID         string  `json:"id"`
	GivenName  *string `json:"givenName,omitempty"`
	FamilyName *string `json:"familyName,omitempty"`
	Email      *string `json:"email,omitempty"`
}

// ResetUserPasswordInput makes a user choose a new password: Cognito emails a code to a
// user who has signed in before, and a new invitation to one who has not. The answer is the
// User with its new status.
type ResetUserPasswordInput struct {
	ID string `json:"id"`
}

// RemoveUserInput deletes a user as the requester, who may not remove themself. The answer
// is empty.
type RemoveUserInput struct {
	ID          string `json:"id"`
	RequesterID string `json:"requesterId"`
}

// Error is how the API fails: InvalidInputError (the message starts with the field at
// fault), DoesNotExistError or AlreadyExistsError.
type Error = api.Error
