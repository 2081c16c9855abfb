package cognito

import (
	"encoding/json"
	"errors"
	"strings"
	"time"

	"github.com/panther-operator/panther-operator/internal/localaws/internal/wire"
)

// sessionValidity is how long a challenge session lasts (the client's AuthSessionValidity).
const sessionValidity = 3 * time.Minute

type authInput struct {
	UserPoolId     string
	ClientId       string
	AuthFlow       string
	AuthParameters map[string]string
}

func initiateAuth(req *request) error {
	var in authInput
	if err := req.decode(&in); err != nil {
		return err
	}
	c, p, err := req.svc.client(in.ClientId)
	if err != nil {
		return err
	}
	switch in.AuthFlow {
	case "USER_PASSWORD_AUTH":
		if !c.allows("ALLOW_USER_PASSWORD_AUTH") {
			return invalidParameter("USER_PASSWORD_AUTH flow not enabled for this client")
		}
		return req.passwordAuth(p, c, in.AuthParameters)
	case "REFRESH_TOKEN_AUTH", "REFRESH_TOKEN":
		return req.refreshAuth(p, c, in.AuthParameters)
	}
	return unsupportedFlow(in.AuthFlow)
}

func adminInitiateAuth(req *request) error {
	var in authInput
	if err := req.decode(&in); err != nil {
		return err
	}
	p, err := req.ownPool(in.UserPoolId)
	if err != nil {
		return err
	}
	c, _, err := req.svc.client(in.ClientId)
	if err != nil || c.PoolID != p.ID {
		return cognitoError("ResourceNotFoundException", "User pool client %s does not exist.", in.ClientId)
	}
	switch in.AuthFlow {
	case "ADMIN_USER_PASSWORD_AUTH", "ADMIN_NO_SRP_AUTH":
		if !c.allows("ALLOW_ADMIN_USER_PASSWORD_AUTH") {
			return invalidParameter("Auth flow not enabled for this client")
		}
		return req.passwordAuth(p, c, in.AuthParameters)
	case "REFRESH_TOKEN_AUTH", "REFRESH_TOKEN":
		return req.refreshAuth(p, c, in.AuthParameters)
	}
	return unsupportedFlow(in.AuthFlow)
}

func unsupportedFlow(flow string) error {
	if flow == "" {
		return invalidParameter("1 validation error detected: Value null at 'authFlow' failed to satisfy constraint: Member must not be null")
	}
	return invalidParameter("localaws does not support the %s flow", flow)
}

// signInUser finds the user signing in, answering as the client's PreventUserExistenceErrors
// setting says.
func signInUser(p *Pool, c *Client, username string) (*User, error) {
	if username == "" {
		return nil, invalidParameter("Missing required parameter USERNAME")
	}
	u, ok := p.findUser(username)
	switch {
	case !ok && c.PreventUserExistence == "ENABLED":
		return nil, notAuthorized("Incorrect username or password.")
	case !ok:
		return nil, userNotFound()
	case !u.Enabled:
		return nil, notAuthorized("User is disabled.")
	}
	return u, nil
}

// passwordAuth signs in with a username and password: tokens, or the NEW_PASSWORD_REQUIRED
// challenge for a user with a temporary password.
func (req *request) passwordAuth(p *Pool, c *Client, params map[string]string) error {
	u, err := signInUser(p, c, params["USERNAME"])
	if err != nil {
		return err
	}
	if params["PASSWORD"] == "" {
		return invalidParameter("Missing required parameter PASSWORD")
	}
	if u.Status == statusResetRequired {
		return cognitoError("PasswordResetRequiredException", "Password reset required for the user")
	}
	if !u.passwordIs(params["PASSWORD"]) {
		return notAuthorized("Incorrect username or password.")
	}
	if u.Status == statusForceChange {
		return req.challenge(p, c, u)
	}
	res, err := req.svc.result(req.svc.signIn(p, c, u))
	if err != nil {
		return err
	}
	return req.ReplyJSON(map[string]any{"ChallengeParameters": map[string]string{}, "AuthenticationResult": res})
}

// challenge answers NEW_PASSWORD_REQUIRED with a session for RespondToAuthChallenge.
func (req *request) challenge(p *Pool, c *Client, u *User) error {
	session := wire.RandomFrom(wire.Alnum, 256)
	if p.Sessions == nil {
		p.Sessions = map[string]*Session{}
	}
	now := time.Now()
	for k, s := range p.Sessions {
		if now.After(s.Expires) {
			delete(p.Sessions, k)
		}
	}
	p.Sessions[session] = &Session{Username: u.Username, ClientID: c.ID, Expires: now.Add(sessionValidity)}
	attrs := map[string]string{}
	for k, v := range u.Attributes {
		if k != "sub" && k != "email_verified" {
			attrs[k] = v
		}
	}
	attrJSON, _ := json.Marshal(attrs)
	return req.ReplyJSON(map[string]any{"ChallengeName": "NEW_PASSWORD_REQUIRED", "Session": session,
		"ChallengeParameters": map[string]string{"USER_ID_FOR_SRP": u.Username, "requiredAttributes": "[]",
			"userAttributes": string(attrJSON)}})
}

func (req *request) refreshAuth(p *Pool, c *Client, params map[string]string) error {
	if !c.allows("ALLOW_REFRESH_TOKEN_AUTH") {
		return invalidParameter("Refresh Token flow not enabled for this client")
	}
	token := params["REFRESH_TOKEN"]
	rt, ok := p.Refresh[token]
	if !ok || rt.ClientID != c.ID || time.Now().After(rt.Expires) {
		return notAuthorized("Invalid Refresh Token")
	}
	u, ok := p.Users[rt.Username]
	if !ok || !u.Enabled {
		return notAuthorized("Invalid Refresh Token")
	}
	res, err := req.svc.result(grant{pool: p, client: c, user: u, refresh: rt})
	if err != nil {
		return err
	}
	return req.ReplyJSON(map[string]any{"ChallengeParameters": map[string]string{}, "AuthenticationResult": res})
}

func respondToAuthChallenge(req *request) error {
	var in struct {
		ClientId           string
		ChallengeName      string
		Session            string
		ChallengeResponses map[string]string
	}
	if err := req.decode(&in); err != nil {
		return err
	}
	c, p, err := req.svc.client(in.ClientId)
	if err != nil {
		return err
	}
	if in.ChallengeName != "NEW_PASSWORD_REQUIRED" {
		return invalidParameter("localaws does not support the %s challenge", in.ChallengeName)
	}
	s, ok := p.Sessions[in.Session]
	if !ok || s.ClientID != c.ID || time.Now().After(s.Expires) {
		return notAuthorized("Invalid session for the user, session is expired.")
	}
	u, ok := p.Users[s.Username]
	if !ok || !strings.EqualFold(in.ChallengeResponses["USERNAME"], u.Username) &&
		!strings.EqualFold(in.ChallengeResponses["USERNAME"], u.Attributes["email"]) {
		return notAuthorized("Invalid session for the user.")
	}
	password := in.ChallengeResponses["NEW_PASSWORD"]
	if password == "" {
		return invalidParameter("Missing required parameter NEW_PASSWORD")
	}
	if err := p.checkPassword(password); err != nil {
		return err
	}
	for k, v := range in.ChallengeResponses {
		if name, ok := strings.CutPrefix(k, "userAttributes."); ok && name != "sub" {
			u.Attributes[name] = v
		}
	}
	u.setPassword(password)
	u.Status, u.Modified = statusConfirmed, time.Now().UTC()
	delete(p.Sessions, in.Session)
	res, err := req.svc.result(req.svc.signIn(p, c, u))
	if err != nil {
		return err
	}
	return req.ReplyJSON(map[string]any{"ChallengeParameters": map[string]string{}, "AuthenticationResult": res})
}

// accessUser finds the user of an access token.
func (req *request) accessUser(token string) (*Pool, *User, error) {
	poolID, claims, err := req.svc.Verify(token, "access")
	if errors.Is(err, errTokenRevoked) {
		return nil, nil, notAuthorized("Access Token has been revoked")
	}
	if err != nil {
		return nil, nil, notAuthorized("Invalid Access Token")
	}
	p := req.svc.pools()[poolID]
	name, _ := claims["username"].(string)
	u, ok := p.Users[name]
	if !ok {
		return nil, nil, userNotFound()
	}
	return p, u, nil
}

func getUser(req *request) error {
	var in struct{ AccessToken string }
	if err := req.decode(&in); err != nil {
		return err
	}
	_, u, err := req.accessUser(in.AccessToken)
	if err != nil {
		return err
	}
	return req.ReplyJSON(map[string]any{"Username": u.Username, "UserAttributes": attributeList(u.Attributes, nil)})
}

func changePassword(req *request) error {
	var in struct{ AccessToken, PreviousPassword, ProposedPassword string }
	if err := req.decode(&in); err != nil {
		return err
	}
	p, u, err := req.accessUser(in.AccessToken)
	if err != nil {
		return err
	}
	if !u.passwordIs(in.PreviousPassword) {
		return notAuthorized("Incorrect username or password.")
	}
	if err := p.checkPassword(in.ProposedPassword); err != nil {
		return err
	}
	u.setPassword(in.ProposedPassword)
	u.Modified = time.Now().UTC()
	return req.ReplyJSON(nil)
}

func forgotPassword(req *request) error {
	var in struct{ ClientId, Username string }
	if err := req.decode(&in); err != nil {
		return err
	}
	c, p, err := req.svc.client(in.ClientId)
	if err != nil {
		return err
	}
	u, ok := p.findUser(in.Username)
	if !ok && c.PreventUserExistence != "ENABLED" {
		return userNotFound()
	}
	email := ""
	if ok {
		email = u.Attributes["email"]
		if email == "" {
			return invalidParameter("Cannot reset password for the user as there is no registered/verified email or phone_number")
		}
		u.Code = wire.RandomFrom(wire.Digits, 6)
		p.record(MessageForgotPassword, u, "", u.Code)
	}
	return req.ReplyJSON(map[string]any{"CodeDeliveryDetails": map[string]string{
		"Destination": maskEmail(email), "DeliveryMedium": "EMAIL", "AttributeName": "email"}})
}

// maskEmail is how Cognito shows where a code went: a***@e***.
func maskEmail(email string) string {
	local, domain, ok := strings.Cut(email, "@")
	if !ok || local == "" || domain == "" {
		return "***@***"
	}
	return local[:1] + "***@" + domain[:1] + "***"
}

func confirmForgotPassword(req *request) error {
	var in struct{ ClientId, Username, ConfirmationCode, Password string }
	if err := req.decode(&in); err != nil {
		return err
	}
	_, p, err := req.svc.client(in.ClientId)
	if err != nil {
		return err
	}
	u, ok := p.findUser(in.Username)
	if !ok {
		return userNotFound()
	}
	if u.Code == "" || u.Code != in.ConfirmationCode {
		return cognitoError("CodeMismatchException", "Invalid verification code provided, please try again.")
	}
	if err := p.checkPassword(in.Password); err != nil {
		return err
	}
	u.setPassword(in.Password)
	u.Status, u.Code, u.Modified = statusConfirmed, "", time.Now().UTC()
	return req.ReplyJSON(nil)
}

func globalSignOut(req *request) error {
	var in struct{ AccessToken string }
	if err := req.decode(&in); err != nil {
		return err
	}
	p, u, err := req.accessUser(in.AccessToken)
	if err != nil {
		return err
	}
	p.revoke(u.Username)
	return req.ReplyJSON(nil)
}

func adminUserGlobalSignOut(req *request) error {
	p, u, err := req.user()
	if err != nil {
		return err
	}
	p.revoke(u.Username)
	return req.ReplyJSON(nil)
}
