package engine

import (
	"slices"
	"sort"

	"github.com/panther-operator/panther-operator/internal/localaws/internal/state"
	"github.com/panther-operator/panther-operator/internal/localaws/internal/wire"
)

func stackInputFrom(req *request) (stackInput, error) {
	source := ""
	if req.Param("UsePreviousTemplate") != "true" {
		var err error
		source, err = req.eng.loadTemplateSource(req.Param("TemplateBody"), req.Param("TemplateURL"))
		if err != nil {
			return stackInput{}, err
		}
	}
	tags, given := req.tagsParam()
	return stackInput{
		Name: req.Param("StackName"), Template: source, Params: req.paramInputs(),
		Capabilities: req.Members("Capabilities"), Tags: tags, TagsGiven: given,
		DisableRollback:       req.Param("DisableRollback") == "true" || req.Param("OnFailure") == "DO_NOTHING",
		DeleteOnFailure:       req.Param("OnFailure") == "DELETE",
		TerminationProtection: req.Param("EnableTerminationProtection") == "true",
		RoleARN:               req.Param("RoleARN"),
	}, nil
}

type stackIDResult struct {
	StackId string `xml:"StackId"`
}

func cfnCreateStack(req *request) error {
	in, err := stackInputFrom(req)
	if err != nil {
		return err
	}
	if in.Template == "" {
		return wire.ValidationError("Either Template URL or Template Body must be specified.")
	}
	s, err := req.eng.createStack(req.Account, req.Region, in)
	if err != nil {
		return err
	}
	return req.ReplyQuery(stackIDResult{s.ID})
}

func cfnUpdateStack(req *request) error {
	s, err := req.stack(req.Param("StackName"))
	if err != nil {
		return err
	}
	in, err := stackInputFrom(req)
	if err != nil {
		return err
	}
	if err := req.eng.updateStack(s, in); err != nil {
		return err
	}
	return req.ReplyQuery(stackIDResult{s.ID})
}

func cfnDeleteStack(req *request) error {
	name := req.Param("StackName")
	s, err := req.stack(name)
	if err != nil {
		// Deleting a stack that does not exist succeeds, as on AWS.
		return req.ReplyQuery(nil)
	}
	if err := req.eng.deleteStack(s, req.Members("RetainResources")); err != nil {
		return err
	}
	return req.ReplyQuery(nil)
}

type parameterXML struct {
	ParameterKey   string `xml:"ParameterKey"`
	ParameterValue string `xml:"ParameterValue"`
}

type outputXML struct {
	OutputKey   string `xml:"OutputKey"`
	OutputValue string `xml:"OutputValue"`
	Description string `xml:"Description,omitempty"`
	ExportName  string `xml:"ExportName,omitempty"`
}

type driftInfoXML struct {
	StackDriftStatus   string `xml:"StackDriftStatus"`
	LastCheckTimestamp string `xml:"LastCheckTimestamp,omitempty"`
}

type stackXML struct {
	StackId                     string         `xml:"StackId"`
	StackName                   string         `xml:"StackName"`
	Description                 string         `xml:"Description,omitempty"`
	Parameters                  []parameterXML `xml:"Parameters>member"`
	CreationTime                string         `xml:"CreationTime"`
	LastUpdatedTime             string         `xml:"LastUpdatedTime,omitempty"`
	DeletionTime                string         `xml:"DeletionTime,omitempty"`
	StackStatus                 string         `xml:"StackStatus"`
	StackStatusReason           string         `xml:"StackStatusReason,omitempty"`
	DisableRollback             bool           `xml:"DisableRollback"`
	Capabilities                []string       `xml:"Capabilities>member"`
	Outputs                     []outputXML    `xml:"Outputs>member"`
	RoleARN                     string         `xml:"RoleARN,omitempty"`
	Tags                        []state.Tag    `xml:"Tags>member"`
	EnableTerminationProtection bool           `xml:"EnableTerminationProtection"`
	ParentId                    string         `xml:"ParentId,omitempty"`
	RootId                      string         `xml:"RootId,omitempty"`
	DriftInformation            driftInfoXML   `xml:"DriftInformation"`
}

func stackToXML(s *Stack) stackXML {
	x := stackXML{
		StackId: s.ID, StackName: s.Name, Description: s.Description, CreationTime: wire.ISOTime(s.Created),
		StackStatus: s.Status, StackStatusReason: s.StatusReason, DisableRollback: s.DisableRollback,
		Capabilities: s.Capabilities, RoleARN: s.RoleARN, Tags: s.Tags,
		EnableTerminationProtection: s.TerminationProtection, ParentId: s.ParentID, RootId: s.RootID,
		DriftInformation: driftInfoXML{StackDriftStatus: "NOT_CHECKED"},
	}
	if !s.Updated.IsZero() {
		x.LastUpdatedTime = wire.ISOTime(s.Updated)
	}
	if !s.Deleted.IsZero() {
		x.DeletionTime = wire.ISOTime(s.Deleted)
	}
	for _, p := range s.Parameters {
		v := p.Value
		if p.NoEcho {
			v = "****"
		}
		x.Parameters = append(x.Parameters, parameterXML{p.Key, v})
	}
	for _, o := range s.Outputs {
		x.Outputs = append(x.Outputs, outputXML{o.Key, o.Value, o.Description, o.ExportName})
	}
	if s.Drift != nil && s.Drift.DetectionDone {
		x.DriftInformation = driftInfoXML{s.Drift.Status, wire.ISOTime(s.Drift.Timestamp)}
	}
	return x
}

// sortedStacks lists a region's stacks, newest first, as AWS does.
func sortedStacks(r region) []*Stack {
	out := make([]*Stack, 0, len(r.Stacks))
	for _, s := range r.Stacks {
		out = append(out, s)
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].Created.Equal(out[j].Created) {
			return out[i].Created.After(out[j].Created)
		}
		return out[i].ID < out[j].ID
	})
	return out
}

func cfnDescribeStacks(req *request) error {
	type result struct {
		Stacks    []stackXML `xml:"Stacks>member"`
		NextToken string     `xml:"NextToken,omitempty"`
	}
	if name := req.Param("StackName"); name != "" {
		s, err := req.stack(name)
		if err != nil {
			return err
		}
		return req.ReplyQuery(result{Stacks: []stackXML{stackToXML(s)}})
	}
	var live []*Stack
	for _, s := range sortedStacks(req.region()) {
		if s.Status != "DELETE_COMPLETE" {
			live = append(live, s)
		}
	}
	start, err := pageToken(req.Param("NextToken"))
	if err != nil {
		return err
	}
	from, to, next := page(len(live), start, 100)
	out := result{NextToken: next}
	for _, s := range live[from:to] {
		out.Stacks = append(out.Stacks, stackToXML(s))
	}
	return req.ReplyQuery(out)
}

func cfnListStacks(req *request) error {
	type summary struct {
		StackId             string       `xml:"StackId"`
		StackName           string       `xml:"StackName"`
		TemplateDescription string       `xml:"TemplateDescription,omitempty"`
		CreationTime        string       `xml:"CreationTime"`
		LastUpdatedTime     string       `xml:"LastUpdatedTime,omitempty"`
		DeletionTime        string       `xml:"DeletionTime,omitempty"`
		StackStatus         string       `xml:"StackStatus"`
		StackStatusReason   string       `xml:"StackStatusReason,omitempty"`
		ParentId            string       `xml:"ParentId,omitempty"`
		RootId              string       `xml:"RootId,omitempty"`
		DriftInformation    driftInfoXML `xml:"DriftInformation"`
	}
	filter := req.Members("StackStatusFilter")
	var matched []*Stack
	for _, s := range sortedStacks(req.region()) {
		if len(filter) == 0 || slices.Contains(filter, s.Status) {
			matched = append(matched, s)
		}
	}
	start, err := pageToken(req.Param("NextToken"))
	if err != nil {
		return err
	}
	from, to, next := page(len(matched), start, 100)
	out := struct {
		Summaries []summary `xml:"StackSummaries>member"`
		NextToken string    `xml:"NextToken,omitempty"`
	}{NextToken: next}
	for _, s := range matched[from:to] {
		x := stackToXML(s)
		out.Summaries = append(out.Summaries, summary{x.StackId, x.StackName, x.Description, x.CreationTime,
			x.LastUpdatedTime, x.DeletionTime, x.StackStatus, x.StackStatusReason, x.ParentId, x.RootId, x.DriftInformation})
	}
	return req.ReplyQuery(out)
}
