package cognito

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/panther-operator/panther-operator/internal/localaws/internal/wire"
)

// poolDefinition is a CreateUserPool request, or an AWS::Cognito::UserPool's properties.
type poolDefinition struct {
	PoolName     string `json:"PoolName"`
	UserPoolName string `json:"UserPoolName"`
	Policies     struct {
		PasswordPolicy *struct {
			MinimumLength                 flexInt  `json:"MinimumLength"`
			RequireUppercase              flexBool `json:"RequireUppercase"`
			RequireLowercase              flexBool `json:"RequireLowercase"`
			RequireNumbers                flexBool `json:"RequireNumbers"`
			RequireSymbols                flexBool `json:"RequireSymbols"`
			TemporaryPasswordValidityDays flexInt  `json:"TemporaryPasswordValidityDays"`
		} `json:"PasswordPolicy"`
	} `json:"Policies"`
	UsernameAttributes     []string          `json:"UsernameAttributes"`
	AutoVerifiedAttributes []string          `json:"AutoVerifiedAttributes"`
	Schema                 []json.RawMessage `json:"Schema"`
	AdminCreateUserConfig  json.RawMessage   `json:"AdminCreateUserConfig"`
	UserPoolTags           map[string]string `json:"UserPoolTags"`
}

// policy is the definition's password policy, with Cognito's defaults when it has none.
func (d *poolDefinition) policy() PasswordPolicy {
	pp := d.Policies.PasswordPolicy
	if pp == nil {
		return PasswordPolicy{MinimumLength: 8, RequireUppercase: true, RequireLowercase: true, RequireNumbers: true,
			RequireSymbols: true, TemporaryPasswordValidityDays: 7}
	}
	p := PasswordPolicy{MinimumLength: int(pp.MinimumLength), RequireUppercase: bool(pp.RequireUppercase),
		RequireLowercase: bool(pp.RequireLowercase), RequireNumbers: bool(pp.RequireNumbers),
		RequireSymbols: bool(pp.RequireSymbols), TemporaryPasswordValidityDays: int(pp.TemporaryPasswordValidityDays)}
	if p.MinimumLength == 0 {
		p.MinimumLength = 8
	}
	if p.TemporaryPasswordValidityDays == 0 {
		p.TemporaryPasswordValidityDays = 7
	}
	return p
}

// CreatePool creates a pool from a CreateUserPool request (or a template's properties) and
// returns its ID and ARN. Callers hold the state lock.
func (s *Service) CreatePool(account, region string, definition []byte) (id, arn string, err error) {
	var d poolDefinition
	if err := json.Unmarshal(definition, &d); err != nil {
		return "", "", invalidParameter("%v", err)
	}
	name := d.PoolName
	if name == "" {
		name = d.UserPoolName
	}
	if name == "" {
		return "", "", invalidParameter("1 validation error detected: Value null at 'poolName' failed to satisfy constraint: Member must not be null")
	}
	for _, a := range d.UsernameAttributes {
		if a != "email" && a != "phone_number" {
			return "", "", invalidParameter("1 validation error detected: Value '[%s]' at 'usernameAttributes' failed to satisfy constraint: Member must satisfy enum value set: [phone_number, email]", a)
		}
	}
	now := time.Now().UTC()
	p := &Pool{ID: region + "_" + wire.RandomFrom(wire.Alnum, 9), Name: name, Account: account, Region: region,
		Created: now, Modified: now, Policy: d.policy(), UsernameAttributes: d.UsernameAttributes,
		AutoVerified: d.AutoVerifiedAttributes, Schema: d.Schema, AdminCreateUser: d.AdminCreateUserConfig,
		Tags:  d.UserPoolTags,
		KeyID: wire.RandomFrom(wire.Alnum, 43), Users: map[string]*User{}, Groups: map[string]*Group{}}
	s.pools()[p.ID] = p
	return p.ID, p.arn(), nil
}

// DeletePool deletes a pool and its clients. Callers hold the state lock.
func (s *Service) DeletePool(id string) {
	delete(s.pools(), id)
	for cid, c := range s.clients() {
		if c.PoolID == id {
			delete(s.clients(), cid)
		}
	}
}

// PoolClients lists the IDs of a pool's app clients, for drift detection, and reports whether
// the pool exists.
func (s *Service) PoolClients(poolID string) ([]string, bool) {
	if _, ok := s.pools()[poolID]; !ok {
		return nil, false
	}
	var ids []string
	for id, c := range s.clients() {
		if c.PoolID == poolID {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	return ids, true
}

func (p *Pool) arn() string {
	return fmt.Sprintf("arn:%s:cognito-idp:%s:%s:userpool/%s", wire.Partition(p.Region), p.Region, p.Account, p.ID)
}

func createUserPool(req *request) error {
	id, _, err := req.svc.CreatePool(req.Account, req.Region, req.Body)
	if err != nil {
		return err
	}
	return req.ReplyJSON(map[string]any{"UserPool": req.svc.pools()[id].describe()})
}

// describe is the pool in DescribeUserPool's shape.
func (p *Pool) describe() map[string]any {
	out := map[string]any{
		"Id": p.ID, "Name": p.Name, "Arn": p.arn(), "CreationDate": epoch(p.Created), "LastModifiedDate": epoch(p.Modified),
		"Policies":               map[string]any{"PasswordPolicy": p.Policy},
		"EstimatedNumberOfUsers": len(p.Users), "MfaConfiguration": "OFF",
		"SchemaAttributes": p.schemaAttributes(),
	}
	if len(p.UsernameAttributes) > 0 {
		out["UsernameAttributes"] = p.UsernameAttributes
	}
	if len(p.AutoVerified) > 0 {
		out["AutoVerifiedAttributes"] = p.AutoVerified
	}
	if len(p.AdminCreateUser) > 0 {
		out["AdminCreateUserConfig"] = p.AdminCreateUser
	}
	if len(p.Tags) > 0 {
		out["UserPoolTags"] = p.Tags
	}
	return out
}

// schemaAttributes are the standard attributes every pool has, then the pool's own; custom
// attributes get their custom: prefix.
func (p *Pool) schemaAttributes() []any {
	out := []any{
		map[string]any{"Name": "sub", "AttributeDataType": "String", "Mutable": false, "Required": true},
		map[string]any{"Name": "email", "AttributeDataType": "String", "Mutable": true, "Required": false},
		map[string]any{"Name": "email_verified", "AttributeDataType": "Boolean", "Mutable": true, "Required": false},
	}
	for _, raw := range p.Schema {
		var attr map[string]any
		if json.Unmarshal(raw, &attr) != nil {
			continue
		}
		if name, _ := attr["Name"].(string); name != "" && !standardAttributes[name] && !strings.HasPrefix(name, "custom:") {
			attr["Name"] = "custom:" + name
		}
		out = append(out, attr)
	}
	return out
}

// standardAttributes are the attributes Cognito defines.
var standardAttributes = map[string]bool{
	"sub": true, "name": true, "given_name": true, "family_name": true, "middle_name": true, "nickname": true,
	"preferred_username": true, "profile": true, "picture": true, "website": true, "email": true,
	"email_verified": true, "gender": true, "birthdate": true, "zoneinfo": true, "locale": true,
	"phone_number": true, "phone_number_verified": true, "address": true, "updated_at": true,
}

func describeUserPool(req *request) error {
	var in struct{ UserPoolId string }
	if err := req.decode(&in); err != nil {
		return err
	}
	p, err := req.ownPool(in.UserPoolId)
	if err != nil {
		return err
	}
	return req.ReplyJSON(map[string]any{"UserPool": p.describe()})
}

func listUserPools(req *request) error {
	var in struct {
		MaxResults int
		NextToken  string
	}
	if err := req.decode(&in); err != nil {
		return err
	}
	if in.MaxResults < 1 || in.MaxResults > 60 {
		return invalidParameter("1 validation error detected: Value '%d' at 'maxResults' failed to satisfy constraint: Member must have value between 1 and 60", in.MaxResults)
	}
	var ids []string
	for id, p := range req.svc.pools() {
		if p.Account == req.Account && p.Region == req.Region {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	page, next := pageOf(ids, in.NextToken, in.MaxResults)
	pools := make([]any, 0, len(page))
	for _, id := range page {
		p := req.svc.pools()[id]
		pools = append(pools, map[string]any{"Id": p.ID, "Name": p.Name,
			"CreationDate": epoch(p.Created), "LastModifiedDate": epoch(p.Modified)})
	}
	out := map[string]any{"UserPools": pools}
	if next != "" {
		out["NextToken"] = next
	}
	return req.ReplyJSON(out)
}

// pageOf returns the page of sorted keys after the token (the last key of the previous
// page) and the token of the next page.
func pageOf(keys []string, token string, limit int) ([]string, string) {
	start := 0
	if token != "" {
		start, _ = slices.BinarySearch(keys, token)
		if start < len(keys) && keys[start] == token {
			start++
		}
	}
	end := min(start+limit, len(keys))
	page := keys[start:end]
	if end < len(keys) {
		return page, page[len(page)-1]
	}
	return page, ""
}

func deleteUserPool(req *request) error {
	var in struct{ UserPoolId string }
	if err := req.decode(&in); err != nil {
		return err
	}
	if _, err := req.ownPool(in.UserPoolId); err != nil {
		return err
	}
	req.svc.DeletePool(in.UserPoolId)
	return req.ReplyJSON(nil)
}

// sortedKeys returns a map's keys in order.
func sortedKeys[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }
