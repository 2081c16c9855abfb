package cognito

import (
	"encoding/json"
	"slices"
	"time"
)

// groupDefinition is a CreateGroup request, or an AWS::Cognito::UserPoolGroup's properties.
type groupDefinition struct {
	UserPoolID  string   `json:"UserPoolId"`
	GroupName   string   `json:"GroupName"`
	Description string   `json:"Description"`
	RoleArn     string   `json:"RoleArn"`
	Precedence  *flexInt `json:"Precedence"`
}

// CreateGroup creates a group from a CreateGroup request (or a template's properties).
// Callers hold the state lock.
func (s *Service) CreateGroup(account, region string, definition []byte) error {
	var d groupDefinition
	if err := json.Unmarshal(definition, &d); err != nil {
		return invalidParameter("%v", err)
	}
	p, ok := s.pools()[d.UserPoolID]
	if !ok || p.Account != account || p.Region != region {
		return poolNotFound(d.UserPoolID)
	}
	if d.GroupName == "" {
		return invalidParameter("1 validation error detected: Value null at 'groupName' failed to satisfy constraint: Member must not be null")
	}
	if _, exists := p.Groups[d.GroupName]; exists {
		return cognitoError("GroupExistsException", "A group with the name %s already exists.", d.GroupName)
	}
	now := time.Now().UTC()
	g := &Group{Name: d.GroupName, Description: d.Description, RoleArn: d.RoleArn, Created: now, Modified: now}
	if d.Precedence != nil {
		n := int(*d.Precedence)
		g.Precedence = &n
	}
	p.Groups[g.Name] = g
	return nil
}

// DeleteGroup deletes a group and its memberships. Callers hold the state lock.
func (s *Service) DeleteGroup(poolID, name string) {
	p, ok := s.pools()[poolID]
	if !ok {
		return
	}
	delete(p.Groups, name)
	for _, u := range p.Users {
		u.Groups = slices.DeleteFunc(u.Groups, func(g string) bool { return g == name })
	}
}

func (g *Group) describe(poolID string) map[string]any {
	out := map[string]any{"GroupName": g.Name, "UserPoolId": poolID, "CreationDate": epoch(g.Created),
		"LastModifiedDate": epoch(g.Modified)}
	if g.Description != "" {
		out["Description"] = g.Description
	}
	if g.RoleArn != "" {
		out["RoleArn"] = g.RoleArn
	}
	if g.Precedence != nil {
		out["Precedence"] = *g.Precedence
	}
	return out
}

func createGroup(req *request) error {
	if err := req.svc.CreateGroup(req.Account, req.Region, req.Body); err != nil {
		return err
	}
	var d groupDefinition
	_ = json.Unmarshal(req.Body, &d)
	return req.ReplyJSON(map[string]any{"Group": req.svc.pools()[d.UserPoolID].Groups[d.GroupName].describe(d.UserPoolID)})
}

// group finds the pool and group a request names.
func (req *request) group() (*Pool, *Group, error) {
	var in struct{ UserPoolId, GroupName string }
	if err := req.decode(&in); err != nil {
		return nil, nil, err
	}
	p, err := req.ownPool(in.UserPoolId)
	if err != nil {
		return nil, nil, err
	}
	g, ok := p.Groups[in.GroupName]
	if !ok {
		return nil, nil, cognitoError("ResourceNotFoundException", "Group not found.")
	}
	return p, g, nil
}

func getGroup(req *request) error {
	p, g, err := req.group()
	if err != nil {
		return err
	}
	return req.ReplyJSON(map[string]any{"Group": g.describe(p.ID)})
}

func deleteGroup(req *request) error {
	p, g, err := req.group()
	if err != nil {
		return err
	}
	req.svc.DeleteGroup(p.ID, g.Name)
	return req.ReplyJSON(nil)
}

func listGroups(req *request) error {
	var in struct {
		UserPoolId string
		Limit      int
		NextToken  string
	}
	if err := req.decode(&in); err != nil {
		return err
	}
	p, err := req.ownPool(in.UserPoolId)
	if err != nil {
		return err
	}
	return req.replyGroups(p, sortedKeys(p.Groups), in.NextToken, in.Limit)
}

func (req *request) replyGroups(p *Pool, names []string, token string, limit int) error {
	if limit <= 0 || limit > 60 {
		limit = 60
	}
	page, next := pageOf(names, token, limit)
	groups := make([]any, 0, len(page))
	for _, name := range page {
		groups = append(groups, p.Groups[name].describe(p.ID))
	}
	out := map[string]any{"Groups": groups}
	if next != "" {
		out["NextToken"] = next
	}
	return req.ReplyJSON(out)
}

// membership finds the user and group a request names.
func (req *request) membership() (*Pool, *User, *Group, error) {
	p, u, err := req.user()
	if err != nil {
		return nil, nil, nil, err
	}
	_, g, err := req.group()
	if err != nil {
		return nil, nil, nil, err
	}
	return p, u, g, nil
}

func adminAddUserToGroup(req *request) error {
	_, u, g, err := req.membership()
	if err != nil {
		return err
	}
	if !slices.Contains(u.Groups, g.Name) {
		u.Groups = append(u.Groups, g.Name)
		slices.Sort(u.Groups)
	}
	return req.ReplyJSON(nil)
}

func adminRemoveUserFromGroup(req *request) error {
	_, u, g, err := req.membership()
	if err != nil {
		return err
	}
	u.Groups = slices.DeleteFunc(u.Groups, func(name string) bool { return name == g.Name })
	return req.ReplyJSON(nil)
}

func adminListGroupsForUser(req *request) error {
	var in struct {
		Limit     int
		NextToken string
	}
	if err := req.decode(&in); err != nil {
		return err
	}
	p, u, err := req.user()
	if err != nil {
		return err
	}
	return req.replyGroups(p, u.Groups, in.NextToken, in.Limit)
}

func listUsersInGroup(req *request) error {
	var in struct {
		Limit     int
		NextToken string
	}
	if err := req.decode(&in); err != nil {
		return err
	}
	p, g, err := req.group()
	if err != nil {
		return err
	}
	var names []string
	for _, name := range sortedKeys(p.Users) {
		if slices.Contains(p.Users[name].Groups, g.Name) {
			names = append(names, name)
		}
	}
	return req.replyUsers(p, names, in.NextToken, in.Limit, nil, "NextToken")
}
