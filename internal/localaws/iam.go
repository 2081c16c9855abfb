package localaws

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/panther-operator/panther-operator/internal/localaws/admin"
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

// parseRoleArn splits arn:aws:iam::ACCOUNT:role/path/NAME.
func parseRoleArn(arn string) (account, name string, ok bool) {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || parts[2] != "iam" || !strings.HasPrefix(parts[5], "role/") {
		return "", "", false
	}
	resource := parts[5]
	return parts[4], resource[strings.LastIndexByte(resource, '/')+1:], isAccountID(parts[4])
}

// putRole stores a role in an account, replacing one of the same name.
func (s *State) putRole(account, name, path, trustDoc string) *Role {
	if path == "" {
		path = "/"
	}
	role := &Role{
		Name: name, Path: path, TrustDoc: trustDoc,
		Arn:        fmt.Sprintf("arn:aws:iam::%s:role%s%s", account, path, name),
		RoleID:     "AROA" + randomID(17),
		ExternalID: externalIDFromTrust(trustDoc),
		Created:    time.Now().UTC(),
	}
	s.account(account).Roles[name] = role
	return role
}

// putRoleTrust registers a role from the admin API.
func (s *State) putRoleTrust(t admin.RoleTrust) error {
	account, name, ok := parseRoleArn(t.RoleArn)
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

// iamService is the small IAM query API localaws offers: roles only.
type iamService struct{}

var iamHandlers = map[string]handlerFunc{
	"CreateRole": iamCreateRole,
	"GetRole":    iamGetRole,
	"DeleteRole": iamDeleteRole,
}

func (iamService) resolve(req *request) (string, string) {
	return resolveQuery(req, iamHandlers, "RoleName")
}

func (iamService) serve(req *request) error { return iamHandlers[req.operation](req) }

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
		CreateDate: isoTime(r.Created), AssumeRolePolicyDocument: url.QueryEscape(r.TrustDoc)}
}

func iamCreateRole(req *request) error {
	name := req.param("RoleName")
	if name == "" {
		return validationError("1 validation error detected: Value null at 'roleName' failed to satisfy constraint: Member must not be null")
	}
	if _, exists := req.emu.state.account(req.account).Roles[name]; exists {
		return newError(http.StatusConflict, "EntityAlreadyExists", "Role with name %s already exists.", name)
	}
	role := req.emu.state.putRole(req.account, name, req.param("Path"), req.param("AssumeRolePolicyDocument"))
	return req.replyQuery(struct {
		Role iamRoleXML `xml:"Role"`
	}{roleXML(role)})
}

func iamGetRole(req *request) error {
	name := req.param("RoleName")
	role, ok := req.emu.state.account(req.account).Roles[name]
	if !ok {
		return newError(http.StatusNotFound, "NoSuchEntity", "The role with name %s cannot be found.", name)
	}
	return req.replyQuery(struct {
		Role iamRoleXML `xml:"Role"`
	}{roleXML(role)})
}

func iamDeleteRole(req *request) error {
	name := req.param("RoleName")
	roles := req.emu.state.account(req.account).Roles
	if _, ok := roles[name]; !ok {
		return newError(http.StatusNotFound, "NoSuchEntity", "The role with name %s cannot be found.", name)
	}
	delete(roles, name)
	return req.replyQuery(nil)
}
