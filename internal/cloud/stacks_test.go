package cloud

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"
)

// member renders one element of an awsQuery list from name/value pairs; a value may itself
// be rendered XML, such as members of a nested list.
func member(pairs ...string) string {
	var b strings.Builder
	b.WriteString("<member>")
	for i := 0; i+1 < len(pairs); i += 2 {
		b.WriteString("<" + pairs[i] + ">" + pairs[i+1] + "</" + pairs[i] + ">")
	}
	b.WriteString("</member>")
	return b.String()
}

const (
	coreARN      = "arn:aws:cloudformation:us-east-1:123456789012:stack/panther-core/8c2d4a40-1f5e-11ef-9a1b-0a1b2c3d4e5f"
	bootstrapARN = "arn:aws:cloudformation:us-east-1:123456789012:stack/panther-core-Bootstrap-1QX7H2M9K3ZP/9d3e5b50-1f5e-11ef-8f2a-0e2b3c4d5e6f"
	logsARN      = "arn:aws:cloudformation:us-east-1:123456789012:stack/panther-log-analysis/b1f6c770-2a01-11ef-a3c4-12ab34cd56ef"
	oldLogsARN   = "arn:aws:cloudformation:us-east-1:123456789012:stack/panther-log-analysis/0a9e8d70-0101-11ee-b2c3-0f1e2d3c4b5a"
	otherARN     = "arn:aws:cloudformation:us-east-1:123456789012:stack/billing/5e6f7a80-0202-11ee-9b8a-1a2b3c4d5e6f"
	otherNestARN = "arn:aws:cloudformation:us-east-1:123456789012:stack/billing-Db-7H3K/6f7a8b90-0202-11ee-9b8a-1a2b3c4d5e6f"
)

func TestStackClientList(t *testing.T) {
	stub := newStub(t, map[string][]reply{"DescribeStacks": {
		// DescribeStacks lists the newest first: nested stacks before their root.
		queryResult("DescribeStacks", "<Stacks>"+
			member("StackName", "panther-core-Bootstrap-1QX7H2M9K3ZP", "StackId", bootstrapARN, "StackStatus", "UPDATE_COMPLETE",
				"ParentId", coreARN, "RootId", coreARN, "CreationTime", "2024-06-01T10:02:00Z")+
			member("StackName", "billing-Db-7H3K", "StackId", otherNestARN, "StackStatus", "CREATE_COMPLETE",
				"ParentId", otherARN, "RootId", otherARN, "CreationTime", "2024-05-01T10:02:00Z")+
			member("StackName", "billing", "StackId", otherARN, "StackStatus", "CREATE_COMPLETE", "CreationTime", "2024-05-01T10:00:00Z")+
			"</Stacks><NextToken>page-2</NextToken>"),
		queryResult("DescribeStacks", "<Stacks>"+
			member("StackName", "panther-core", "StackId", coreARN, "StackStatus", "UPDATE_COMPLETE", "CreationTime", "2024-06-01T10:00:00Z",
				"StackStatusReason", "", "EnableTerminationProtection", "true",
				"Parameters", member("ParameterKey", "CompanyDisplayName", "ParameterValue", "Example")+member("ParameterKey", "MasterPassword", "ParameterValue", "****"),
				"Outputs", member("OutputKey", "WebApplicationURL", "OutputValue", "https://panther.example.com"),
				"Tags", member("Key", "panther.io/deployment", "Value", "prod"))+
			member("StackName", "panther-log-analysis", "StackId", logsARN, "StackStatus", "UPDATE_ROLLBACK_COMPLETE", "CreationTime", "2024-06-02T10:00:00Z",
				"StackStatusReason", "The following resource(s) failed to update: [Processor]. ")+
			// Deleted stacks stay listed for 90 days, here after the live one of the same name.
			member("StackName", "panther-log-analysis", "StackId", oldLogsARN, "StackStatus", "DELETE_COMPLETE", "CreationTime", "2023-06-02T10:00:00Z")+
			"</Stacks>"),
	}})
	got, err := (&stackClient{cfn: stub.cloudFormation()}).List(context.Background(), []string{"panther-core", "panther-log-analysis", "panther-onboarding"})
	if err != nil {
		t.Fatal(err)
	}
	none := map[string]string{}
	want := map[string]Stack{
		"panther-core": {Name: "panther-core", ID: coreARN, Status: "UPDATE_COMPLETE", TerminationProtection: true,
			Parameters: map[string]string{"CompanyDisplayName": "Example", "MasterPassword": "****"},
			Outputs:    map[string]string{"WebApplicationURL": "https://panther.example.com"},
			Tags:       map[string]string{"panther.io/deployment": "prod"}},
		"panther-core-Bootstrap-1QX7H2M9K3ZP": {Name: "panther-core-Bootstrap-1QX7H2M9K3ZP", ID: bootstrapARN, Status: "UPDATE_COMPLETE",
			ParentID: coreARN, RootID: coreARN, Parameters: none, Outputs: none, Tags: none},
		"panther-log-analysis": {Name: "panther-log-analysis", ID: logsARN, Status: "UPDATE_ROLLBACK_COMPLETE",
			StatusReason: "The following resource(s) failed to update: [Processor]. ", Parameters: none, Outputs: none, Tags: none},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("List =\n%+v\nwant (the wanted stacks and theirs nested, no deleted or foreign stack, no missing name)\n%+v", got, want)
	}
	pages := stub.callsTo("DescribeStacks")
	if len(pages) != 2 || pages[0].form.Has("StackName") || pages[1].form.Get("NextToken") != "page-2" {
		t.Errorf("DescribeStacks requests = %+v, want one unfiltered call and its next page", pages)
	}
}

func TestStackClientResources(t *testing.T) {
	resource := func(logical, physical, typ string) string {
		return member("LogicalResourceId", logical, "PhysicalResourceId", physical, "ResourceType", typ,
			"ResourceStatus", "CREATE_COMPLETE", "LastUpdatedTimestamp", "2024-06-01T10:05:00Z")
	}
	stub := newStub(t, map[string][]reply{"ListStackResources": {
		queryResult("ListStackResources", "<StackResourceSummaries>"+
			resource("ProcessedDataBucket", "panther-processed-123456789012-us-east-1", ResourceTypeBucket)+
			resource("Bootstrap", bootstrapARN, "AWS::CloudFormation::Stack")+
			"</StackResourceSummaries><NextToken>next-resources</NextToken>"),
		queryResult("ListStackResources", "<StackResourceSummaries>"+
			resource("LogProcessor", "panther-log-processor", ResourceTypeFunction)+
			"</StackResourceSummaries>"),
	}})
	got, err := (&stackClient{cfn: stub.cloudFormation()}).Resources(context.Background(), "panther-core")
	if err != nil {
		t.Fatal(err)
	}
	want := []StackResource{
		{LogicalID: "ProcessedDataBucket", PhysicalID: "panther-processed-123456789012-us-east-1", ResourceType: ResourceTypeBucket, Status: "CREATE_COMPLETE"},
		{LogicalID: "Bootstrap", PhysicalID: bootstrapARN, ResourceType: "AWS::CloudFormation::Stack", Status: "CREATE_COMPLETE"},
		{LogicalID: "LogProcessor", PhysicalID: "panther-log-processor", ResourceType: ResourceTypeFunction, Status: "CREATE_COMPLETE"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Resources = %+v, want both pages in order %+v", got, want)
	}
	if calls := stub.callsTo("ListStackResources"); len(calls) != 2 || calls[1].form.Get("NextToken") != "next-resources" {
		t.Errorf("ListStackResources requests = %+v, want the second page asked with its token", calls)
	}
}

// event is one DescribeStackEvents member of the stack stackID; events get older by a minute
// each, in the order given, as CloudFormation lists them newest first.
type event struct{ logical, physical, typ, status, reason string }

func stackEvents(stackID, stackName, nextToken string, events ...event) reply {
	start := time.Date(2024, 6, 1, 11, 0, 0, 0, time.UTC)
	var b strings.Builder
	for i, e := range events {
		b.WriteString(member("StackId", stackID, "StackName", stackName, "EventId", e.logical+"-"+e.status,
			"LogicalResourceId", e.logical, "PhysicalResourceId", e.physical, "ResourceType", e.typ,
			"Timestamp", start.Add(-time.Duration(i)*time.Minute).Format(time.RFC3339),
			"ResourceStatus", e.status, "ResourceStatusReason", e.reason))
	}
	body := "<StackEvents>" + b.String() + "</StackEvents>"
	if nextToken != "" {
		body += "<NextToken>" + nextToken + "</NextToken>"
	}
	return queryResult("DescribeStackEvents", body)
}

const stackType = "AWS::CloudFormation::Stack"

func TestStackClientEventsStopAtOperationStart(t *testing.T) {
	stub := newStub(t, map[string][]reply{"DescribeStackEvents": {
		stackEvents(coreARN, "panther-core", "events-2",
			event{"panther-core", coreARN, stackType, "UPDATE_ROLLBACK_COMPLETE", ""},
			event{"panther-core", coreARN, stackType, "UPDATE_ROLLBACK_IN_PROGRESS", "The following resource(s) failed to update: [Bootstrap]. "},
			event{"Bootstrap", bootstrapARN, stackType, "UPDATE_FAILED", "Embedded stack " + bootstrapARN + " was not successfully updated"}),
		stackEvents(coreARN, "panther-core", "events-3",
			// The nested stack's own start, seen from the parent: not the parent's start.
			event{"Bootstrap", bootstrapARN, stackType, "UPDATE_IN_PROGRESS", ""},
			event{"panther-core", coreARN, stackType, "UPDATE_IN_PROGRESS", "User Initiated"},
			event{"panther-core", coreARN, stackType, "CREATE_COMPLETE", ""}),
		// A third page exists but must not be asked for: it is an older operation.
	}})
	got, err := (&stackClient{cfn: stub.cloudFormation()}).Events(context.Background(), coreARN)
	if err != nil {
		t.Fatal(err)
	}
	var statuses []string
	for _, e := range got {
		statuses = append(statuses, e.LogicalID+" "+e.Status)
	}
	want := []string{"panther-core UPDATE_ROLLBACK_COMPLETE", "panther-core UPDATE_ROLLBACK_IN_PROGRESS", "Bootstrap UPDATE_FAILED",
		"Bootstrap UPDATE_IN_PROGRESS", "panther-core UPDATE_IN_PROGRESS"}
	if !reflect.DeepEqual(statuses, want) {
		t.Errorf("Events = %q, want the latest operation only, newest first: %q", statuses, want)
	}
	first := StackEvent{Time: time.Date(2024, 6, 1, 11, 0, 0, 0, time.UTC), LogicalID: "panther-core", PhysicalID: coreARN,
		ResourceType: stackType, Status: "UPDATE_ROLLBACK_COMPLETE", OwnStack: true}
	if len(got) > 0 && got[0] != first {
		t.Errorf("first event = %+v, want %+v", got[0], first)
	}
}

func TestStackClientNotFoundAnswers(t *testing.T) {
	tests := []struct {
		name   string
		reason string
		op     string
		reply  reply
		call   func(context.Context, *stubAWS) error
		want   error // nil: the call must succeed
	}{
		{
			name: "describe missing stack", reason: "the controller creates a stack that Describe reports missing",
			op: "DescribeStacks", reply: queryError(400, "ValidationError", "Stack with id panther-core does not exist"),
			call: describeStack,
			want: ErrNotFound,
		},
		{
			name: "describe answered with no stack", reason: "an empty answer is a missing stack too, not an index panic",
			op: "DescribeStacks", reply: queryResult("DescribeStacks", "<Stacks></Stacks>"),
			call: describeStack,
			want: ErrNotFound,
		},
		{
			name: "describe missing change set", reason: "the controller creates a change set it cannot find",
			op: "DescribeChangeSet", reply: queryError(404, "ChangeSetNotFound", "ChangeSet [panther-core-1a2b3c] does not exist"),
			call: describeChangeSet,
			want: ErrNotFound,
		},
		{
			name: "describe change set of missing stack", reason: "a change set whose stack is gone is missing too",
			op: "DescribeChangeSet", reply: queryError(400, "ValidationError", "Stack [panther-core] does not exist"),
			call: describeChangeSet,
			want: ErrNotFound,
		},
		{
			name: "delete missing change set", reason: "deleting what is gone already is done",
			op: "DeleteChangeSet", reply: queryError(404, "ChangeSetNotFound", "ChangeSet [panther-core-1a2b3c] does not exist"),
			call: deleteChangeSet,
		},
		{
			name: "delete change set of missing stack", reason: "the stack and its change sets are gone: done",
			op: "DeleteChangeSet", reply: queryError(400, "ValidationError", "Stack [panther-core] does not exist"),
			call: deleteChangeSet,
		},
		{
			name: "delete change set throttled", reason: "only a missing change set is forgiven",
			op: "DeleteChangeSet", reply: queryError(400, "Throttling", "Rate exceeded"),
			call: deleteChangeSet,
			want: ErrThrottled,
		},
		{
			name: "forgotten drift detection", reason: "CloudFormation forgets old detection IDs; the controller then starts a new run",
			op: "DescribeStackDriftDetectionStatus", reply: queryError(400, "ValidationError", "Drift detection with id 7a9c5e10-2b3d-11ef-8c1a-0a1b2c3d4e5f is not found"),
			call: driftCheck,
			want: ErrNotFound,
		},
		{
			name: "drift detection said not to exist", reason: "whatever CloudFormation's wording, a forgotten run is ErrNotFound",
			op: "DescribeStackDriftDetectionStatus", reply: queryError(400, "ValidationError", "Stack drift detection 7a9c5e10-2b3d-11ef-8c1a-0a1b2c3d4e5f does not exist"),
			call: driftCheck,
			want: ErrNotFound,
		},
		{
			name: "drift detection throttled", reason: "throttling must not read as a forgotten run",
			op: "DescribeStackDriftDetectionStatus", reply: queryError(400, "Throttling", "Rate exceeded"),
			call: driftCheck,
			want: ErrThrottled,
		},
		{
			name: "resources of missing stack", reason: "the teardown reads resources of stacks that may be gone",
			op: "ListStackResources", reply: queryError(400, "ValidationError", "Stack with id panther-core does not exist"),
			call: stackResources,
			want: ErrNotFound,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			stub := newStub(t, map[string][]reply{tc.op: {tc.reply}})
			err := tc.call(context.Background(), stub)
			if tc.want == nil {
				if err != nil {
					t.Fatalf("error %v, want none (%s)", err, tc.reason)
				}
				return
			}
			if !errors.Is(err, tc.want) {
				t.Fatalf("error %v, want %v (%s)", err, tc.want, tc.reason)
			}
			checkKind(t, err, tc.want)
		})
	}
}

func deleteChangeSet(ctx context.Context, s *stubAWS) error {
	return (&stackClient{cfn: s.cloudFormation()}).DeleteChangeSet(ctx, "panther-core", "panther-core-1a2b3c")
}

func driftCheck(ctx context.Context, s *stubAWS) error {
	_, err := (&stackClient{cfn: s.cloudFormation()}).DriftCheck(ctx, "7a9c5e10-2b3d-11ef-8c1a-0a1b2c3d4e5f")
	return err
}

func stackResources(ctx context.Context, s *stubAWS) error {
	_, err := (&stackClient{cfn: s.cloudFormation()}).Resources(ctx, "panther-core")
	return err
}

func TestStackClientReads(t *testing.T) {
	stub := newStub(t, map[string][]reply{
		"DescribeChangeSet": {queryResult("DescribeChangeSet", "<ChangeSetName>panther-core-1a2b3c</ChangeSetName><StackName>panther-core</StackName>"+
			"<Status>FAILED</Status><ExecutionStatus>UNAVAILABLE</ExecutionStatus>"+
			"<StatusReason>The submitted information didn't contain changes. Submit different information to create a change set.</StatusReason>")},
		"DescribeStackDriftDetectionStatus": {queryResult("DescribeStackDriftDetectionStatus", "<StackId>"+coreARN+"</StackId>"+
			"<StackDriftDetectionId>7a9c5e10-2b3d-11ef-8c1a-0a1b2c3d4e5f</StackDriftDetectionId><StackDriftStatus>DRIFTED</StackDriftStatus>"+
			"<DetectionStatus>DETECTION_COMPLETE</DetectionStatus><DriftedStackResourceCount>2</DriftedStackResourceCount><Timestamp>2024-06-01T11:00:00Z</Timestamp>")},
		"DetectStackDrift": {queryResult("DetectStackDrift", "<StackDriftDetectionId>7a9c5e10-2b3d-11ef-8c1a-0a1b2c3d4e5f</StackDriftDetectionId>")},
	})
	ctx, c := context.Background(), &stackClient{cfn: stub.cloudFormation()}
	cs, err := c.DescribeChangeSet(ctx, "panther-core", "panther-core-1a2b3c")
	if err != nil || cs.State() != ChangeSetEmpty {
		t.Errorf("DescribeChangeSet = %+v, %v: want an empty change set", cs, err)
	}
	id, err := c.DetectDrift(ctx, "panther-core")
	if err != nil || id != "7a9c5e10-2b3d-11ef-8c1a-0a1b2c3d4e5f" {
		t.Errorf("DetectDrift = %q, %v", id, err)
	}
	check, err := c.DriftCheck(ctx, id)
	want := DriftCheck{DetectionStatus: "DETECTION_COMPLETE", StackDriftStatus: DriftStatusDrifted, DriftedResources: 2}
	if err != nil || check != want {
		t.Errorf("DriftCheck = %+v, %v, want %+v", check, err, want)
	}
}
