package users_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	ciptypes "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/panther-operator/panther-operator/internal/localaws/admin"
	"github.com/panther-operator/panther-operator/internal/testenv"
	"github.com/panther-operator/panther-operator/lambdas/api"
	"github.com/panther-operator/panther-operator/lambdas/api/usersapi"
	"github.com/panther-operator/panther-operator/lambdas/awsx"
	"github.com/panther-operator/panther-operator/lambdas/users"
)

// world is a localaws with the user pool as the bootstrap stack declares it (users sign in
// with their email, names required, Panther's password policy) and an app client, and
// users-api over the pool.
type world struct {
	cognito  *cip.Client
	admin    *admin.Client
	poolID   string
	clientID string
	api      *users.API
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func newWorld(t *testing.T) *world {
	t.Helper()
	cfg := testenv.LocalAWS(t)
	ctx := context.Background()
	w := &world{cognito: cip.NewFromConfig(cfg), admin: admin.New(aws.ToString(cfg.BaseEndpoint))}
	required := func(name string) ciptypes.SchemaAttributeType {
		return ciptypes.SchemaAttributeType{Name: aws.String(name), AttributeDataType: ciptypes.AttributeDataTypeString,
			Mutable: aws.Bool(true), Required: aws.Bool(true)}
	}
	pool, err := w.cognito.CreateUserPool(ctx, &cip.CreateUserPoolInput{PoolName: aws.String("panther-users"),
		UsernameAttributes:     []ciptypes.UsernameAttributeType{ciptypes.UsernameAttributeTypeEmail},
		AutoVerifiedAttributes: []ciptypes.VerifiedAttributeType{ciptypes.VerifiedAttributeTypeEmail},
		AdminCreateUserConfig:  &ciptypes.AdminCreateUserConfigType{AllowAdminCreateUserOnly: true},
		Policies: &ciptypes.UserPoolPolicyType{PasswordPolicy: &ciptypes.PasswordPolicyType{MinimumLength: aws.Int32(12),
			RequireLowercase: true, RequireNumbers: true, RequireSymbols: true, RequireUppercase: true}},
		Schema: []ciptypes.SchemaAttributeType{required("email"), required("given_name"), required("family_name")}})
	must(t, err)
	w.poolID = aws.ToString(pool.UserPool.Id)
	client, err := w.cognito.CreateUserPoolClient(ctx, &cip.CreateUserPoolClientInput{UserPoolId: pool.UserPool.Id, ClientName: aws.String("web"),
		ExplicitAuthFlows: []ciptypes.ExplicitAuthFlowsType{ciptypes.ExplicitAuthFlowsTypeAllowUserPasswordAuth,
			ciptypes.ExplicitAuthFlowsTypeAllowRefreshTokenAuth}})
	must(t, err)
	w.clientID = aws.ToString(client.UserPoolClient.ClientId)
	w.api = &users.API{Pool: &awsx.PoolUsers{Client: w.cognito, PoolID: w.poolID}}
	return w
}

// call runs a request; the error is the API's, or the test fails.
func (w *world) call(t *testing.T, req usersapi.Request) (any, *api.Error) {
	t.Helper()
	out, err := w.api.Handle(context.Background(), &req)
	var apiErr *api.Error
	if err != nil && !errors.As(err, &apiErr) {
		t.Fatal(err)
	}
	return out, apiErr
}

// user runs a request that answers a user.
func (w *world) user(t *testing.T, req usersapi.Request) usersapi.User {
	t.Helper()
	out, err := w.call(t, req)
	if err != nil {
		t.Fatal(err)
	}
	u, ok := out.(*usersapi.User)
	if !ok {
		t.Fatalf("answer %T, want *User", out)
	}
	return *u
}

func (w *world) invite(t *testing.T, given, family, email string) usersapi.User {
	t.Helper()
	return w.user(t, usersapi.Request{InviteUser: &usersapi.InviteUserInput{GivenName: given, FamilyName: family, Email: email}})
}

func (w *world) get(t *testing.T, id string) usersapi.User {
	t.Helper()
	return w.user(t, usersapi.Request{GetUser: &usersapi.GetUserInput{ID: id}})
}

func (w *world) list(t *testing.T) []usersapi.User {
	t.Helper()
	out, err := w.call(t, usersapi.Request{ListUsers: &usersapi.ListUsersInput{}})
	if err != nil {
		t.Fatal(err)
	}
	return out.([]usersapi.User)
}

// wantError checks that a request fails with the error type and a message starting so.
func (w *world) wantError(t *testing.T, req usersapi.Request, typ, prefix string) {
	t.Helper()
	_, err := w.call(t, req)
	if err == nil || err.Type != typ || !strings.HasPrefix(err.Message, prefix) {
		t.Errorf("got %v, want %s starting %q", err, typ, prefix)
	}
}

// messages are the emails Cognito would have sent, oldest first.
func (w *world) messages(t *testing.T) []admin.CognitoMessage {
	t.Helper()
	msgs, err := w.admin.CognitoMessages(context.Background(), w.poolID)
	must(t, err)
	return msgs
}

// signIn signs in for the first time with the invitation's temporary password and sets a
// password of the user's own.
func (w *world) signIn(t *testing.T, email, temporaryPassword string) {
	t.Helper()
	ctx := context.Background()
	auth, err := w.cognito.InitiateAuth(ctx, &cip.InitiateAuthInput{AuthFlow: ciptypes.AuthFlowTypeUserPasswordAuth, ClientId: aws.String(w.clientID),
		AuthParameters: map[string]string{"USERNAME": email, "PASSWORD": temporaryPassword}})
	must(t, err)
	_, err = w.cognito.RespondToAuthChallenge(ctx, &cip.RespondToAuthChallengeInput{ClientId: aws.String(w.clientID), ChallengeName: auth.ChallengeName,
		Session: auth.Session, ChallengeResponses: map[string]string{"USERNAME": email, "NEW_PASSWORD": "Correct-Horse-42"}})
	must(t, err)
}

// lastModified is when Cognito last changed the user.
func (w *world) lastModified(t *testing.T, id string) time.Time {
	t.Helper()
	out, err := w.cognito.AdminGetUser(context.Background(), &cip.AdminGetUserInput{UserPoolId: aws.String(w.poolID), Username: aws.String(id)})
	must(t, err)
	return aws.ToTime(out.UserLastModifiedDate)
}

// attributes are the user's attributes as Cognito keeps them.
func (w *world) attributes(t *testing.T, id string) map[string]string {
	t.Helper()
	out, err := w.cognito.AdminGetUser(context.Background(), &cip.AdminGetUserInput{UserPoolId: aws.String(w.poolID), Username: aws.String(id)})
	must(t, err)
	attrs := map[string]string{}
	for _, a := range out.UserAttributes {
		attrs[aws.ToString(a.Name)] = aws.ToString(a.Value)
	}
	return attrs
}
