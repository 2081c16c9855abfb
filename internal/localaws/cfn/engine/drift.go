package engine

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/panther-operator/panther-operator/internal/localaws/cfn/template"
	"github.com/panther-operator/panther-operator/internal/localaws/internal/state"
	"github.com/panther-operator/panther-operator/internal/localaws/internal/wire"
)

// checkDrift compares a modeled resource's template properties with its
// live state. Only the properties the template sets are compared, as on
// AWS; stack-level tags are not part of the template and are ignored.
func (e *Engine) checkDrift(s *Stack, r *StackResource) *ResourceDrift {
	d := &ResourceDrift{Status: "IN_SYNC", Expected: r.Properties, Timestamp: time.Now().UTC()}
	if !isModeled(r.Type) || r.PhysicalID == "" {
		d.Status = "NOT_CHECKED"
		return d
	}
	actual, exists := e.liveProperties(s, r)
	if !exists {
		d.Status = "DELETED"
		return d
	}
	d.Actual = actual
	for _, key := range slices.Sorted(maps.Keys(actual)) {
		if key == "Tags" {
			d.Differences = append(d.Differences, tagDifferences(r.Properties[key], actual[key])...)
			continue
		}
		want, got := template.Canonical(normalizeTree(r.Properties[key])), template.Canonical(normalizeTree(actual[key]))
		if want == got {
			continue
		}
		diff := PropertyDifference{Path: "/" + key, Expected: want, Actual: got, Type: "NOT_EQUAL"}
		switch {
		case r.Properties[key] == nil:
			diff.Type = "ADD"
		case actual[key] == nil:
			diff.Type = "REMOVE"
		}
		d.Differences = append(d.Differences, diff)
	}
	if len(d.Differences) > 0 {
		d.Status = "MODIFIED"
	}
	return d
}

// tagDifferences compares tag lists by key, as drift detection reports
// them: a changed value, a removed tag or an added one.
func tagDifferences(expected, actual any) []PropertyDifference {
	want, got := tagList(expected), tagList(actual)
	var out []PropertyDifference
	for i, raw := range template.AsSlice(expected) {
		key := template.ScalarString(template.AsMap(raw)["Key"])
		value, ok := got[key]
		switch {
		case !ok:
			out = append(out, PropertyDifference{Path: fmt.Sprintf("/Tags/%d", i), Expected: jsonString(raw), Actual: "null", Type: "REMOVE"})
		case value != want[key]:
			out = append(out, PropertyDifference{Path: fmt.Sprintf("/Tags/%d/Value", i), Expected: want[key], Actual: value, Type: "NOT_EQUAL"})
		}
	}
	for i, raw := range template.AsSlice(actual) {
		if _, ok := want[template.ScalarString(template.AsMap(raw)["Key"])]; !ok {
			out = append(out, PropertyDifference{Path: fmt.Sprintf("/Tags/%d", i), Expected: "null", Actual: jsonString(raw), Type: "ADD"})
		}
	}
	return out
}

// liveProperties reads the checked properties of a resource from the
// services, in template form.
func (e *Engine) liveProperties(s *Stack, r *StackResource) (map[string]any, bool) {
	switch r.Type {
	case "AWS::S3::Bucket":
		return e.liveBucketProperties(s, r)
	case "AWS::Logs::LogGroup":
		return e.liveLogGroupProperties(s, r)
	case "AWS::IAM::Role":
		return map[string]any{}, e.iam.HasRole(s.Account, r.PhysicalID)
	case "AWS::SQS::Queue":
		return e.liveQueueProperties(s, r)
	case "AWS::Lambda::Function":
		return e.liveFunctionProperties(s, r)
	case "AWS::Lambda::EventSourceMapping":
		return e.liveMappingProperties(s, r)
	case "AWS::DynamoDB::Table":
		return e.liveTableProperties(s, r)
	case "AWS::SNS::Topic":
		return e.liveTopicProperties(r)
	case "AWS::SNS::Subscription":
		return e.liveSubscriptionProperties(r)
	case "AWS::Events::Rule":
		return e.liveRuleProperties(s, r)
	case "AWS::KMS::Key":
		return e.liveKeyProperties(s, r)
	case "AWS::KinesisFirehose::DeliveryStream":
		return e.liveDeliveryStreamProperties(s, r)
	case "AWS::Cognito::UserPool":
		return e.liveUserPoolProperties(r)
	case "AWS::Cognito::UserPoolClient":
		return e.liveUserPoolClientProperties(r)
	case "AWS::AppSync::GraphQLApi":
		return e.liveGraphQLAPIProperties(s, r)
	}
	return map[string]any{}, true
}

// liveBucketProperties reads a bucket's tags and versioning in template form, for drift.
func (e *Engine) liveBucketProperties(s *Stack, r *StackResource) (map[string]any, bool) {
	bucketTags, err := e.s3.BucketTagging(r.PhysicalID)
	if err != nil {
		return nil, false
	}
	versioning, err := e.s3.BucketVersioning(r.PhysicalID)
	if err != nil {
		return nil, false
	}
	live := map[string]any{}
	declared := declaredTagKeys(r.Properties["Tags"])
	if tags := userTags(bucketTags, s, declared); len(declared) > 0 || len(tags) > 0 {
		live["Tags"] = tags
	}
	if _, declared := r.Properties["VersioningConfiguration"]; declared || versioning != "" {
		live["VersioningConfiguration"] = map[string]any{"Status": versioning}
	}
	return live, true
}

// liveLogGroupProperties reads a log group's retention in template form, for drift.
func (e *Engine) liveLogGroupProperties(s *Stack, r *StackResource) (map[string]any, bool) {
	retention, ok := e.logs.LogGroupRetention(s.Account, s.Region, r.PhysicalID)
	if !ok {
		return nil, false
	}
	live := map[string]any{}
	if retention != 0 || r.Properties["RetentionInDays"] != nil {
		live["RetentionInDays"] = strconv.Itoa(retention)
	}
	return live, true
}

// declaredTagKeys lists the keys of a template's Tags property.
func declaredTagKeys(tags any) map[string]bool {
	keys := map[string]bool{}
	list, _ := tags.([]any)
	for _, item := range list {
		if tag, ok := item.(map[string]any); ok {
			if key, ok := tag["Key"].(string); ok {
				keys[key] = true
			}
		}
	}
	return keys
}

// userTags lists a bucket's tags in template form, without system tags and
// without tags the stack itself propagated, unless the template declares the
// same key: then the template's value is the one to compare.
func userTags(bucketTags []state.Tag, s *Stack, declared map[string]bool) []any {
	stackTags := map[string]string{}
	for _, t := range s.Tags {
		stackTags[t.Key] = t.Value
	}
	var tags []state.Tag
	for _, t := range bucketTags {
		if strings.HasPrefix(t.Key, "aws:") {
			continue
		}
		if v, ok := stackTags[t.Key]; ok && v == t.Value && !declared[t.Key] {
			continue
		}
		tags = append(tags, t)
	}
	sort.Slice(tags, func(i, j int) bool { return tags[i].Key < tags[j].Key })
	out := []any{}
	for _, t := range tags {
		out = append(out, map[string]any{"Key": t.Key, "Value": t.Value})
	}
	return out
}

func cfnDetectStackDrift(req *request) error {
	s, err := req.stack(req.Param("StackName"))
	if err != nil {
		return err
	}
	if inProgress(s.Status) || s.Status == "DELETE_COMPLETE" {
		return wire.ValidationError("Drift detection cannot be performed on stack %s while it is in %s state", s.ID, s.Status)
	}
	det := &DriftDetection{ID: wire.NewUUID(), Status: "IN_SYNC", Timestamp: time.Now().UTC(), DetectionDone: true}
	for _, id := range sortedResourceIDs(s) {
		r := s.Resources[id]
		r.Drift = req.eng.checkDrift(s, r)
		if r.Drift.Status == "MODIFIED" || r.Drift.Status == "DELETED" {
			det.DriftedCount++
			det.Status = "DRIFTED"
		}
	}
	s.Drift = det
	return req.ReplyQuery(struct {
		StackDriftDetectionId string `xml:"StackDriftDetectionId"`
	}{det.ID})
}

func cfnDescribeStackDriftDetectionStatus(req *request) error {
	id := req.Param("StackDriftDetectionId")
	for _, s := range req.region().Stacks {
		if s.Drift == nil || s.Drift.ID != id {
			continue
		}
		return req.ReplyQuery(struct {
			StackId                   string `xml:"StackId"`
			StackDriftDetectionId     string `xml:"StackDriftDetectionId"`
			StackDriftStatus          string `xml:"StackDriftStatus"`
			DetectionStatus           string `xml:"DetectionStatus"`
			DriftedStackResourceCount int    `xml:"DriftedStackResourceCount"`
			Timestamp                 string `xml:"Timestamp"`
		}{s.ID, id, s.Drift.Status, "DETECTION_COMPLETE", s.Drift.DriftedCount, wire.ISOTime(s.Drift.Timestamp)})
	}
	return wire.ValidationError("Drift detection with id %s does not exist", id)
}

func cfnDescribeStackResourceDrifts(req *request) error {
	s, err := req.stack(req.Param("StackName"))
	if err != nil {
		return err
	}
	type diffXML struct {
		PropertyPath   string `xml:"PropertyPath"`
		ExpectedValue  string `xml:"ExpectedValue"`
		ActualValue    string `xml:"ActualValue"`
		DifferenceType string `xml:"DifferenceType"`
	}
	type driftXML struct {
		StackId                  string    `xml:"StackId"`
		LogicalResourceId        string    `xml:"LogicalResourceId"`
		PhysicalResourceId       string    `xml:"PhysicalResourceId,omitempty"`
		ResourceType             string    `xml:"ResourceType"`
		ExpectedProperties       string    `xml:"ExpectedProperties,omitempty"`
		ActualProperties         string    `xml:"ActualProperties,omitempty"`
		PropertyDifferences      []diffXML `xml:"PropertyDifferences>member"`
		StackResourceDriftStatus string    `xml:"StackResourceDriftStatus"`
		Timestamp                string    `xml:"Timestamp"`
	}
	filter := req.Members("StackResourceDriftStatusFilters")
	out := struct {
		Drifts []driftXML `xml:"StackResourceDrifts>member"`
	}{}
	for _, id := range sortedResourceIDs(s) {
		r := s.Resources[id]
		if r.Drift == nil || (len(filter) > 0 && !slices.Contains(filter, r.Drift.Status)) {
			continue
		}
		x := driftXML{StackId: s.ID, LogicalResourceId: id, PhysicalResourceId: r.PhysicalID, ResourceType: r.Type,
			StackResourceDriftStatus: r.Drift.Status, Timestamp: wire.ISOTime(r.Drift.Timestamp)}
		if r.Drift.Expected != nil {
			x.ExpectedProperties = jsonString(r.Drift.Expected)
		}
		if r.Drift.Actual != nil {
			x.ActualProperties = jsonString(r.Drift.Actual)
		}
		for _, d := range r.Drift.Differences {
			x.PropertyDifferences = append(x.PropertyDifferences, diffXML{d.Path, d.Expected, d.Actual, d.Type})
		}
		out.Drifts = append(out.Drifts, x)
	}
	return req.ReplyQuery(out)
}
