package engine

import (
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/panther-operator/panther-operator/internal/localaws/cfn/template"
	"github.com/panther-operator/panther-operator/internal/localaws/internal/state"
	"github.com/panther-operator/panther-operator/internal/localaws/internal/wire"
)

const emptyChangeSetReason = "The submitted information didn't contain changes. Submit different information to create a change set."

func changeSetNotFound(name string) *wire.Error {
	return wire.NewError(http.StatusNotFound, "ChangeSetNotFound", "ChangeSet [%s] does not exist", name)
}

// findChangeSet finds a change set by ARN (anywhere in the region) or by
// name within a stack.
func findChangeSet(req *request, s *Stack, name string) (*ChangeSet, error) {
	if strings.HasPrefix(name, "arn:") {
		for _, st := range req.region().Stacks {
			if cs, ok := st.ChangeSets[name]; ok {
				return cs, nil
			}
		}
		return nil, changeSetNotFound(name)
	}
	if s == nil {
		return nil, wire.ValidationError("StackName must be specified if ChangeSetName is not specified as an ARN.")
	}
	for _, cs := range s.ChangeSets {
		if cs.Name == name {
			return cs, nil
		}
	}
	return nil, changeSetNotFound(name)
}

// changeSetStack returns the stack a change set request addresses.
func changeSetStack(req *request) (*Stack, *ChangeSet, error) {
	name := req.Param("ChangeSetName")
	if strings.HasPrefix(name, "arn:") {
		for _, st := range req.region().Stacks {
			if cs, ok := st.ChangeSets[name]; ok {
				return st, cs, nil
			}
		}
		return nil, nil, changeSetNotFound(name)
	}
	s, err := req.stack(req.Param("StackName"))
	if err != nil {
		return nil, nil, err
	}
	cs, err := findChangeSet(req, s, name)
	return s, cs, err
}

func cfnCreateChangeSet(req *request) error {
	e := req.eng
	name, csName := req.Param("StackName"), req.Param("ChangeSetName")
	csType := req.Param("ChangeSetType")
	if csType == "" {
		csType = "UPDATE"
	}
	in, err := stackInputFrom(req)
	if err != nil {
		return err
	}
	if !stackNamePattern.MatchString(csName) {
		return wire.ValidationError("1 validation error detected: Value '%s' at 'changeSetName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*", csName)
	}
	reg := req.region()
	s := reg.liveStack(name)
	if err := checkChangeSetTarget(csType, name, csName, s); err != nil {
		return err
	}
	previous := inheritFromStack(&in, s)
	if in.Template == "" {
		return wire.ValidationError("Either Template URL or Template Body must be specified.")
	}
	p, params, err := checkInput(in, previous)
	if err != nil {
		return err
	}
	if s == nil {
		if s, err = e.newStack(req.Account, req.Region, name); err != nil {
			return err
		}
		reg.Stacks[s.ID] = s
		s.setStatus("REVIEW_IN_PROGRESS", "User Initiated")
	}
	if hasChangeSetNamed(s, csName) {
		return wire.NewError(http.StatusBadRequest, "AlreadyExistsException", "ChangeSet [%s] already exists", csName)
	}
	cs := &ChangeSet{
		ID:   fmt.Sprintf("arn:%s:cloudformation:%s:%s:changeSet/%s/%s", wire.Partition(req.Region), req.Region, req.Account, csName, wire.NewUUID()),
		Name: csName, Type: csType, Description: req.Param("Description"), Created: time.Now().UTC(),
		Template: p.Original, Parameters: params, Capabilities: in.Capabilities, Tags: in.Tags,
		Status: "CREATE_COMPLETE", ExecutionStatus: "AVAILABLE",
	}
	changes, err := e.computeChanges(s, p, params, in.Tags)
	recordChanges(cs, changes, err)
	if s.ChangeSets == nil {
		s.ChangeSets = map[string]*ChangeSet{}
	}
	s.ChangeSets[cs.ID] = cs
	return req.ReplyQuery(struct {
		Id      string `xml:"Id"`
		StackId string `xml:"StackId"`
	}{cs.ID, s.ID})
}

// checkChangeSetTarget rejects a change set type that does not fit the
// stack it names (s is nil when no live stack has that name).
func checkChangeSetTarget(csType, name, csName string, s *Stack) error {
	switch {
	case csType == "CREATE" && s != nil && s.Status != "REVIEW_IN_PROGRESS":
		return wire.ValidationError("Stack [%s] already exists and cannot be created again with the changeSet [%s].", name, csName)
	case csType == "UPDATE" && s == nil:
		return wire.ValidationError("Stack [%s] does not exist", name)
	case csType == "UPDATE" && !updatableStatuses[s.Status]:
		return wire.ValidationError("Stack:%s is in %s state and can not be updated.", s.ID, s.Status)
	case csType != "CREATE" && csType != "UPDATE":
		return wire.ValidationError("ChangeSetType %s is not supported by localaws", csType)
	}
	return nil
}

// inheritFromStack fills the template and tags a change set request left
// out from the existing stack, and returns that stack's parameters (nil
// when there is no stack) for UsePreviousValue.
func inheritFromStack(in *stackInput, s *Stack) []template.StackParam {
	if s == nil {
		return nil
	}
	if in.Template == "" {
		in.Template = s.Template
	}
	if !in.TagsGiven {
		in.Tags = s.Tags
	}
	return s.Parameters
}

// hasChangeSetNamed reports whether the stack already has a change set
// with this name: names are unique per stack.
func hasChangeSetNamed(s *Stack, csName string) bool {
	for _, cs := range s.ChangeSets {
		if cs.Name == csName {
			return true
		}
	}
	return false
}

// recordChanges stores the computed changes on the change set, marking it
// FAILED and not executable when they could not be computed or are empty.
func recordChanges(cs *ChangeSet, changes []Change, err error) {
	if err != nil {
		cs.Status, cs.StatusReason, cs.ExecutionStatus = "FAILED", wire.ReasonOf(err), "UNAVAILABLE"
	} else if len(changes) == 0 {
		cs.Status, cs.StatusReason, cs.ExecutionStatus = "FAILED", emptyChangeSetReason, "UNAVAILABLE"
	}
	cs.Changes = changes
}

func cfnDescribeChangeSet(req *request) error {
	s, cs, err := changeSetStack(req)
	if err != nil {
		return err
	}
	type targetXML struct {
		Attribute          string `xml:"Attribute"`
		Name               string `xml:"Name,omitempty"`
		RequiresRecreation string `xml:"RequiresRecreation,omitempty"`
	}
	type detailXML struct {
		Target       targetXML `xml:"Target"`
		Evaluation   string    `xml:"Evaluation"`
		ChangeSource string    `xml:"ChangeSource,omitempty"`
	}
	type resourceChangeXML struct {
		Action             string      `xml:"Action"`
		LogicalResourceId  string      `xml:"LogicalResourceId"`
		PhysicalResourceId string      `xml:"PhysicalResourceId,omitempty"`
		ResourceType       string      `xml:"ResourceType"`
		Replacement        string      `xml:"Replacement,omitempty"`
		Scope              []string    `xml:"Scope>member"`
		Details            []detailXML `xml:"Details>member"`
	}
	type changeXML struct {
		Type           string            `xml:"Type"`
		ResourceChange resourceChangeXML `xml:"ResourceChange"`
	}
	out := struct {
		ChangeSetName   string         `xml:"ChangeSetName"`
		ChangeSetId     string         `xml:"ChangeSetId"`
		StackId         string         `xml:"StackId"`
		StackName       string         `xml:"StackName"`
		Description     string         `xml:"Description,omitempty"`
		Parameters      []parameterXML `xml:"Parameters>member"`
		CreationTime    string         `xml:"CreationTime"`
		ExecutionStatus string         `xml:"ExecutionStatus"`
		Status          string         `xml:"Status"`
		StatusReason    string         `xml:"StatusReason,omitempty"`
		Capabilities    []string       `xml:"Capabilities>member"`
		Tags            []state.Tag    `xml:"Tags>member"`
		Changes         []changeXML    `xml:"Changes>member"`
	}{ChangeSetName: cs.Name, ChangeSetId: cs.ID, StackId: s.ID, StackName: s.Name, Description: cs.Description,
		CreationTime: wire.ISOTime(cs.Created), ExecutionStatus: cs.ExecutionStatus, Status: cs.Status,
		StatusReason: cs.StatusReason, Capabilities: cs.Capabilities, Tags: cs.Tags}
	for _, p := range cs.Parameters {
		v := p.Value
		if p.NoEcho {
			v = "****"
		}
		out.Parameters = append(out.Parameters, parameterXML{p.Key, v})
	}
	for _, c := range cs.Changes {
		rc := resourceChangeXML{Action: c.Action, LogicalResourceId: c.LogicalID, PhysicalResourceId: c.PhysicalID,
			ResourceType: c.Type, Replacement: c.Replacement, Scope: c.Scope}
		for _, d := range c.Details {
			rc.Details = append(rc.Details, detailXML{targetXML{d.Attribute, d.Name, d.RequiresRecreation}, d.Evaluation, d.ChangeSource})
		}
		out.Changes = append(out.Changes, changeXML{"Resource", rc})
	}
	return req.ReplyQuery(out)
}

func cfnExecuteChangeSet(req *request) error {
	s, cs, err := changeSetStack(req)
	if err != nil {
		return err
	}
	if cs.ExecutionStatus != "AVAILABLE" {
		return wire.NewError(http.StatusBadRequest, "InvalidChangeSetStatus",
			"ChangeSet [%s] cannot be executed in its current status of [%s]", cs.ID, cs.Status)
	}
	in := stackInput{Name: s.Name, Template: cs.Template, Capabilities: cs.Capabilities, Tags: cs.Tags, TagsGiven: true,
		DisableRollback: req.Param("DisableRollback") == "true"}
	p, err := template.Prepare(cs.Template)
	if err != nil {
		return err
	}
	if s.Status == "REVIEW_IN_PROGRESS" {
		req.eng.beginCreate(s, in, p, cs.Parameters)
	} else {
		if !updatableStatuses[s.Status] {
			return wire.ValidationError("Stack:%s is in %s state and can not be updated.", s.ID, s.Status)
		}
		req.eng.beginUpdate(s, in, p, cs.Parameters)
	}
	cs.ExecutionStatus = "EXECUTE_IN_PROGRESS"
	s.Op.ChangeSetID = cs.ID
	// Executing a change set discards the stack's other change sets.
	for id := range s.ChangeSets {
		if id != cs.ID {
			delete(s.ChangeSets, id)
		}
	}
	return req.ReplyQuery(nil)
}

func cfnDeleteChangeSet(req *request) error {
	s, cs, err := changeSetStack(req)
	if err != nil {
		return err
	}
	if cs.ExecutionStatus == "EXECUTE_IN_PROGRESS" {
		return wire.NewError(http.StatusBadRequest, "InvalidChangeSetStatus",
			"Cannot delete ChangeSet in status EXECUTE_IN_PROGRESS")
	}
	delete(s.ChangeSets, cs.ID)
	return req.ReplyQuery(nil)
}

func cfnListChangeSets(req *request) error {
	s, err := req.stack(req.Param("StackName"))
	if err != nil {
		return err
	}
	type summaryXML struct {
		StackId         string `xml:"StackId"`
		StackName       string `xml:"StackName"`
		ChangeSetId     string `xml:"ChangeSetId"`
		ChangeSetName   string `xml:"ChangeSetName"`
		ExecutionStatus string `xml:"ExecutionStatus"`
		Status          string `xml:"Status"`
		StatusReason    string `xml:"StatusReason,omitempty"`
		CreationTime    string `xml:"CreationTime"`
		Description     string `xml:"Description,omitempty"`
	}
	out := struct {
		Summaries []summaryXML `xml:"Summaries>member"`
	}{}
	for _, id := range slices.Sorted(maps.Keys(s.ChangeSets)) {
		cs := s.ChangeSets[id]
		out.Summaries = append(out.Summaries, summaryXML{s.ID, s.Name, cs.ID, cs.Name, cs.ExecutionStatus, cs.Status,
			cs.StatusReason, wire.ISOTime(cs.Created), cs.Description})
	}
	return req.ReplyQuery(out)
}
