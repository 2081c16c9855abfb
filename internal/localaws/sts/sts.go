// Package sts emulates the STS query API: GetCallerIdentity, and AssumeRole
// of IAM roles, whose temporary credentials then act in the role's account.
package sts

import (
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/panther-operator/panther-operator/internal/localaws/iam"
	"github.com/panther-operator/panther-operator/internal/localaws/internal/state"
	"github.com/panther-operator/panther-operator/internal/localaws/internal/wire"
)

// Service implements GetCallerIdentity and AssumeRole.
type Service struct {
	store *state.Store
	roles Roles
}

// Roles is what STS needs of IAM.
type Roles interface {
	// Role returns a copy of a role.
	Role(account, name string) (iam.Role, bool)
}

// sessionTable holds the temporary credentials AssumeRole issued, by
// access key ID.
var sessionTable = state.NewTable[*Session]("sessions", state.Global)

// Tables are the state tables of STS.
func Tables() []state.Declared { return []state.Declared{sessionTable} }

// New returns the STS service, keeping sessions in store and assuming the
// roles of roles.
func New(store *state.Store, roles Roles) *Service {
	return &Service{store: store, roles: roles}
}

func (s *Service) sessions() map[string]*Session { return sessionTable.Global(s.store.State()) }

// request is a call to STS.
type request struct {
	*wire.Request
	svc *Service
}

type handlerFunc func(req *request) error

var stsHandlers = map[string]handlerFunc{
	"GetCallerIdentity": stsGetCallerIdentity,
	"AssumeRole":        stsAssumeRole,
}

// Resolve implements wire.Service.
func (s *Service) Resolve(req *wire.Request) (string, string) {
	return wire.ResolveQuery(req, stsHandlers, "RoleArn")
}

// Serve implements wire.Service.
func (s *Service) Serve(req *wire.Request) error {
	return stsHandlers[req.Operation](&request{Request: req, svc: s})
}

func stsGetCallerIdentity(req *request) error {
	type result struct {
		UserId  string `xml:"UserId"`
		Account string `xml:"Account"`
		Arn     string `xml:"Arn"`
	}
	if sess, ok := req.svc.sessions()[req.AccessKey]; ok {
		_, roleName, _ := iam.ParseRoleArn(sess.RoleArn)
		roleID := "AROA" + wire.RandomID(17)
		if role, found := req.svc.roles.Role(sess.Account, roleName); found {
			roleID = role.RoleID
		}
		return req.ReplyQuery(result{
			UserId:  roleID + ":" + sess.SessionName,
			Account: sess.Account,
			Arn:     fmt.Sprintf("arn:aws:sts::%s:assumed-role/%s/%s", sess.Account, roleName, sess.SessionName),
		})
	}
	return req.ReplyQuery(result{
		UserId:  req.AccessKey,
		Account: req.Account,
		Arn:     fmt.Sprintf("arn:aws:iam::%s:root", req.Account),
	})
}

func stsAssumeRole(req *request) error {
	roleArn := req.Param("RoleArn")
	sessionName := req.Param("RoleSessionName")
	if roleArn == "" || sessionName == "" {
		return wire.ValidationError("1 validation error detected: RoleArn and RoleSessionName are required")
	}
	account, roleName, ok := iam.ParseRoleArn(roleArn)
	if !ok {
		return wire.ValidationError("%s is invalid", roleArn)
	}
	denied := wire.NewError(http.StatusForbidden, "AccessDenied",
		"User: arn:aws:iam::%s:root is not authorized to perform: sts:AssumeRole on resource: %s", req.Account, roleArn)
	role, found := req.svc.roles.Role(account, roleName)
	if !found {
		return denied
	}
	if role.ExternalID != "" && role.ExternalID != req.Param("ExternalId") {
		return denied
	}
	duration := 3600
	if d, err := strconv.Atoi(req.Param("DurationSeconds")); err == nil && d > 0 {
		if d < 900 || d > 43200 {
			return wire.ValidationError("1 validation error detected: Value '%d' at 'durationSeconds' failed to satisfy constraint: Member must have value between 900 and 43200", d)
		}
		duration = d
	}
	sess := &Session{
		AccessKeyID: "ASIA" + wire.RandomID(16),
		Account:     account,
		RoleArn:     role.Arn,
		SessionName: sessionName,
		Expiration:  time.Now().Add(time.Duration(duration) * time.Second).UTC(),
	}
	req.svc.sessions()[sess.AccessKeyID] = sess
	type credentials struct {
		AccessKeyId     string `xml:"AccessKeyId"`
		SecretAccessKey string `xml:"SecretAccessKey"`
		SessionToken    string `xml:"SessionToken"`
		Expiration      string `xml:"Expiration"`
	}
	type assumedUser struct {
		AssumedRoleId string `xml:"AssumedRoleId"`
		Arn           string `xml:"Arn"`
	}
	return req.ReplyQuery(struct {
		Credentials     credentials `xml:"Credentials"`
		AssumedRoleUser assumedUser `xml:"AssumedRoleUser"`
	}{
		Credentials: credentials{
			AccessKeyId:     sess.AccessKeyID,
			SecretAccessKey: wire.RandomID(40),
			SessionToken:    wire.RandomID(64),
			Expiration:      wire.ISOTime(sess.Expiration),
		},
		AssumedRoleUser: assumedUser{
			AssumedRoleId: role.RoleID + ":" + sessionName,
			Arn:           fmt.Sprintf("arn:aws:sts::%s:assumed-role/%s/%s", account, role.Name, sessionName),
		},
	})
}

// Session is a set of temporary credentials.
type Session struct {
	AccessKeyID string    `json:"accessKeyId"`
	Account     string    `json:"account"`
	RoleArn     string    `json:"roleArn"`
	SessionName string    `json:"sessionName"`
	Expiration  time.Time `json:"expiration"`
}

// AccountForKey maps an access key ID to its account: 12 digits are the
// account itself, a session's key acts in the role's account, anything
// else is the default account. Callers hold the state lock.
func (s *Service) AccountForKey(key string) string {
	if wire.IsAccountID(key) {
		return key
	}
	if sess, ok := s.sessions()[key]; ok {
		return sess.Account
	}
	return wire.DefaultAccount
}

// IssueSession returns temporary credentials acting as roleArn, as AWS services do for the
// roles they assume on a caller's behalf (a Lambda function's execution role). No trust policy
// is checked: the service is trusted. A role that IAM does not know still gets credentials in
// its account. Callers hold the state lock.
func (s *Service) IssueSession(roleArn, sessionName string) (accessKeyID, secretAccessKey, sessionToken string) {
	account, _, ok := iam.ParseRoleArn(roleArn)
	if !ok {
		account = wire.DefaultAccount
	}
	sess := &Session{
		AccessKeyID: "ASIA" + wire.RandomID(16),
		Account:     account,
		RoleArn:     roleArn,
		SessionName: sessionName,
		Expiration:  time.Now().Add(12 * time.Hour).UTC(),
	}
	s.sessions()[sess.AccessKeyID] = sess
	return sess.AccessKeyID, wire.RandomID(40), wire.RandomID(64)
}
