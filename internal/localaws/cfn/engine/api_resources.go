package engine

import "github.com/panther-operator/panther-operator/internal/localaws/internal/wire"

func cfnDescribeStackEvents(req *request) error {
	s, err := req.stack(req.Param("StackName"))
	if err != nil {
		return err
	}
	type eventXML struct {
		StackId              string `xml:"StackId"`
		EventId              string `xml:"EventId"`
		StackName            string `xml:"StackName"`
		LogicalResourceId    string `xml:"LogicalResourceId"`
		PhysicalResourceId   string `xml:"PhysicalResourceId,omitempty"`
		ResourceType         string `xml:"ResourceType"`
		Timestamp            string `xml:"Timestamp"`
		ResourceStatus       string `xml:"ResourceStatus"`
		ResourceStatusReason string `xml:"ResourceStatusReason,omitempty"`
	}
	start, err := pageToken(req.Param("NextToken"))
	if err != nil {
		return err
	}
	from, to, next := page(len(s.Events), start, 100)
	out := struct {
		Events    []eventXML `xml:"StackEvents>member"`
		NextToken string     `xml:"NextToken,omitempty"`
	}{NextToken: next}
	for i := from; i < to; i++ {
		ev := s.Events[len(s.Events)-1-i] // newest first
		out.Events = append(out.Events, eventXML{s.ID, ev.ID, s.Name, ev.LogicalID, ev.PhysicalID, ev.Type,
			wire.ISOTime(ev.Timestamp), ev.Status, ev.StatusReason})
	}
	return req.ReplyQuery(out)
}

type stackResourceXML struct {
	StackName            string       `xml:"StackName,omitempty"`
	StackId              string       `xml:"StackId,omitempty"`
	LogicalResourceId    string       `xml:"LogicalResourceId"`
	PhysicalResourceId   string       `xml:"PhysicalResourceId,omitempty"`
	ResourceType         string       `xml:"ResourceType"`
	Timestamp            string       `xml:"Timestamp,omitempty"`
	LastUpdatedTimestamp string       `xml:"LastUpdatedTimestamp,omitempty"`
	ResourceStatus       string       `xml:"ResourceStatus"`
	ResourceStatusReason string       `xml:"ResourceStatusReason,omitempty"`
	DriftInformation     driftInfoXML `xml:"DriftInformation"`
}

func resourceToXML(s *Stack, r *StackResource, summary bool) stackResourceXML {
	x := stackResourceXML{LogicalResourceId: r.LogicalID, PhysicalResourceId: r.PhysicalID, ResourceType: r.Type,
		ResourceStatus: r.Status, ResourceStatusReason: r.StatusReason, DriftInformation: driftInfoXML{StackDriftStatus: "NOT_CHECKED"}}
	if r.Drift != nil {
		x.DriftInformation = driftInfoXML{r.Drift.Status, wire.ISOTime(r.Drift.Timestamp)}
	}
	// Summaries and details carry LastUpdatedTimestamp; DescribeStackResources
	// entries carry Timestamp and the stack.
	x.LastUpdatedTimestamp = wire.ISOTime(r.Updated)
	if !summary {
		x.StackName, x.StackId, x.Timestamp = s.Name, s.ID, wire.ISOTime(r.Updated)
	}
	return x
}

func cfnDescribeStackResources(req *request) error {
	var stacks []*Stack
	if name := req.Param("StackName"); name != "" {
		s, err := req.stack(name)
		if err != nil {
			return err
		}
		stacks = append(stacks, s)
	} else if physical := req.Param("PhysicalResourceId"); physical != "" {
		for _, s := range sortedStacks(req.region()) {
			for _, r := range s.Resources {
				if r.PhysicalID == physical {
					stacks = append(stacks, s)
				}
			}
		}
		if len(stacks) == 0 {
			return wire.ValidationError("Stack for %s does not exist", physical)
		}
	} else {
		return wire.ValidationError("Either StackName or PhysicalResourceId must be specified.")
	}
	out := struct {
		Resources []stackResourceXML `xml:"StackResources>member"`
	}{}
	logical, physical := req.Param("LogicalResourceId"), req.Param("PhysicalResourceId")
	for _, s := range stacks {
		for _, id := range sortedResourceIDs(s) {
			r := s.Resources[id]
			if (logical == "" || r.LogicalID == logical) && (physical == "" || r.PhysicalID == physical) {
				out.Resources = append(out.Resources, resourceToXML(s, r, false))
			}
		}
	}
	return req.ReplyQuery(out)
}

func cfnDescribeStackResource(req *request) error {
	s, err := req.stack(req.Param("StackName"))
	if err != nil {
		return err
	}
	r, ok := s.Resources[req.Param("LogicalResourceId")]
	if !ok {
		return wire.ValidationError("Resource %s does not exist for stack %s", req.Param("LogicalResourceId"), s.Name)
	}
	return req.ReplyQuery(struct {
		Detail stackResourceXML `xml:"StackResourceDetail"`
	}{resourceToXML(s, r, false)})
}

func cfnListStackResources(req *request) error {
	s, err := req.stack(req.Param("StackName"))
	if err != nil {
		return err
	}
	ids := sortedResourceIDs(s)
	start, err := pageToken(req.Param("NextToken"))
	if err != nil {
		return err
	}
	from, to, next := page(len(ids), start, 100)
	out := struct {
		Summaries []stackResourceXML `xml:"StackResourceSummaries>member"`
		NextToken string             `xml:"NextToken,omitempty"`
	}{NextToken: next}
	for _, id := range ids[from:to] {
		out.Summaries = append(out.Summaries, resourceToXML(s, s.Resources[id], true))
	}
	return req.ReplyQuery(out)
}
