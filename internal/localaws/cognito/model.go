package cognito

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strconv"
	"time"

	"github.com/panther-operator/panther-operator/internal/localaws/admin"
)

// Pool is a user pool with its users, groups, signing key and the messages Cognito would
// have sent.
type Pool struct {
	ID      string    `json:"id"`
	Name    string    `json:"name"`
	Account string    `json:"account"`
	Region  string    `json:"region"`
	Created time.Time `json:"created"`
	// Modified is when the pool last changed.
	Modified           time.Time         `json:"modified"`
	Policy             PasswordPolicy    `json:"policy"`
	UsernameAttributes []string          `json:"usernameAttributes,omitempty"`
	AutoVerified       []string          `json:"autoVerified,omitempty"`
	Schema             []json.RawMessage `json:"schema,omitempty"`
	AdminCreateUser    json.RawMessage   `json:"adminCreateUser,omitempty"`
	Tags               map[string]string `json:"tags,omitempty"`
	// Key is the PEM RSA private key the pool signs tokens with, empty until its first use
	// (signingKey); KeyID is its kid.
	Key   string `json:"key,omitempty"`
	KeyID string `json:"keyId"`

	Users  map[string]*User  `json:"users"`
	Groups map[string]*Group `json:"groups"`
	// Messages are the invitations and codes, oldest first.
	Messages []Message `json:"messages,omitempty"`
	// Refresh holds the live refresh tokens by value; Sessions the pending challenges.
	Refresh  map[string]*RefreshToken `json:"refresh,omitempty"`
	Sessions map[string]*Session      `json:"sessions,omitempty"`
}

// PasswordPolicy is the pool's password policy, in the API's shape.
type PasswordPolicy struct {
	MinimumLength                 int  `json:"MinimumLength"`
	RequireUppercase              bool `json:"RequireUppercase"`
	RequireLowercase              bool `json:"RequireLowercase"`
	RequireNumbers                bool `json:"RequireNumbers"`
	RequireSymbols                bool `json:"RequireSymbols"`
	TemporaryPasswordValidityDays int  `json:"TemporaryPasswordValidityDays"`
}

// User is one user of a pool.
type User struct {
	Username   string            `json:"username"`
	Sub        string            `json:"sub"`
	Attributes map[string]string `json:"attributes"`
	Status     string            `json:"status"`
	Enabled    bool              `json:"enabled"`
	Created    time.Time         `json:"created"`
	Modified   time.Time         `json:"modified"`
	Salt       string            `json:"salt"`
	// PasswordHash is sha256(salt + password).
	PasswordHash string   `json:"passwordHash"`
	Groups       []string `json:"groups,omitempty"`
	// Code is the pending password reset code.
	Code string `json:"code,omitempty"`
}

// Group is a pool group.
type Group struct {
	Name        string    `json:"name"`
	Description string    `json:"description,omitempty"`
	RoleArn     string    `json:"roleArn,omitempty"`
	Precedence  *int      `json:"precedence,omitempty"`
	Created     time.Time `json:"created"`
	Modified    time.Time `json:"modified"`
}

// Client is an app client.
type Client struct {
	ID                   string            `json:"id"`
	PoolID               string            `json:"poolId"`
	Name                 string            `json:"name"`
	ExplicitAuthFlows    []string          `json:"explicitAuthFlows,omitempty"`
	AccessTokenValidity  int               `json:"accessTokenValidity"`
	IDTokenValidity      int               `json:"idTokenValidity"`
	RefreshTokenValidity int               `json:"refreshTokenValidity"`
	Units                map[string]string `json:"units"`
	PreventUserExistence string            `json:"preventUserExistenceErrors"`
	Created              time.Time         `json:"created"`
	Modified             time.Time         `json:"modified"`
}

// Message is what Cognito would have sent a user, in the admin API's shape.
type Message = admin.CognitoMessage

// RefreshToken is a live refresh token; OriginJTI ties the ID and access tokens issued with
// it to it, so revoking it revokes them.
type RefreshToken struct {
	Username  string    `json:"username"`
	ClientID  string    `json:"clientId"`
	OriginJTI string    `json:"originJti"`
	AuthTime  time.Time `json:"authTime"`
	Expires   time.Time `json:"expires"`
}

// Session is a pending NEW_PASSWORD_REQUIRED challenge.
type Session struct {
	Username string    `json:"username"`
	ClientID string    `json:"clientId"`
	Expires  time.Time `json:"expires"`
}

// The kinds of messages.
const (
	MessageInvitation     = "INVITATION"
	MessageResetPassword  = "RESET_PASSWORD"
	MessageForgotPassword = "FORGOT_PASSWORD"
)

// User statuses.
const (
	statusForceChange   = "FORCE_CHANGE_PASSWORD"
	statusConfirmed     = "CONFIRMED"
	statusResetRequired = "RESET_REQUIRED"
)

func hashPassword(salt, password string) string {
	sum := sha256.Sum256([]byte(salt + password))
	return hex.EncodeToString(sum[:])
}

// epoch renders a time as the JSON protocol's epoch seconds.
func epoch(t time.Time) json.Number {
	return json.Number(strconv.FormatFloat(float64(t.UnixMilli())/1000, 'f', 3, 64))
}

// flexInt is a number a CloudFormation template may give as a string.
type flexInt int

func (n *flexInt) UnmarshalJSON(data []byte) error {
	s := string(data)
	if len(s) >= 2 && s[0] == '"' {
		s = s[1 : len(s)-1]
	}
	if s == "" || s == "null" {
		return nil
	}
	v, err := strconv.Atoi(s)
	*n = flexInt(v)
	return err
}

// flexBool is a boolean a CloudFormation template may give as a string.
type flexBool bool

func (b *flexBool) UnmarshalJSON(data []byte) error {
	s := string(data)
	*b = flexBool(s == "true" || s == `"true"`)
	return nil
}
