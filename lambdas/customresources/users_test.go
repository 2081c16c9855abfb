package customresources_test

import (
	"context"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/cfn"
	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"

	"github.com/panther-operator/panther-operator/internal/localaws/admin"
	"github.com/panther-operator/panther-operator/internal/testenv"
	"github.com/panther-operator/panther-operator/lambdas/awsx"
	"github.com/panther-operator/panther-operator/lambdas/customresources"
)

// The first user is invited once, renamed on a later update, and never removed by the stack.
func TestFirstUserIsInvitedIntoThePool(t *testing.T) {
	ctx := context.Background()
	cfg := testenv.LocalAWS(t)
	client := cip.NewFromConfig(cfg)
	pool, err := client.CreateUserPool(ctx, &cip.CreateUserPoolInput{PoolName: aws.String("panther-users")})
	if err != nil {
		t.Fatal(err)
	}
	poolID := aws.ToString(pool.UserPool.Id)
	handler := (&customresources.FirstUser{Pool: &awsx.UserPool{Client: client}}).Handle
	event := func(kind cfn.RequestType, given string) cfn.Event {
		return cfn.Event{RequestType: kind, ResourceType: "Custom::PantherUser", LogicalResourceID: "FirstUser",
			ResourceProperties: map[string]any{"UserPoolId": poolID, "Email": "Ada@Example.com", "GivenName": given, "FamilyName": "Lovelace"}}
	}
	attributes := func() map[string]string {
		u, err := client.AdminGetUser(ctx, &cip.AdminGetUserInput{UserPoolId: aws.String(poolID), Username: aws.String("Ada@Example.com")})
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]string{"status": string(u.UserStatus)}
		for _, a := range u.UserAttributes {
			out[aws.ToString(a.Name)] = aws.ToString(a.Value)
		}
		return out
	}

	id, data, err := handler(ctx, event(cfn.RequestCreate, "Ada"))
	if err != nil {
		t.Fatal(err)
	}
	if id != "custom:panther-user:"+poolID+":ada@example.com" || data["UserName"] != "Ada@Example.com" {
		t.Fatalf("physical ID %q, data %v", id, data)
	}
	if got := attributes(); got["status"] != "FORCE_CHANGE_PASSWORD" || got["given_name"] != "Ada" || got["email_verified"] != "true" {
		t.Fatalf("user %v", got)
	}
	messages, err := admin.New(*cfg.BaseEndpoint).CognitoMessages(ctx, poolID)
	if err != nil {
		t.Fatal(err)
	}
	if len(messages) != 1 || messages[0].Kind != "INVITATION" || messages[0].TemporaryPassword == "" {
		t.Fatalf("invitations %+v", messages)
	}

	// A redeploy finds the user and renames them; no second invitation.
	if _, _, err := handler(ctx, event(cfn.RequestUpdate, "Augusta Ada")); err != nil {
		t.Fatal(err)
	}
	if got := attributes(); got["given_name"] != "Augusta Ada" {
		t.Fatalf("after the update %v", got)
	}
	if messages, _ := admin.New(*cfg.BaseEndpoint).CognitoMessages(ctx, poolID); len(messages) != 1 {
		t.Fatalf("%d invitations after the update", len(messages))
	}

	// Deleting the stack leaves the user.
	if _, _, err := handler(ctx, event(cfn.RequestDelete, "Ada")); err != nil {
		t.Fatal(err)
	}
	attributes()

	_, _, err = handler(ctx, cfn.Event{RequestType: cfn.RequestCreate, LogicalResourceID: "FirstUser", ResourceProperties: map[string]any{"UserPoolId": poolID}})
	if err == nil || !strings.Contains(err.Error(), "FirstUser: property Email is required") {
		t.Fatalf("missing email: %v", err)
	}
}
