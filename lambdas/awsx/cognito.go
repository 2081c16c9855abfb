package awsx

import (
	"context"
	"errors"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	ciptypes "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/panther-operator/panther-operator/lambdas/customresources"
)

// UserPool is a Cognito user pool's administration.
type UserPool struct {
	Client *cip.Client
}

func userAttributes(u customresources.User, verified bool) []ciptypes.AttributeType {
	attrs := []ciptypes.AttributeType{{Name: aws.String("email"), Value: aws.String(u.Email)}}
	if verified {
		attrs = append(attrs, ciptypes.AttributeType{Name: aws.String("email_verified"), Value: aws.String("true")})
	}
	if u.GivenName != "" {
		attrs = append(attrs, ciptypes.AttributeType{Name: aws.String("given_name"), Value: aws.String(u.GivenName)})
	}
	if u.FamilyName != "" {
		attrs = append(attrs, ciptypes.AttributeType{Name: aws.String("family_name"), Value: aws.String(u.FamilyName)})
	}
	return attrs
}

// InviteUser creates the user; Cognito emails the temporary password.
func (p *UserPool) InviteUser(ctx context.Context, poolID string, u customresources.User) error {
	_, err := p.Client.AdminCreateUser(ctx, &cip.AdminCreateUserInput{UserPoolId: aws.String(poolID), Username: aws.String(u.Email),
		UserAttributes: userAttributes(u, true), DesiredDeliveryMediums: []ciptypes.DeliveryMediumType{ciptypes.DeliveryMediumTypeEmail}})
	var exists *ciptypes.UsernameExistsException
	if errors.As(err, &exists) {
		return customresources.ErrUserExists
	}
	return err
}

// UpdateUser sets the user's names.
func (p *UserPool) UpdateUser(ctx context.Context, poolID string, u customresources.User) error {
	_, err := p.Client.AdminUpdateUserAttributes(ctx, &cip.AdminUpdateUserAttributesInput{UserPoolId: aws.String(poolID),
		Username: aws.String(u.Email), UserAttributes: userAttributes(u, false)})
	return err
}
