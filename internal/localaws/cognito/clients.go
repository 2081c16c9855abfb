package cognito

import (
	"encoding/json"
	"slices"
	"strings"
	"time"

	"github.com/panther-operator/panther-operator/internal/localaws/internal/wire"
)

// clientDefinition is a CreateUserPoolClient request, or an AWS::Cognito::UserPoolClient's
// properties.
type clientDefinition struct {
	UserPoolID                 string            `json:"UserPoolId"`
	ClientName                 string            `json:"ClientName"`
	ExplicitAuthFlows          []string          `json:"ExplicitAuthFlows"`
	GenerateSecret             flexBool          `json:"GenerateSecret"`
	AccessTokenValidity        flexInt           `json:"AccessTokenValidity"`
	IDTokenValidity            flexInt           `json:"IdTokenValidity"`
	RefreshTokenValidity       flexInt           `json:"RefreshTokenValidity"`
	TokenValidityUnits         map[string]string `json:"TokenValidityUnits"`
	PreventUserExistenceErrors string            `json:"PreventUserExistenceErrors"`
}

// validity is one token's validity and its unit, with Cognito's default when unset.
func validity(v flexInt, units map[string]string, token string, def int, defUnit string) (int, string) {
	unit := units[token]
	switch {
	case v == 0 && (unit == "" || unit == defUnit):
		return def, defUnit
	case v == 0:
		return max(1, int(duration(def, defUnit)/duration(1, unit))), unit
	case unit == "" && token == "RefreshToken":
		unit = "days"
	case unit == "":
		unit = "hours"
	}
	return int(v), unit
}

// knownFlows are the ExplicitAuthFlows Cognito accepts.
var knownFlows = []string{"ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_ADMIN_USER_PASSWORD_AUTH",
	"ALLOW_USER_SRP_AUTH", "ALLOW_CUSTOM_AUTH", "ALLOW_USER_AUTH", "ADMIN_NO_SRP_AUTH", "CUSTOM_AUTH_FLOW_ONLY",
	"USER_PASSWORD_AUTH"}

// CreateClient creates an app client from a CreateUserPoolClient request (or a template's
// properties) and returns its ID. Callers hold the state lock.
func (s *Service) CreateClient(account, region string, definition []byte) (string, error) {
	var d clientDefinition
	if err := json.Unmarshal(definition, &d); err != nil {
		return "", invalidParameter("%v", err)
	}
	p, ok := s.pools()[d.UserPoolID]
	if !ok || p.Account != account || p.Region != region {
		return "", poolNotFound(d.UserPoolID)
	}
	if d.ClientName == "" {
		return "", invalidParameter("1 validation error detected: Value null at 'clientName' failed to satisfy constraint: Member must not be null")
	}
	if d.GenerateSecret {
		return "", invalidParameter("localaws does not support app clients with a secret")
	}
	for _, f := range d.ExplicitAuthFlows {
		if !slices.Contains(knownFlows, f) {
			return "", invalidParameter("1 validation error detected: Value '[%s]' at 'explicitAuthFlows' failed to satisfy constraint: Member must satisfy enum value set", f)
		}
	}
	flows := d.ExplicitAuthFlows
	if len(flows) == 0 {
		flows = []string{"ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_CUSTOM_AUTH"}
	}
	units := map[string]string{}
	c := &Client{ID: strings.ToLower(wire.RandomFrom(wire.Alnum, 26)), PoolID: p.ID, Name: d.ClientName,
		ExplicitAuthFlows: flows, Units: units, PreventUserExistence: d.PreventUserExistenceErrors,
		Created: time.Now().UTC()}
	c.Modified = c.Created
	c.AccessTokenValidity, units["AccessToken"] = validity(d.AccessTokenValidity, d.TokenValidityUnits, "AccessToken", 60, "minutes")
	c.IDTokenValidity, units["IdToken"] = validity(d.IDTokenValidity, d.TokenValidityUnits, "IdToken", 60, "minutes")
	c.RefreshTokenValidity, units["RefreshToken"] = validity(d.RefreshTokenValidity, d.TokenValidityUnits, "RefreshToken", 30, "days")
	if c.PreventUserExistence == "" {
		c.PreventUserExistence = "ENABLED"
	}
	s.clients()[c.ID] = c
	return c.ID, nil
}

// DeleteClient deletes an app client. Callers hold the state lock.
func (s *Service) DeleteClient(id string) { delete(s.clients(), id) }

// allows reports whether the client enables an auth flow (legacy names included).
func (c *Client) allows(flow string) bool {
	legacy := map[string]string{"ALLOW_USER_PASSWORD_AUTH": "USER_PASSWORD_AUTH",
		"ALLOW_ADMIN_USER_PASSWORD_AUTH": "ADMIN_NO_SRP_AUTH"}
	if slices.Contains(c.ExplicitAuthFlows, flow) || slices.Contains(c.ExplicitAuthFlows, legacy[flow]) {
		return true
	}
	// Clients with legacy flows may always refresh.
	return flow == "ALLOW_REFRESH_TOKEN_AUTH" &&
		(slices.Contains(c.ExplicitAuthFlows, "USER_PASSWORD_AUTH") || slices.Contains(c.ExplicitAuthFlows, "ADMIN_NO_SRP_AUTH"))
}

// duration is a token validity in time.
func duration(v int, unit string) time.Duration {
	switch unit {
	case "seconds":
		return time.Duration(v) * time.Second
	case "minutes":
		return time.Duration(v) * time.Minute
	case "days":
		return time.Duration(v) * 24 * time.Hour
	}
	return time.Duration(v) * time.Hour
}

func (c *Client) describe() map[string]any {
	return map[string]any{
		"ClientId": c.ID, "ClientName": c.Name, "UserPoolId": c.PoolID, "ExplicitAuthFlows": c.ExplicitAuthFlows,
		"AccessTokenValidity": c.AccessTokenValidity, "IdTokenValidity": c.IDTokenValidity,
		"RefreshTokenValidity": c.RefreshTokenValidity, "TokenValidityUnits": c.Units,
		"PreventUserExistenceErrors": c.PreventUserExistence, "AuthSessionValidity": 3,
		"CreationDate": epoch(c.Created), "LastModifiedDate": epoch(c.Modified),
	}
}

func createUserPoolClient(req *request) error {
	id, err := req.svc.CreateClient(req.Account, req.Region, req.Body)
	if err != nil {
		return err
	}
	return req.ReplyJSON(map[string]any{"UserPoolClient": req.svc.clients()[id].describe()})
}

// ownClient finds a client of a pool of the caller's.
func (req *request) ownClient() (*Client, error) {
	var in struct{ UserPoolId, ClientId string }
	if err := req.decode(&in); err != nil {
		return nil, err
	}
	if _, err := req.ownPool(in.UserPoolId); err != nil {
		return nil, err
	}
	c, ok := req.svc.clients()[in.ClientId]
	if !ok || c.PoolID != in.UserPoolId {
		return nil, cognitoError("ResourceNotFoundException", "User pool client %s does not exist.", in.ClientId)
	}
	return c, nil
}

func describeUserPoolClient(req *request) error {
	c, err := req.ownClient()
	if err != nil {
		return err
	}
	return req.ReplyJSON(map[string]any{"UserPoolClient": c.describe()})
}

func deleteUserPoolClient(req *request) error {
	c, err := req.ownClient()
	if err != nil {
		return err
	}
	req.svc.DeleteClient(c.ID)
	return req.ReplyJSON(nil)
}

func listUserPoolClients(req *request) error {
	var in struct{ UserPoolId string }
	if err := req.decode(&in); err != nil {
		return err
	}
	if _, err := req.ownPool(in.UserPoolId); err != nil {
		return err
	}
	out := []any{}
	for _, id := range sortedKeys(req.svc.clients()) {
		if c := req.svc.clients()[id]; c.PoolID == in.UserPoolId {
			out = append(out, map[string]any{"ClientId": c.ID, "ClientName": c.Name, "UserPoolId": c.PoolID})
		}
	}
	return req.ReplyJSON(map[string]any{"UserPoolClients": out})
}
