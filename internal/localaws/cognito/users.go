package cognito

import (
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/panther-operator/panther-operator/internal/localaws/internal/wire"
)

// attribute is a user attribute in the API's shape.
type attribute struct {
	Name  string `json:"Name"`
	Value string `json:"Value"`
}

// attributeList renders attributes: sub first, then by name.
func attributeList(attrs map[string]string, only []string) []attribute {
	out := []attribute{}
	for _, name := range sortedKeys(attrs) {
		if len(only) > 0 && !slices.Contains(only, name) {
			continue
		}
		a := attribute{Name: name, Value: attrs[name]}
		if name == "sub" {
			out = append([]attribute{a}, out...)
		} else {
			out = append(out, a)
		}
	}
	return out
}

// findUser finds a user by username, or by email when the pool signs in with emails.
func (p *Pool) findUser(name string) (*User, bool) {
	if u, ok := p.Users[name]; ok {
		return u, true
	}
	if slices.Contains(p.UsernameAttributes, "email") {
		for _, u := range p.Users {
			if strings.EqualFold(u.Attributes["email"], name) {
				return u, true
			}
		}
	}
	return nil, false
}

// user finds the pool and user a request names by UserPoolId and Username.
func (req *request) user() (*Pool, *User, error) {
	var in struct{ UserPoolId, Username string }
	if err := req.decode(&in); err != nil {
		return nil, nil, err
	}
	p, err := req.ownPool(in.UserPoolId)
	if err != nil {
		return nil, nil, err
	}
	u, ok := p.findUser(in.Username)
	if !ok {
		return nil, nil, userNotFound()
	}
	return p, u, nil
}

// checkPassword enforces the pool's password policy.
func (p *Pool) checkPassword(password string) error {
	var upper, lower, digit, symbol bool
	for _, r := range password {
		switch {
		case unicode.IsUpper(r):
			upper = true
		case unicode.IsLower(r):
			lower = true
		case unicode.IsDigit(r):
			digit = true
		case strings.ContainsRune(passwordSymbols, r):
			symbol = true
		}
	}
	pp := p.Policy
	reason := ""
	switch {
	case len([]rune(password)) < pp.MinimumLength:
		reason = "Password not long enough"
	case pp.RequireLowercase && !lower:
		reason = "Password must have lowercase characters"
	case pp.RequireUppercase && !upper:
		reason = "Password must have uppercase characters"
	case pp.RequireNumbers && !digit:
		reason = "Password must have numeric characters"
	case pp.RequireSymbols && !symbol:
		reason = "Password must have symbol characters"
	default:
		return nil
	}
	return cognitoError("InvalidPasswordException", "Password does not conform to policy: %s", reason)
}

// passwordSymbols are the characters Cognito counts as symbols.
const passwordSymbols = "^$*.[]{}()?\"!@#%&/\\,><':;|_~`=+-"

// temporaryPassword generates a password that satisfies the pool's policy.
func (p *Pool) temporaryPassword() string {
	n := max(p.Policy.MinimumLength, 12) - 4
	return wire.RandomFrom("ABCDEFGHJKLMNPQRSTUVWXYZ", 1) + wire.RandomFrom("abcdefghijkmnopqrstuvwxyz", 1) +
		wire.RandomFrom("23456789", 1) + wire.RandomFrom("!#%&*+=?", 1) + wire.RandomFrom(wire.Alnum, n)
}

// setPassword stores a password's hash.
func (u *User) setPassword(password string) {
	u.Salt = wire.RandomHex(16)
	u.PasswordHash = hashPassword(u.Salt, password)
}

func (u *User) passwordIs(password string) bool {
	return hashPassword(u.Salt, password) == u.PasswordHash
}

// record keeps a message Cognito would have sent.
func (p *Pool) record(kind string, u *User, password, code string) {
	p.Messages = append(p.Messages, Message{Kind: kind, Username: u.Username, Email: u.Attributes["email"],
		TemporaryPassword: password, Code: code, Time: time.Now().UTC()})
}

// Messages returns the invitations and codes recorded for a pool. Callers hold the state lock.
func (s *Service) Messages(poolID string) ([]Message, bool) {
	p, ok := s.pools()[poolID]
	if !ok {
		return nil, false
	}
	return slices.Clone(p.Messages), true
}

var emailPattern = regexp.MustCompile(`^[^@\s]+@[^@\s]+$`)

type createUserInput struct {
	UserPoolId        string
	Username          string
	UserAttributes    []attribute
	TemporaryPassword string
	MessageAction     string
}

func adminCreateUser(req *request) error {
	var in createUserInput
	if err := req.decode(&in); err != nil {
		return err
	}
	p, err := req.ownPool(in.UserPoolId)
	if err != nil {
		return err
	}
	attrs := map[string]string{}
	for _, a := range in.UserAttributes {
		attrs[a.Name] = a.Value
	}
	username := in.Username
	if slices.Contains(p.UsernameAttributes, "email") {
		if !emailPattern.MatchString(in.Username) {
			return invalidParameter("Username should be an email.")
		}
		attrs["email"] = in.Username
		username = ""
	}
	if _, exists := p.findUser(in.Username); exists {
		return existingUser(req, p, in)
	}
	password := in.TemporaryPassword
	if password == "" {
		password = p.temporaryPassword()
	} else if err := p.checkPassword(password); err != nil {
		return err
	}
	u := p.addUser(username, attrs)
	u.setPassword(password)
	if in.MessageAction != "SUPPRESS" {
		p.record(MessageInvitation, u, password, "")
	}
	return req.ReplyJSON(map[string]any{"User": u.describe("Attributes", nil)})
}

// existingUser answers AdminCreateUser for a user that exists: RESEND sends a new invitation.
func existingUser(req *request, p *Pool, in createUserInput) error {
	u, _ := p.findUser(in.Username)
	if in.MessageAction != "RESEND" {
		if slices.Contains(p.UsernameAttributes, "email") {
			return cognitoError("UsernameExistsException", "An account with the given email already exists.")
		}
		return cognitoError("UsernameExistsException", "User account already exists")
	}
	if u.Status != statusForceChange {
		return cognitoError("UnsupportedUserStateException", "Resend not possible. %s status is not FORCE_CHANGE_PASSWORD", u.Username)
	}
	password := p.temporaryPassword()
	u.setPassword(password)
	p.record(MessageInvitation, u, password, "")
	return req.ReplyJSON(map[string]any{"User": u.describe("Attributes", nil)})
}

// addUser adds a user waiting to change its temporary password; an empty username is the
// sub, as in pools that sign in with emails.
func (p *Pool) addUser(username string, attrs map[string]string) *User {
	sub := wire.NewUUID()
	if username == "" {
		username = sub
	}
	attrs["sub"] = sub
	now := time.Now().UTC()
	u := &User{Username: username, Sub: sub, Attributes: attrs, Status: statusForceChange, Enabled: true,
		Created: now, Modified: now}
	p.Users[username] = u
	return u
}

// describe is a user in AdminGetUser's (attrKey UserAttributes) or ListUsers' (Attributes)
// shape.
func (u *User) describe(attrKey string, only []string) map[string]any {
	return map[string]any{"Username": u.Username, attrKey: attributeList(u.Attributes, only),
		"UserCreateDate": epoch(u.Created), "UserLastModifiedDate": epoch(u.Modified),
		"Enabled": u.Enabled, "UserStatus": u.Status}
}

func adminGetUser(req *request) error {
	_, u, err := req.user()
	if err != nil {
		return err
	}
	return req.ReplyJSON(u.describe("UserAttributes", nil))
}

func adminDeleteUser(req *request) error {
	p, u, err := req.user()
	if err != nil {
		return err
	}
	delete(p.Users, u.Username)
	p.revoke(u.Username)
	return req.ReplyJSON(nil)
}

func adminResetUserPassword(req *request) error {
	p, u, err := req.user()
	if err != nil {
		return err
	}
	u.Status, u.Code, u.Modified = statusResetRequired, wire.RandomFrom(wire.Digits, 6), time.Now().UTC()
	p.record(MessageResetPassword, u, "", u.Code)
	p.revoke(u.Username)
	return req.ReplyJSON(nil)
}

func adminSetUserPassword(req *request) error {
	var in struct {
		Password  string
		Permanent bool
	}
	if err := req.decode(&in); err != nil {
		return err
	}
	p, u, err := req.user()
	if err != nil {
		return err
	}
	if err := p.checkPassword(in.Password); err != nil {
		return err
	}
	u.setPassword(in.Password)
	u.Status, u.Code, u.Modified = statusForceChange, "", time.Now().UTC()
	if in.Permanent {
		u.Status = statusConfirmed
	}
	return req.ReplyJSON(nil)
}

func adminDisableUser(req *request) error { return setEnabled(req, false) }

func adminEnableUser(req *request) error { return setEnabled(req, true) }

func setEnabled(req *request, enabled bool) error {
	p, u, err := req.user()
	if err != nil {
		return err
	}
	u.Enabled, u.Modified = enabled, time.Now().UTC()
	if !enabled {
		p.revoke(u.Username)
	}
	return req.ReplyJSON(nil)
}

func adminUpdateUserAttributes(req *request) error {
	var in struct{ UserAttributes []attribute }
	if err := req.decode(&in); err != nil {
		return err
	}
	_, u, err := req.user()
	if err != nil {
		return err
	}
	for _, a := range in.UserAttributes {
		if a.Name == "sub" {
			return invalidParameter("Cannot modify the non-mutable attribute sub")
		}
		u.Attributes[a.Name] = a.Value
	}
	u.Modified = time.Now().UTC()
	return req.ReplyJSON(nil)
}

// filterPattern is ListUsers' Filter: attribute = "value" or attribute ^= "value".
var filterPattern = regexp.MustCompile(`^\s*([\w:]+)\s*(\^?=)\s*"((?:[^"\\]|\\.)*)"\s*$`)

// filterable are the attributes ListUsers filters on.
var filterable = map[string]bool{"username": true, "email": true, "phone_number": true, "name": true,
	"given_name": true, "family_name": true, "preferred_username": true, "cognito:user_status": true,
	"status": true, "sub": true}

// userFilter returns the predicate of a ListUsers filter.
func userFilter(filter string) (func(*User) bool, error) {
	if strings.TrimSpace(filter) == "" {
		return func(*User) bool { return true }, nil
	}
	m := filterPattern.FindStringSubmatch(filter)
	if m == nil || !filterable[m[1]] {
		return nil, invalidParameter("Error while parsing filter.")
	}
	attr, prefix, value := m[1], m[2] == "^=", m[3]
	return func(u *User) bool {
		var v string
		switch attr {
		case "username":
			v = u.Username
		case "cognito:user_status":
			v = u.Status
		case "status":
			v = map[bool]string{true: "Enabled", false: "Disabled"}[u.Enabled]
		default:
			v = u.Attributes[attr]
		}
		if prefix {
			return strings.HasPrefix(v, value)
		}
		return v == value
	}, nil
}

func listUsers(req *request) error {
	var in struct {
		UserPoolId      string
		Filter          string
		Limit           int
		PaginationToken string
		AttributesToGet []string
	}
	if err := req.decode(&in); err != nil {
		return err
	}
	p, err := req.ownPool(in.UserPoolId)
	if err != nil {
		return err
	}
	keep, err := userFilter(in.Filter)
	if err != nil {
		return err
	}
	var names []string
	for _, name := range sortedKeys(p.Users) {
		if keep(p.Users[name]) {
			names = append(names, name)
		}
	}
	return req.replyUsers(p, names, in.PaginationToken, in.Limit, in.AttributesToGet, "PaginationToken")
}

// replyUsers answers a page of users in ListUsers' shape.
func (req *request) replyUsers(p *Pool, names []string, token string, limit int, only []string, tokenKey string) error {
	if limit <= 0 || limit > 60 {
		limit = 60
	}
	page, next := pageOf(names, token, limit)
	users := make([]any, 0, len(page))
	for _, name := range page {
		users = append(users, p.Users[name].describe("Attributes", only))
	}
	out := map[string]any{"Users": users}
	if next != "" {
		out[tokenKey] = next
	}
	return req.ReplyJSON(out)
}
