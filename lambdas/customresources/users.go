package customresources

import (
	"context"
	"errors"
	"strings"

	"github.com/aws/aws-lambda-go/cfn"
)

// ErrUserExists is a user pool that already has the user.
var ErrUserExists = errors.New("the user exists already")

// UserPool invites users into a Cognito user pool.
type UserPool interface {
	// InviteUser creates the user with a temporary password Cognito sends by email;
	// ErrUserExists when the pool has the user already.
	InviteUser(ctx context.Context, poolID string, user User) error
	// UpdateUser sets an existing user's names.
	UpdateUser(ctx context.Context, poolID string, user User) error
}

// User is who is invited: the email is the user name.
type User struct {
	Email      string
	GivenName  string
	FamilyName string
}

// FirstUser is Custom::PantherUser: the deployment's first user (config.firstUser) invited into
// the user pool, as the original's deploy did, so someone can sign in. A user who exists already
// (the stack is redeployed, or the user was invited by hand) is kept and only renamed. Users are
// never removed by a stack operation: deleting the stack or changing the email leaves the user,
// whose alerts and rules history belong to them.
type FirstUser struct {
	Pool UserPool
}

// Handle implements Handler.
func (f *FirstUser) Handle(ctx context.Context, event cfn.Event) (string, map[string]any, error) {
	pool, err := stringProperty(event, "UserPoolId")
	if err != nil {
		return "", nil, err
	}
	email, err := stringProperty(event, "Email")
	if err != nil {
		return "", nil, err
	}
	id := "custom:panther-user:" + pool + ":" + strings.ToLower(email)
	if event.RequestType == cfn.RequestDelete {
		return id, nil, nil
	}
	user := User{Email: email}
	user.GivenName, _ = event.ResourceProperties["GivenName"].(string)
	user.FamilyName, _ = event.ResourceProperties["FamilyName"].(string)
	err = f.Pool.InviteUser(ctx, pool, user)
	if errors.Is(err, ErrUserExists) {
		err = f.Pool.UpdateUser(ctx, pool, user)
	}
	return id, map[string]any{"UserName": email}, err
}
