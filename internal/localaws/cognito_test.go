package localaws_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"crypto/rsa"
	"encoding/base64"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	ciptypes "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
	"github.com/aws/smithy-go"
	"github.com/golang-jwt/jwt/v5"
)

func (e *env) cognito() *cip.Client { return cip.NewFromConfig(e.cfg) }

// cognitoPool creates a pool that signs in with emails and a client with password and
// refresh flows.
func cognitoPool(t *testing.T, e *env) (poolID, clientID string) {
	t.Helper()
	c := ctx(t)
	pool, err := e.cognito().CreateUserPool(c, &cip.CreateUserPoolInput{
		PoolName:               aws.String("panther-users"),
		UsernameAttributes:     []ciptypes.UsernameAttributeType{ciptypes.UsernameAttributeTypeEmail},
		AutoVerifiedAttributes: []ciptypes.VerifiedAttributeType{ciptypes.VerifiedAttributeTypeEmail},
		Policies: &ciptypes.UserPoolPolicyType{PasswordPolicy: &ciptypes.PasswordPolicyType{
			MinimumLength: aws.Int32(12), RequireLowercase: true, RequireUppercase: true, RequireNumbers: true, RequireSymbols: true}},
		Schema: []ciptypes.SchemaAttributeType{{Name: aws.String("email"), Required: aws.Bool(true),
			AttributeDataType: ciptypes.AttributeDataTypeString}},
		AdminCreateUserConfig: &ciptypes.AdminCreateUserConfigType{AllowAdminCreateUserOnly: true},
	})
	must(t, err)
	poolID = aws.ToString(pool.UserPool.Id)
	client, err := e.cognito().CreateUserPoolClient(c, &cip.CreateUserPoolClientInput{
		UserPoolId: aws.String(poolID), ClientName: aws.String("web"),
		ExplicitAuthFlows: []ciptypes.ExplicitAuthFlowsType{ciptypes.ExplicitAuthFlowsTypeAllowUserPasswordAuth,
			ciptypes.ExplicitAuthFlowsTypeAllowRefreshTokenAuth, ciptypes.ExplicitAuthFlowsTypeAllowAdminUserPasswordAuth},
	})
	must(t, err)
	return poolID, aws.ToString(client.UserPoolClient.ClientId)
}

// lastMessage is the newest invitation or code recorded for a pool.
func lastMessage(t *testing.T, e *env, poolID string) (kind, password, code string) {
	t.Helper()
	msgs, err := e.admin.CognitoMessages(ctx(t), poolID)
	must(t, err)
	if len(msgs) == 0 {
		t.Fatal("no messages recorded")
	}
	m := msgs[len(msgs)-1]
	return m.Kind, m.TemporaryPassword, m.Code
}

const newPassword = "Correct-Horse-42"

// firstSignIn creates a user, reads the invitation and answers NEW_PASSWORD_REQUIRED.
func firstSignIn(t *testing.T, e *env, poolID, clientID, email string, groups ...string) *ciptypes.AuthenticationResultType {
	t.Helper()
	c := ctx(t)
	_, err := e.cognito().AdminCreateUser(c, &cip.AdminCreateUserInput{UserPoolId: aws.String(poolID), Username: aws.String(email),
		UserAttributes: []ciptypes.AttributeType{{Name: aws.String("email_verified"), Value: aws.String("true")}}})
	must(t, err)
	for _, g := range groups {
		_, err := e.cognito().AdminAddUserToGroup(c, &cip.AdminAddUserToGroupInput{UserPoolId: aws.String(poolID),
			Username: aws.String(email), GroupName: aws.String(g)})
		must(t, err)
	}
	kind, temp, _ := lastMessage(t, e, poolID)
	if kind != "INVITATION" || temp == "" {
		t.Fatalf("invitation = %s %q", kind, temp)
	}
	auth, err := e.cognito().InitiateAuth(c, &cip.InitiateAuthInput{AuthFlow: ciptypes.AuthFlowTypeUserPasswordAuth,
		ClientId: aws.String(clientID), AuthParameters: map[string]string{"USERNAME": email, "PASSWORD": temp}})
	must(t, err)
	if auth.ChallengeName != ciptypes.ChallengeNameTypeNewPasswordRequired || aws.ToString(auth.Session) == "" {
		t.Fatalf("challenge = %s, session %q", auth.ChallengeName, aws.ToString(auth.Session))
	}
	resp, err := e.cognito().RespondToAuthChallenge(c, &cip.RespondToAuthChallengeInput{ClientId: aws.String(clientID),
		ChallengeName: auth.ChallengeName, Session: auth.Session,
		ChallengeResponses: map[string]string{"USERNAME": email, "NEW_PASSWORD": newPassword}})
	must(t, err)
	if resp.AuthenticationResult == nil || aws.ToString(resp.AuthenticationResult.RefreshToken) == "" {
		t.Fatalf("no tokens: %+v", resp)
	}
	return resp.AuthenticationResult
}

// wantMessage asserts an API error's code and message.
func wantMessage(t *testing.T, err error, code, message string) {
	t.Helper()
	wantCode(t, err, code)
	var api smithy.APIError
	if errors.As(err, &api); api.ErrorMessage() != message {
		t.Fatalf("message = %q, want %q", api.ErrorMessage(), message)
	}
}

func TestCognitoFirstUserFlow(t *testing.T) {
	e := startEnv(t)
	c := ctx(t)
	poolID, clientID := cognitoPool(t, e)
	_, err := e.cognito().CreateGroup(c, &cip.CreateGroupInput{UserPoolId: aws.String(poolID), GroupName: aws.String("Admin")})
	must(t, err)
	tokens := firstSignIn(t, e, poolID, clientID, "ada@example.com", "Admin")

	_, err = e.cognito().InitiateAuth(c, &cip.InitiateAuthInput{AuthFlow: ciptypes.AuthFlowTypeUserPasswordAuth,
		ClientId: aws.String(clientID), AuthParameters: map[string]string{"USERNAME": "ada@example.com", "PASSWORD": "Wrong-Password-1"}})
	wantMessage(t, err, "NotAuthorizedException", "Incorrect username or password.")

	user, err := e.cognito().GetUser(c, &cip.GetUserInput{AccessToken: tokens.AccessToken})
	must(t, err)
	if attr := attrOf(user.UserAttributes, "email"); attr != "ada@example.com" {
		t.Fatalf("GetUser email = %q", attr)
	}
	claims := verifyWithJWKS(t, e, poolID, aws.ToString(tokens.IdToken))
	if claims["aud"] != clientID || claims["token_use"] != "id" || claims["email"] != "ada@example.com" ||
		claims["email_verified"] != true || claims["iss"] != e.srv.URL()+"/"+poolID ||
		claims["cognito:username"] != aws.ToString(user.Username) || fmt.Sprint(claims["cognito:groups"]) != "[Admin]" {
		t.Fatalf("ID token claims = %v", claims)
	}
	access := verifyWithJWKS(t, e, poolID, aws.ToString(tokens.AccessToken))
	if access["client_id"] != clientID || access["token_use"] != "access" || access["scope"] != "aws.cognito.signin.user.admin" ||
		access["sub"] != claims["sub"] || fmt.Sprint(access["cognito:groups"]) != "[Admin]" {
		t.Fatalf("access token claims = %v", access)
	}

	refreshed, err := e.cognito().InitiateAuth(c, &cip.InitiateAuthInput{AuthFlow: ciptypes.AuthFlowTypeRefreshTokenAuth,
		ClientId: aws.String(clientID), AuthParameters: map[string]string{"REFRESH_TOKEN": aws.ToString(tokens.RefreshToken)}})
	must(t, err)
	if refreshed.AuthenticationResult.IdToken == nil || refreshed.AuthenticationResult.RefreshToken != nil ||
		refreshed.AuthenticationResult.ExpiresIn != 3600 {
		t.Fatalf("refresh = %+v", refreshed.AuthenticationResult)
	}
	admin, err := e.cognito().AdminInitiateAuth(c, &cip.AdminInitiateAuthInput{UserPoolId: aws.String(poolID),
		ClientId: aws.String(clientID), AuthFlow: ciptypes.AuthFlowTypeAdminUserPasswordAuth,
		AuthParameters: map[string]string{"USERNAME": "ada@example.com", "PASSWORD": newPassword}})
	must(t, err)
	if admin.AuthenticationResult == nil {
		t.Fatal("AdminInitiateAuth gave no tokens")
	}

	_, err = e.cognito().GlobalSignOut(c, &cip.GlobalSignOutInput{AccessToken: tokens.AccessToken})
	must(t, err)
	_, err = e.cognito().InitiateAuth(c, &cip.InitiateAuthInput{AuthFlow: ciptypes.AuthFlowTypeRefreshTokenAuth,
		ClientId: aws.String(clientID), AuthParameters: map[string]string{"REFRESH_TOKEN": aws.ToString(tokens.RefreshToken)}})
	wantCode(t, err, "NotAuthorizedException")
	_, err = e.cognito().GetUser(c, &cip.GetUserInput{AccessToken: tokens.AccessToken})
	wantMessage(t, err, "NotAuthorizedException", "Access Token has been revoked")
}

func attrOf(attrs []ciptypes.AttributeType, name string) string {
	for _, a := range attrs {
		if aws.ToString(a.Name) == name {
			return aws.ToString(a.Value)
		}
	}
	return ""
}

// verifyWithJWKS verifies a token with the key the pool's JWKS document serves.
func verifyWithJWKS(t *testing.T, e *env, poolID, token string) jwt.MapClaims {
	t.Helper()
	hr, err := http.NewRequestWithContext(ctx(t), http.MethodGet, e.srv.URL()+"/"+poolID+"/.well-known/jwks.json", nil)
	must(t, err)
	resp, err := http.DefaultClient.Do(hr)
	must(t, err)
	defer func() { _ = resp.Body.Close() }()
	body, _ := io.ReadAll(resp.Body)
	var set struct {
		Keys []struct{ Kid, N, E, Alg, Kty string }
	}
	if err := json.Unmarshal(body, &set); err != nil || len(set.Keys) != 1 || set.Keys[0].Kty != "RSA" {
		t.Fatalf("JWKS %d %s: %v", resp.StatusCode, body, err)
	}
	k := set.Keys[0]
	n, _ := base64.RawURLEncoding.DecodeString(k.N)
	ex, _ := base64.RawURLEncoding.DecodeString(k.E)
	pub := &rsa.PublicKey{N: new(big.Int).SetBytes(n), E: int(new(big.Int).SetBytes(ex).Int64())}
	claims := jwt.MapClaims{}
	_, err = jwt.ParseWithClaims(token, claims, func(tok *jwt.Token) (any, error) {
		if tok.Header["kid"] != k.Kid {
			return nil, fmt.Errorf("kid %v, JWKS has %s", tok.Header["kid"], k.Kid)
		}
		return pub, nil
	}, jwt.WithValidMethods([]string{"RS256"}), jwt.WithIssuer(e.srv.URL()+"/"+poolID), jwt.WithExpirationRequired())
	must(t, err)
	return claims
}

// The web app signs in from the browser: its unsigned calls to the endpoint root come from
// another origin, after a CORS preflight that names x-amz-target only as a header to send.
// The preflight is allowed, and so are the answers, errors included, with the headers the
// SDKs read exposed.
func TestCognitoBrowserCallsAreAllowedCrossOrigin(t *testing.T) {
	e := startEnv(t)
	c := ctx(t)
	poolID, clientID := cognitoPool(t, e)
	firstSignIn(t, e, poolID, clientID, "ada@example.com")
	const origin = "http://127.0.0.1:5173"

	preflight, err := http.NewRequestWithContext(c, http.MethodOptions, e.srv.URL()+"/", nil)
	must(t, err)
	preflight.Header.Set("Origin", origin)
	preflight.Header.Set("Access-Control-Request-Method", "POST")
	preflight.Header.Set("Access-Control-Request-Headers", "content-type,x-amz-target,x-amz-user-agent,amz-sdk-invocation-id")
	resp, err := http.DefaultClient.Do(preflight)
	must(t, err)
	_ = resp.Body.Close()
	if h := resp.Header; resp.StatusCode != http.StatusOK || h.Get("Access-Control-Allow-Origin") != "*" || h.Get("Access-Control-Allow-Methods") != "POST" ||
		h.Get("Access-Control-Allow-Headers") != "content-type, x-amz-target, x-amz-user-agent, authorization, amz-sdk-invocation-id" {
		t.Fatalf("preflight answered %d %v", resp.StatusCode, h)
	}

	// call signs in as the browser does: the status, headers and document of the answer.
	call := func(password string) (int, http.Header, map[string]any) {
		t.Helper()
		body := `{"AuthFlow":"USER_PASSWORD_AUTH","ClientId":"` + clientID + `","AuthParameters":{"USERNAME":"ada@example.com","PASSWORD":"` + password + `"}}`
		req, err := http.NewRequestWithContext(c, http.MethodPost, e.srv.URL()+"/", strings.NewReader(body))
		must(t, err)
		req.Header.Set("Origin", origin)
		req.Header.Set("Content-Type", "application/x-amz-json-1.1")
		req.Header.Set("X-Amz-Target", "AWSCognitoIdentityProviderService.InitiateAuth")
		resp, err := http.DefaultClient.Do(req)
		must(t, err)
		defer func() { _ = resp.Body.Close() }()
		var doc map[string]any
		must(t, json.NewDecoder(resp.Body).Decode(&doc))
		return resp.StatusCode, resp.Header, doc
	}
	status, h, doc := call(newPassword)
	if status != http.StatusOK || doc["AuthenticationResult"] == nil || h.Get("Access-Control-Allow-Origin") != "*" ||
		!strings.Contains(h.Get("Access-Control-Expose-Headers"), "x-amzn-requestid") {
		t.Fatalf("sign-in answered %d %v: %v", status, h, doc)
	}
	status, h, doc = call("Wrong-Password-1")
	if status != http.StatusBadRequest || h.Get("X-Amzn-ErrorType") != "NotAuthorizedException" ||
		h.Get("Access-Control-Allow-Origin") != "*" || !strings.Contains(h.Get("Access-Control-Expose-Headers"), "x-amzn-errortype") {
		t.Fatalf("a refused sign-in answered %d %v: %v", status, h, doc)
	}
}

func TestCognitoPasswordPolicyRefusal(t *testing.T) {
	e := startEnv(t)
	c := ctx(t)
	poolID, clientID := cognitoPool(t, e)
	_, err := e.cognito().AdminCreateUser(c, &cip.AdminCreateUserInput{UserPoolId: aws.String(poolID),
		Username: aws.String("bob@example.com"), TemporaryPassword: aws.String("Short-1")})
	wantMessage(t, err, "InvalidPasswordException", "Password does not conform to policy: Password not long enough")
	_, err = e.cognito().AdminCreateUser(c, &cip.AdminCreateUserInput{UserPoolId: aws.String(poolID), Username: aws.String("bob")})
	wantMessage(t, err, "InvalidParameterException", "Username should be an email.")
	_, err = e.cognito().AdminCreateUser(c, &cip.AdminCreateUserInput{UserPoolId: aws.String(poolID), Username: aws.String("bob@example.com")})
	must(t, err)
	_, temp, _ := lastMessage(t, e, poolID)
	auth, err := e.cognito().InitiateAuth(c, &cip.InitiateAuthInput{AuthFlow: ciptypes.AuthFlowTypeUserPasswordAuth,
		ClientId: aws.String(clientID), AuthParameters: map[string]string{"USERNAME": "bob@example.com", "PASSWORD": temp}})
	must(t, err)
	_, err = e.cognito().RespondToAuthChallenge(c, &cip.RespondToAuthChallengeInput{ClientId: aws.String(clientID),
		ChallengeName: auth.ChallengeName, Session: auth.Session,
		ChallengeResponses: map[string]string{"USERNAME": "bob@example.com", "NEW_PASSWORD": "alllowercase-long-1"}})
	wantMessage(t, err, "InvalidPasswordException", "Password does not conform to policy: Password must have uppercase characters")
	_, err = e.cognito().AdminCreateUser(c, &cip.AdminCreateUserInput{UserPoolId: aws.String(poolID), Username: aws.String("bob@example.com")})
	wantCode(t, err, "UsernameExistsException")
}

func TestCognitoForgotPassword(t *testing.T) {
	e := startEnv(t)
	c := ctx(t)
	poolID, clientID := cognitoPool(t, e)
	firstSignIn(t, e, poolID, clientID, "cy@example.com")
	out, err := e.cognito().ForgotPassword(c, &cip.ForgotPasswordInput{ClientId: aws.String(clientID), Username: aws.String("cy@example.com")})
	must(t, err)
	if aws.ToString(out.CodeDeliveryDetails.Destination) != "c***@e***" {
		t.Fatalf("destination = %q", aws.ToString(out.CodeDeliveryDetails.Destination))
	}
	kind, _, code := lastMessage(t, e, poolID)
	if kind != "FORGOT_PASSWORD" || len(code) != 6 {
		t.Fatalf("message = %s %q", kind, code)
	}
	_, err = e.cognito().ConfirmForgotPassword(c, &cip.ConfirmForgotPasswordInput{ClientId: aws.String(clientID),
		Username: aws.String("cy@example.com"), ConfirmationCode: aws.String("000000x"), Password: aws.String("Another-Pass-77")})
	wantCode(t, err, "CodeMismatchException")
	_, err = e.cognito().ConfirmForgotPassword(c, &cip.ConfirmForgotPasswordInput{ClientId: aws.String(clientID),
		Username: aws.String("cy@example.com"), ConfirmationCode: aws.String(code), Password: aws.String("Another-Pass-77")})
	must(t, err)
	signIn := func(password string) error {
		_, err := e.cognito().InitiateAuth(c, &cip.InitiateAuthInput{AuthFlow: ciptypes.AuthFlowTypeUserPasswordAuth,
			ClientId: aws.String(clientID), AuthParameters: map[string]string{"USERNAME": "cy@example.com", "PASSWORD": password}})
		return err
	}
	wantCode(t, signIn(newPassword), "NotAuthorizedException")
	must(t, signIn("Another-Pass-77"))

	_, err = e.cognito().AdminResetUserPassword(c, &cip.AdminResetUserPasswordInput{UserPoolId: aws.String(poolID), Username: aws.String("cy@example.com")})
	must(t, err)
	wantMessage(t, signIn("Another-Pass-77"), "PasswordResetRequiredException", "Password reset required for the user")
	kind, _, code = lastMessage(t, e, poolID)
	if kind != "RESET_PASSWORD" {
		t.Fatalf("message kind = %s", kind)
	}
	_, err = e.cognito().ConfirmForgotPassword(c, &cip.ConfirmForgotPasswordInput{ClientId: aws.String(clientID),
		Username: aws.String("cy@example.com"), ConfirmationCode: aws.String(code), Password: aws.String("Third-Pass-777")})
	must(t, err)
	must(t, signIn("Third-Pass-777"))
}

func TestCognitoUsersGroupsAndPools(t *testing.T) {
	e := startEnv(t)
	c := ctx(t)
	poolID, clientID := cognitoPool(t, e)
	cog := e.cognito()
	for i := range 5 {
		_, err := cog.AdminCreateUser(c, &cip.AdminCreateUserInput{UserPoolId: aws.String(poolID),
			Username: aws.String(fmt.Sprintf("user%d@example.com", i)), MessageAction: ciptypes.MessageActionTypeSuppress})
		must(t, err)
	}
	var seen []string
	var token *string
	for {
		page, err := cog.ListUsers(c, &cip.ListUsersInput{UserPoolId: aws.String(poolID), Limit: aws.Int32(2), PaginationToken: token})
		must(t, err)
		for _, u := range page.Users {
			seen = append(seen, attrOf(u.Attributes, "email"))
		}
		if token = page.PaginationToken; token == nil {
			break
		}
	}
	if len(seen) != 5 {
		t.Fatalf("paged users = %v", seen)
	}
	found, err := cog.ListUsers(c, &cip.ListUsersInput{UserPoolId: aws.String(poolID), Filter: aws.String(`email = "user3@example.com"`)})
	must(t, err)
	if len(found.Users) != 1 || found.Users[0].UserStatus != ciptypes.UserStatusTypeForceChangePassword {
		t.Fatalf("filtered = %+v", found.Users)
	}
	_, err = cog.AdminSetUserPassword(c, &cip.AdminSetUserPasswordInput{UserPoolId: aws.String(poolID), Username: aws.String("user3@example.com"),
		Password: aws.String(newPassword), Permanent: true})
	must(t, err)
	_, err = cog.AdminUpdateUserAttributes(c, &cip.AdminUpdateUserAttributesInput{UserPoolId: aws.String(poolID), Username: aws.String("user3@example.com"),
		UserAttributes: []ciptypes.AttributeType{{Name: aws.String("name"), Value: aws.String("User Three")}}})
	must(t, err)
	got, err := cog.AdminGetUser(c, &cip.AdminGetUserInput{UserPoolId: aws.String(poolID), Username: aws.String("user3@example.com")})
	must(t, err)
	if got.UserStatus != ciptypes.UserStatusTypeConfirmed || attrOf(got.UserAttributes, "name") != "User Three" {
		t.Fatalf("user = %+v", got)
	}
	_, err = cog.AdminDisableUser(c, &cip.AdminDisableUserInput{UserPoolId: aws.String(poolID), Username: aws.String("user3@example.com")})
	must(t, err)
	_, err = cog.InitiateAuth(c, &cip.InitiateAuthInput{AuthFlow: ciptypes.AuthFlowTypeUserPasswordAuth, ClientId: aws.String(clientID),
		AuthParameters: map[string]string{"USERNAME": "user3@example.com", "PASSWORD": newPassword}})
	wantMessage(t, err, "NotAuthorizedException", "User is disabled.")
	_, err = cog.AdminEnableUser(c, &cip.AdminEnableUserInput{UserPoolId: aws.String(poolID), Username: aws.String("user3@example.com")})
	must(t, err)

	_, err = cog.CreateGroup(c, &cip.CreateGroupInput{UserPoolId: aws.String(poolID), GroupName: aws.String("Analyst")})
	must(t, err)
	_, err = cog.CreateGroup(c, &cip.CreateGroupInput{UserPoolId: aws.String(poolID), GroupName: aws.String("Analyst")})
	wantCode(t, err, "GroupExistsException")
	_, err = cog.AdminAddUserToGroup(c, &cip.AdminAddUserToGroupInput{UserPoolId: aws.String(poolID), Username: aws.String("user3@example.com"), GroupName: aws.String("Analyst")})
	must(t, err)
	members, err := cog.ListUsersInGroup(c, &cip.ListUsersInGroupInput{UserPoolId: aws.String(poolID), GroupName: aws.String("Analyst")})
	must(t, err)
	groups, err := cog.AdminListGroupsForUser(c, &cip.AdminListGroupsForUserInput{UserPoolId: aws.String(poolID), Username: aws.String("user3@example.com")})
	must(t, err)
	if len(members.Users) != 1 || len(groups.Groups) != 1 || aws.ToString(groups.Groups[0].GroupName) != "Analyst" {
		t.Fatalf("members %+v, groups %+v", members.Users, groups.Groups)
	}
	_, err = cog.AdminRemoveUserFromGroup(c, &cip.AdminRemoveUserFromGroupInput{UserPoolId: aws.String(poolID), Username: aws.String("user3@example.com"), GroupName: aws.String("Analyst")})
	must(t, err)
	_, err = cog.AdminDeleteUser(c, &cip.AdminDeleteUserInput{UserPoolId: aws.String(poolID), Username: aws.String("user3@example.com")})
	must(t, err)
	_, err = cog.AdminGetUser(c, &cip.AdminGetUserInput{UserPoolId: aws.String(poolID), Username: aws.String("user3@example.com")})
	wantMessage(t, err, "UserNotFoundException", "User does not exist.")

	desc, err := cog.DescribeUserPool(c, &cip.DescribeUserPoolInput{UserPoolId: aws.String(poolID)})
	must(t, err)
	if aws.ToInt32(desc.UserPool.Policies.PasswordPolicy.MinimumLength) != 12 || desc.UserPool.EstimatedNumberOfUsers != 4 ||
		!strings.HasSuffix(aws.ToString(desc.UserPool.Arn), ":userpool/"+poolID) {
		t.Fatalf("pool = %+v", desc.UserPool)
	}
	client, err := cog.DescribeUserPoolClient(c, &cip.DescribeUserPoolClientInput{UserPoolId: aws.String(poolID), ClientId: aws.String(clientID)})
	must(t, err)
	if !slices.Contains(client.UserPoolClient.ExplicitAuthFlows, ciptypes.ExplicitAuthFlowsTypeAllowRefreshTokenAuth) ||
		aws.ToInt32(client.UserPoolClient.AccessTokenValidity) != 60 {
		t.Fatalf("client = %+v", client.UserPoolClient)
	}
	pools, err := cog.ListUserPools(c, &cip.ListUserPoolsInput{MaxResults: aws.Int32(10)})
	must(t, err)
	if len(pools.UserPools) != 1 {
		t.Fatalf("pools = %+v", pools.UserPools)
	}
	_, err = cog.DeleteUserPool(c, &cip.DeleteUserPoolInput{UserPoolId: aws.String(poolID)})
	must(t, err)
	_, err = cog.DescribeUserPool(c, &cip.DescribeUserPoolInput{UserPoolId: aws.String(poolID)})
	wantCode(t, err, "ResourceNotFoundException")
}

const cognitoTemplate = `
Resources:
  Pool:
    Type: AWS::Cognito::UserPool
    Properties:
      UserPoolName: stack-users
      UsernameAttributes: [email]
      Policies: {PasswordPolicy: {MinimumLength: 10, RequireNumbers: true}}
  Client:
    Type: AWS::Cognito::UserPoolClient
    Properties:
      UserPoolId: !Ref Pool
      ExplicitAuthFlows: [ALLOW_USER_PASSWORD_AUTH, ALLOW_REFRESH_TOKEN_AUTH]
      AccessTokenValidity: 2
      TokenValidityUnits: {AccessToken: hours}
  Admins:
    Type: AWS::Cognito::UserPoolGroup
    Properties: {UserPoolId: !Ref Pool, GroupName: Admin, Precedence: 1}
Outputs:
  PoolId: {Value: !Ref Pool}
  ClientId: {Value: !Ref Client}
  ProviderURL: {Value: !GetAtt Pool.ProviderURL}
  Arn: {Value: !GetAtt Pool.Arn}
`

func TestCognitoCloudFormation(t *testing.T) {
	e := startEnv(t)
	c := ctx(t)
	_, err := e.cfn.CreateStack(c, &cloudformation.CreateStackInput{StackName: aws.String("users"), TemplateBody: aws.String(cognitoTemplate)})
	must(t, err)
	waitCreate(t, e, "users")
	out := stackOutputs(t, e, "users")
	if out["ProviderURL"] != e.srv.URL()+"/"+out["PoolId"] || !strings.HasSuffix(out["Arn"], "userpool/"+out["PoolId"]) {
		t.Fatalf("outputs = %v", out)
	}
	tokens := firstSignIn(t, e, out["PoolId"], out["ClientId"], "dee@example.com", "Admin")
	if tokens.ExpiresIn != 7200 {
		t.Fatalf("ExpiresIn = %d", tokens.ExpiresIn)
	}
	claims := verifyWithJWKS(t, e, out["PoolId"], aws.ToString(tokens.IdToken))
	if fmt.Sprint(claims["cognito:groups"]) != "[Admin]" {
		t.Fatalf("claims = %v", claims)
	}
	_, err = e.cfn.DeleteStack(c, &cloudformation.DeleteStackInput{StackName: aws.String("users")})
	must(t, err)
	w := cloudformation.NewStackDeleteCompleteWaiter(e.cfn, func(o *cloudformation.StackDeleteCompleteWaiterOptions) {
		o.MinDelay, o.MaxDelay = 5*time.Millisecond, 20*time.Millisecond
	})
	must(t, w.Wait(c, &cloudformation.DescribeStacksInput{StackName: aws.String("users")}, 30*time.Second))
	_, err = e.cognito().DescribeUserPool(c, &cip.DescribeUserPoolInput{UserPoolId: aws.String(out["PoolId"])})
	wantCode(t, err, "ResourceNotFoundException")
}
