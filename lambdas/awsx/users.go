package awsx

import (
	"context"
	"errors"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	ciptypes "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/panther-operator/panther-operator/lambdas/api/usersapi"
	"github.com/panther-operator/panther-operator/lambdas/users"
)

// PoolUsers are the users of one Cognito user pool, as panther-users-api manages them.
type PoolUsers struct {
	Client *cip.Client
	PoolID string
}

// GetUser reads a user by username (or email, in a pool that signs in with emails).
func (p *PoolUsers) GetUser(ctx context.Context, id string) (*usersapi.User, error) {
	out, err := p.Client.AdminGetUser(ctx, &cip.AdminGetUserInput{UserPoolId: aws.String(p.PoolID), Username: aws.String(id)})
	if err != nil {
		return nil, userError(err)
	}
	u := poolUser(ciptypes.UserType{Username: out.Username, Attributes: out.UserAttributes, UserCreateDate: out.UserCreateDate,
		UserStatus: out.UserStatus})
	return &u, nil
}

// ListUsers reads every user, 60 (Cognito's most) a page.
func (p *PoolUsers) ListUsers(ctx context.Context) ([]usersapi.User, error) {
	var out []usersapi.User
	pages := cip.NewListUsersPaginator(p.Client, &cip.ListUsersInput{UserPoolId: aws.String(p.PoolID), Limit: aws.Int32(60)})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		for _, u := range page.Users {
			out = append(out, poolUser(u))
		}
	}
	return out, nil
}

// CreateUser creates the user with a verified email, and has Cognito email the invitation
// with a temporary password.
func (p *PoolUsers) CreateUser(ctx context.Context, in *usersapi.InviteUserInput) (*usersapi.User, error) {
	out, err := p.Client.AdminCreateUser(ctx, &cip.AdminCreateUserInput{UserPoolId: aws.String(p.PoolID), Username: aws.String(in.Email),
		UserAttributes: []ciptypes.AttributeType{
			attribute("email", in.Email), attribute("email_verified", "true"),
			attribute("given_name", in.GivenName), attribute("family_name", in.FamilyName),
		},
		DesiredDeliveryMediums: []ciptypes.DeliveryMediumType{ciptypes.DeliveryMediumTypeEmail}})
	if err != nil {
		return nil, userError(err)
	}
	u := poolUser(*out.User)
	return &u, nil
}

// UpdateUser sets the attributes the input names; a new email is marked verified, since an
// administrator gave it (Cognito would otherwise stop sending it codes).
func (p *PoolUsers) UpdateUser(ctx context.Context, in *usersapi.UpdateUserInput) error {
	var attrs []ciptypes.AttributeType
	if in.GivenName != nil {
		attrs = append(attrs, attribute("given_name", *in.GivenName))
	}
	if in.FamilyName != nil {
		attrs = append(attrs, attribute("family_name", *in.FamilyName))
	}
	if in.Email != nil {
		attrs = append(attrs, attribute("email", *in.Email), attribute("email_verified", "true"))
	}
	_, err := p.Client.AdminUpdateUserAttributes(ctx, &cip.AdminUpdateUserAttributesInput{UserPoolId: aws.String(p.PoolID),
		Username: aws.String(in.ID), UserAttributes: attrs})
	return userError(err)
}

// ResetPassword has Cognito email the user a code to choose a new password with; until
// then the user cannot sign in.
func (p *PoolUsers) ResetPassword(ctx context.Context, id string) error {
	_, err := p.Client.AdminResetUserPassword(ctx, &cip.AdminResetUserPasswordInput{UserPoolId: aws.String(p.PoolID), Username: aws.String(id)})
	return userError(err)
}

// ResendInvitation has Cognito email a new temporary password to a user who never signed in.
func (p *PoolUsers) ResendInvitation(ctx context.Context, email string) error {
	_, err := p.Client.AdminCreateUser(ctx, &cip.AdminCreateUserInput{UserPoolId: aws.String(p.PoolID), Username: aws.String(email),
		MessageAction: ciptypes.MessageActionTypeResend, DesiredDeliveryMediums: []ciptypes.DeliveryMediumType{ciptypes.DeliveryMediumTypeEmail}})
	return userError(err)
}

// DeleteUser deletes the user.
func (p *PoolUsers) DeleteUser(ctx context.Context, id string) error {
	_, err := p.Client.AdminDeleteUser(ctx, &cip.AdminDeleteUserInput{UserPoolId: aws.String(p.PoolID), Username: aws.String(id)})
	return userError(err)
}

func attribute(name, value string) ciptypes.AttributeType {
	return ciptypes.AttributeType{Name: aws.String(name), Value: aws.String(value)}
}

// poolUser is a Cognito user as the API shows it.
func poolUser(u ciptypes.UserType) usersapi.User {
	out := usersapi.User{ID: aws.ToString(u.Username), Status: string(u.UserStatus)}
	if u.UserCreateDate != nil {
		out.CreatedAt = u.UserCreateDate.UTC()
	}
	for _, a := range u.Attributes {
		switch aws.ToString(a.Name) {
		case "email":
			out.Email = aws.ToString(a.Value)
		case "given_name":
			out.GivenName = aws.ToString(a.Value)
		case "family_name":
			out.FamilyName = aws.ToString(a.Value)
		}
	}
	return out
}

// userError maps Cognito's answers about users to the users package's errors.
func userError(err error) error {
	var (
		notFound    *ciptypes.UserNotFoundException
		nameExists  *ciptypes.UsernameExistsException
		aliasExists *ciptypes.AliasExistsException
	)
	switch {
	case errors.As(err, &notFound):
		return users.ErrNotFound
	case errors.As(err, &nameExists), errors.As(err, &aliasExists):
		return users.ErrExists
	}
	return err
}
