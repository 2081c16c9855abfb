package localaws

import (
	"fmt"
	"net/http"
	"strconv"
	"time"
)

// stsService implements GetCallerIdentity and AssumeRole.
type stsService struct{}

var stsHandlers = map[string]handlerFunc{
	"GetCallerIdentity": stsGetCallerIdentity,
	"AssumeRole":        stsAssumeRole,
}

func (stsService) resolve(req *request) (string, string) {
	return resolveQuery(req, stsHandlers, "RoleArn")
}

func (stsService) serve(req *request) error { return stsHandlers[req.operation](req) }

func stsGetCallerIdentity(req *request) error {
	type result struct {
		UserId  string `xml:"UserId"`
		Account string `xml:"Account"`
		Arn     string `xml:"Arn"`
	}
	if sess, ok := req.emu.state.Sessions[req.accessKey]; ok {
		_, roleName, _ := parseRoleArn(sess.RoleArn)
		roleID := "AROA" + randomID(17)
		if role, found := req.emu.state.account(sess.Account).Roles[roleName]; found {
			roleID = role.RoleID
		}
		return req.replyQuery(result{
			UserId:  roleID + ":" + sess.SessionName,
			Account: sess.Account,
			Arn:     fmt.Sprintf("arn:aws:sts::%s:assumed-role/%s/%s", sess.Account, roleName, sess.SessionName),
		})
	}
	return req.replyQuery(result{
		UserId:  req.accessKey,
		Account: req.account,
		Arn:     fmt.Sprintf("arn:aws:iam::%s:root", req.account),
	})
}

func stsAssumeRole(req *request) error {
	roleArn := req.param("RoleArn")
	sessionName := req.param("RoleSessionName")
	if roleArn == "" || sessionName == "" {
		return validationError("1 validation error detected: RoleArn and RoleSessionName are required")
	}
	account, roleName, ok := parseRoleArn(roleArn)
	if !ok {
		return validationError("%s is invalid", roleArn)
	}
	denied := newError(http.StatusForbidden, "AccessDenied",
		"User: arn:aws:iam::%s:root is not authorized to perform: sts:AssumeRole on resource: %s", req.account, roleArn)
	role, found := req.emu.state.account(account).Roles[roleName]
	if !found {
		return denied
	}
	if role.ExternalID != "" && role.ExternalID != req.param("ExternalId") {
		return denied
	}
	duration := 3600
	if d, err := strconv.Atoi(req.param("DurationSeconds")); err == nil && d > 0 {
		if d < 900 || d > 43200 {
			return validationError("1 validation error detected: Value '%d' at 'durationSeconds' failed to satisfy constraint: Member must have value between 900 and 43200", d)
		}
		duration = d
	}
	sess := &Session{
		AccessKeyID: "ASIA" + randomID(16),
		Account:     account,
		RoleArn:     role.Arn,
		SessionName: sessionName,
		Expiration:  time.Now().Add(time.Duration(duration) * time.Second).UTC(),
	}
	req.emu.state.Sessions[sess.AccessKeyID] = sess
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
	return req.replyQuery(struct {
		Credentials     credentials `xml:"Credentials"`
		AssumedRoleUser assumedUser `xml:"AssumedRoleUser"`
	}{
		Credentials: credentials{
			AccessKeyId:     sess.AccessKeyID,
			SecretAccessKey: randomID(40),
			SessionToken:    randomID(64),
			Expiration:      isoTime(sess.Expiration),
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

// accountForKey maps an access key ID to its account.
func (s *State) accountForKey(key string) string {
	if isAccountID(key) {
		return key
	}
	if sess, ok := s.Sessions[key]; ok {
		return sess.Account
	}
	return DefaultAccount
}
