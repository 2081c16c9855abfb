// Package iam emulates the part of the IAM query API localaws offers:
// roles, with the trust policy ExternalId that STS AssumeRole checks.
package iam

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/panther-operator/panther-operator/internal/localaws/admin"
	"github.com/panther-operator/panther-operator/internal/localaws/internal/state"
	"github.com/panther-operator/panther-operator/internal/localaws/internal/wire"
)

// Role is an IAM role: the part localaws needs to decide AssumeRole.
type Role struct {
	Name       string    `json:"name"`
	Arn        string    `json:"arn"`
	RoleID     string    `json:"roleId"`
	Path       string    `json:"path"`
	TrustDoc   string    `json:"trustPolicy,omitempty"`
	ExternalID string    `json:"externalId,omitempty"`
	Created    time.Time `json:"created"`
}

// ParseRoleArn splits arn:aws:iam::ACCOUNT:role/path/NAME.
func ParseRoleArn(arn string) (account, name string, ok bool) {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || parts[2] != "iam" || !strings.HasPrefix(parts[5], "role/") {
		return "", "", false
	}
	resource := parts[5]
	return parts[4], resource[strings.LastIndexByte(resource, '/')+1:], wire.IsAccountID(parts[4])
}

// putRole stores a role in an account, replacing one of the same name.
func (s *Service) putRole(account, name, path, trustDoc string) *Role {
	if path == "" {
		path = "/"
	}
	role := &Role{
		Name: name, Path: path, TrustDoc: trustDoc,
		Arn:        fmt.Sprintf("arn:aws:iam::%s:role%s%s", account, path, name),
		RoleID:     "AROA" + wire.RandomID(17),
		ExternalID: externalIDFromTrust(trustDoc),
		Created:    time.Now().UTC(),
	}
	s.roles(account)[name] = role
	return role
}

// PutRoleTrust registers a role from the admin API.
func (s *Service) PutRoleTrust(t admin.RoleTrust) error {
	account, name, ok := ParseRoleArn(t.RoleArn)
	if !ok {
		return fmt.Errorf("not a role ARN: %q", t.RoleArn)
	}
	path := "/"
	if i := strings.Index(t.RoleArn, ":role/"); i >= 0 {
		full := t.RoleArn[i+len(":role"):]
		path = full[:strings.LastIndexByte(full, '/')+1]
	}
	role := s.putRole(account, name, path, "")
	role.ExternalID = t.ExternalID
	return nil
}

// externalIDFromTrust finds the sts:ExternalId a trust policy requires in a
// StringEquals condition. Only that common shape is understood.
func externalIDFromTrust(doc string) string {
	if doc == "" {
		return ""
	}
	if decoded, err := url.QueryUnescape(doc); err == nil {
		doc = decoded
	}
	var policy struct {
		Statement []struct {
			Condition map[string]map[string]any `json:"Condition"`
		} `json:"Statement"`
	}
	if json.Unmarshal([]byte(doc), &policy) != nil {
		return ""
	}
	for _, st := range policy.Statement {
		for op, cond := range st.Condition {
			if !strings.HasPrefix(op, "StringEquals") {
				continue
			}
			for key, v := range cond {
				if strings.EqualFold(key, "sts:ExternalId") {
					switch v := v.(type) {
					case string:
						return v
					case []any:
						if len(v) > 0 {
							return fmt.Sprint(v[0])
						}
					}
				}
			}
		}
	}
	return ""
}

// Service is the small IAM query API localaws offers: roles only.
type Service struct {
	store *state.Store
}

// roleTable holds each account's roles by name.
var roleTable = state.NewTable[*Role]("roles", state.PerAccount)

// Tables are the state tables of IAM.
func Tables() []state.Declared { return []state.Declared{roleTable} }

// New returns the IAM service keeping its roles in store.
func New(store *state.Store) *Service { return &Service{store: store} }

// roles are an account's roles. Callers hold the state lock.
func (s *Service) roles(account string) map[string]*Role {
	return roleTable.Account(s.store.State(), account)
}

// request is a call to IAM.
type request struct {
	*wire.Request
	svc *Service
}

type handlerFunc func(req *request) error

var iamHandlers = map[string]handlerFunc{
	"CreateRole": iamCreateRole,
	"GetRole":    iamGetRole,
	"DeleteRole": iamDeleteRole,
}

// Resolve implements wire.Service.
func (s *Service) Resolve(req *wire.Request) (string, string) {
	return wire.ResolveQuery(req, iamHandlers, "RoleName")
}

// Serve implements wire.Service.
func (s *Service) Serve(req *wire.Request) error {
	return iamHandlers[req.Operation](&request{Request: req, svc: s})
}

type iamRoleXML struct {
	Path                     string `xml:"Path"`
	RoleName                 string `xml:"RoleName"`
	RoleId                   string `xml:"RoleId"`
	Arn                      string `xml:"Arn"`
	CreateDate               string `xml:"CreateDate"`
	AssumeRolePolicyDocument string `xml:"AssumeRolePolicyDocument,omitempty"`
}

func roleXML(r *Role) iamRoleXML {
	return iamRoleXML{Path: r.Path, RoleName: r.Name, RoleId: r.RoleID, Arn: r.Arn,
		CreateDate: wire.ISOTime(r.Created), AssumeRolePolicyDocument: url.QueryEscape(r.TrustDoc)}
}

func iamCreateRole(req *request) error {
	name := req.Param("RoleName")
	if name == "" {
		return wire.ValidationError("1 validation error detected: Value null at 'roleName' failed to satisfy constraint: Member must not be null")
	}
	role, err := req.svc.createRole(req.Account, name, req.Param("Path"), req.Param("AssumeRolePolicyDocument"))
	if err != nil {
		return err
	}
	return req.ReplyQuery(struct {
		Role iamRoleXML `xml:"Role"`
	}{roleXML(role)})
}

func iamGetRole(req *request) error {
	name := req.Param("RoleName")
	role, ok := req.svc.roles(req.Account)[name]
	if !ok {
		return noSuchRole(name)
	}
	return req.ReplyQuery(struct {
		Role iamRoleXML `xml:"Role"`
	}{roleXML(role)})
}

func iamDeleteRole(req *request) error {
	name := req.Param("RoleName")
	roles := req.svc.roles(req.Account)
	if _, ok := roles[name]; !ok {
		return noSuchRole(name)
	}
	delete(roles, name)
	return req.ReplyQuery(nil)
}
