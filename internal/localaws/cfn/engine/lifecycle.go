package engine

import (
	"regexp"
	"time"

	"github.com/panther-operator/panther-operator/internal/localaws/cfn/template"
	"github.com/panther-operator/panther-operator/internal/localaws/internal/state"
	"github.com/panther-operator/panther-operator/internal/localaws/internal/wire"
)

const noUpdatesMessage = "No updates are to be performed."

var stackNamePattern = regexp.MustCompile(`^[a-zA-Z][-a-zA-Z0-9]{0,127}$`)

// stackInput is what CreateStack, UpdateStack, change sets and nested
// stacks submit.
type stackInput struct {
	Name                  string
	Template              string
	Params                []template.ParamInput
	Capabilities          []string
	Tags                  []state.Tag
	TagsGiven             bool
	DisableRollback       bool
	DeleteOnFailure       bool
	TerminationProtection bool
	ParentID, RootID      string
	RoleARN               string
}

// checkInput prepares the template, checks capabilities and resolves
// parameters.
func checkInput(in stackInput, previous []template.StackParam) (*template.Prepared, []template.StackParam, error) {
	p, err := template.Prepare(in.Template)
	if err != nil {
		return nil, nil, err
	}
	if err := template.CheckResourceTypes(p.Template); err != nil {
		return nil, nil, err
	}
	if err := template.CheckCapabilities(p, in.Capabilities); err != nil {
		return nil, nil, err
	}
	params, err := template.ResolveParameters(p.Template, in.Params, previous)
	if err != nil {
		return nil, nil, err
	}
	all := map[string]bool{}
	for id := range p.Template.Resources {
		all[id] = true
	}
	if _, err := template.BuildGraph(p.Template, all); err != nil {
		return nil, nil, err
	}
	return p, params, nil
}

// newStack validates the name and builds a stack record in the region.
func (e *Engine) newStack(account, region, name string) (*Stack, error) {
	if !stackNamePattern.MatchString(name) {
		return nil, wire.ValidationError("1 validation error detected: Value '%s' at 'stackName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*", name)
	}
	reg := e.region(account, region)
	if reg.liveStack(name) != nil {
		return nil, wire.NewError(400, "AlreadyExistsException", "Stack [%s] already exists", name)
	}
	s := &Stack{
		ID: stackArn(region, account, name), Name: name, Account: account, Region: region,
		Created: time.Now().UTC(), Resources: map[string]*StackResource{}, ChangeSets: map[string]*ChangeSet{},
	}
	return s, nil
}

// createStack starts a stack creation.
func (e *Engine) createStack(account, region string, in stackInput) (*Stack, error) {
	s, err := e.newStack(account, region, in.Name)
	if err != nil {
		return nil, err
	}
	p, params, err := checkInput(in, nil)
	if err != nil {
		return nil, err
	}
	e.region(account, region).Stacks[s.ID] = s
	e.beginCreate(s, in, p, params)
	return s, nil
}

func (e *Engine) beginCreate(s *Stack, in stackInput, p *template.Prepared, params []template.StackParam) {
	s.Template, s.Parameters, s.Capabilities, s.Tags = p.Original, params, in.Capabilities, in.Tags
	s.Description = p.Template.Description
	s.DisableRollback, s.TerminationProtection = in.DisableRollback, in.TerminationProtection
	s.DeleteOnFailure = in.DeleteOnFailure
	s.ParentID, s.RootID, s.RoleARN = in.ParentID, in.RootID, in.RoleARN
	s.Imports = nil
	s.setStatus("CREATE_IN_PROGRESS", "User Initiated")
	s.Op = newOp(phaseProvision)
	e.stacks.start(s)
}

// updatableStatuses are the statuses UpdateStack accepts.
var updatableStatuses = map[string]bool{
	"CREATE_COMPLETE": true, "UPDATE_COMPLETE": true, "UPDATE_ROLLBACK_COMPLETE": true,
	"IMPORT_COMPLETE": true, "IMPORT_ROLLBACK_COMPLETE": true,
}

// updateStack starts an update; an empty in.Template keeps the current one.
func (e *Engine) updateStack(s *Stack, in stackInput) error {
	if !updatableStatuses[s.Status] {
		return wire.ValidationError("Stack:%s is in %s state and can not be updated.", s.ID, s.Status)
	}
	if in.Template == "" {
		in.Template = s.Template
	}
	if !in.TagsGiven {
		in.Tags = s.Tags
	}
	p, params, err := checkInput(in, s.Parameters)
	if err != nil {
		return err
	}
	if p.Original == s.Template && template.Canonical(paramsAsTree(params)) == template.Canonical(paramsAsTree(s.Parameters)) &&
		template.Canonical(tagsAsTree(in.Tags)) == template.Canonical(tagsAsTree(s.Tags)) {
		return wire.ValidationError(noUpdatesMessage)
	}
	e.beginUpdate(s, in, p, params)
	return nil
}

func (e *Engine) beginUpdate(s *Stack, in stackInput, p *template.Prepared, params []template.StackParam) {
	s.Previous = &StackConfig{Template: s.Template, Parameters: s.Parameters, Tags: s.Tags, Outputs: s.Outputs}
	s.Template, s.Parameters, s.Tags, s.Capabilities = p.Original, params, in.Tags, in.Capabilities
	s.Description = p.Template.Description
	s.Imports = nil
	s.setStatus("UPDATE_IN_PROGRESS", "User Initiated")
	s.Op = newOp(phaseProvision)
	e.stacks.start(s)
}

// deleteStack starts a deletion, keeping the listed resources.
func (e *Engine) deleteStack(s *Stack, retain []string) error {
	switch {
	case s.Status == "DELETE_COMPLETE" || s.Status == "DELETE_IN_PROGRESS":
		return nil
	case s.TerminationProtection:
		return wire.ValidationError("Stack [%s] cannot be deleted while TerminationProtection is enabled", s.Name)
	case len(retain) > 0 && s.Status != "DELETE_FAILED":
		return wire.ValidationError("Invalid operation on stack [%s]. RetainResources can only be specified when the stack is in the DELETE_FAILED state.", s.ID)
	case s.Op != nil && (s.Status == "CREATE_IN_PROGRESS" || s.Status == "ROLLBACK_IN_PROGRESS"):
		s.Op.DeleteRequested = true
		return nil
	case s.Op != nil:
		return wire.ValidationError("Stack [%s] cannot be deleted while in status %s", s.Name, s.Status)
	}
	s.setStatus("DELETE_IN_PROGRESS", "User Initiated")
	s.Op = newOp(phaseDelete)
	for _, id := range retain {
		s.Op.Skip[id] = true
	}
	e.stacks.start(s)
	return nil
}

func paramsAsTree(params []template.StackParam) any {
	m := map[string]any{}
	for _, p := range params {
		m[p.Key] = p.Value
	}
	return m
}

func tagsAsTree(tags []state.Tag) any {
	m := map[string]any{}
	for _, t := range tags {
		m[t.Key] = t.Value
	}
	return m
}
