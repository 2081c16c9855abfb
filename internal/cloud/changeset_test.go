package cloud

import (
	"context"
	"reflect"
	"testing"
)

func TestDescribeChangeSetReadsEveryChange(t *testing.T) {
	const nestedID = "arn:aws:cloudformation:us-east-1:123456789012:changeSet/panther-LogAnalysis-1/abc"
	change := func(action, id, typ, replacement, extra string) string {
		return "<member><Type>Resource</Type><ResourceChange><Action>" + action + "</Action><LogicalResourceId>" + id +
			"</LogicalResourceId><ResourceType>" + typ + "</ResourceType><Replacement>" + replacement + "</Replacement>" + extra +
			"</ResourceChange></member>"
	}
	head := "<ChangeSetName>panther-root</ChangeSetName><StackName>panther</StackName>" +
		"<Status>CREATE_COMPLETE</Status><ExecutionStatus>AVAILABLE</ExecutionStatus>"
	stub := newStub(t, map[string][]reply{
		"DescribeChangeSet": {
			queryResult("DescribeChangeSet", head+"<Changes>"+
				change("Modify", "LogAnalysis", "AWS::CloudFormation::Stack", "False", "<ChangeSetId>"+nestedID+"</ChangeSetId>")+
				"</Changes><NextToken>page2</NextToken>"),
			queryResult("DescribeChangeSet", head+"<Changes>"+
				change("Modify", "AlertsTable", "AWS::DynamoDB::Table", "True", "<PolicyAction>ReplaceAndDelete</PolicyAction>")+
				"</Changes>"),
			queryResult("DescribeChangeSet", "<StackName>panther-LogAnalysis-1</StackName><Status>CREATE_COMPLETE</Status>"),
		},
		"GetTemplate": {queryResult("GetTemplate", "<TemplateBody>Resources: {}</TemplateBody>")},
	})
	ctx, c := context.Background(), &stackClient{cfn: stub.cloudFormation()}
	cs, err := c.DescribeChangeSet(ctx, "panther", "panther-root")
	if err != nil {
		t.Fatal(err)
	}
	want := []ResourceChange{
		{Action: "Modify", LogicalID: "LogAnalysis", ResourceType: ResourceTypeNestedStack, Replacement: "False", NestedChangeSetID: nestedID},
		{Action: "Modify", LogicalID: "AlertsTable", ResourceType: "AWS::DynamoDB::Table", Replacement: "True", PolicyAction: "ReplaceAndDelete"},
	}
	if !reflect.DeepEqual(cs.Changes, want) || cs.StackName != "panther" || cs.State() != ChangeSetReady {
		t.Errorf("DescribeChangeSet = %+v, want the changes of both pages %+v", cs, want)
	}
	if calls := stub.callsTo("DescribeChangeSet"); len(calls) != 2 || calls[1].form.Get("NextToken") != "page2" {
		t.Errorf("DescribeChangeSet calls %+v, want the second page asked for with its token", calls)
	}

	// A nested change set is named by its ARN alone.
	nested, err := c.DescribeChangeSet(ctx, "", nestedID)
	if err != nil || nested.StackName != "panther-LogAnalysis-1" {
		t.Errorf("nested DescribeChangeSet = %+v, %v", nested, err)
	}
	if form := stub.callsTo("DescribeChangeSet")[2].form; form.Has("StackName") || form.Get("ChangeSetName") != nestedID {
		t.Errorf("nested DescribeChangeSet sent %v, want only the change set ARN", form)
	}

	body, err := c.Template(ctx, "panther-core", "panther-core-1a2b3c")
	if err != nil || body != "Resources: {}" {
		t.Errorf("Template = %q, %v", body, err)
	}
	if form := stub.callsTo("GetTemplate")[0].form; form.Get("StackName") != "panther-core" || form.Get("ChangeSetName") != "panther-core-1a2b3c" {
		t.Errorf("GetTemplate sent %v", form)
	}
}

func TestCreateChangeSetIncludesNestedStacksWhenAsked(t *testing.T) {
	for _, nested := range []bool{false, true} {
		stub := newStub(t, map[string][]reply{"CreateChangeSet": {queryResult("CreateChangeSet", "<Id>cs</Id>")}})
		c := &stackClient{cfn: stub.cloudFormation()}
		err := c.CreateChangeSet(context.Background(), ChangeSetInput{
			StackInput: StackInput{StackName: "panther", TemplateBody: "Resources: {}"}, ChangeSetName: "panther-1", IncludeNestedStacks: nested})
		if err != nil {
			t.Fatal(err)
		}
		got := stub.callsTo("CreateChangeSet")[0].form.Get("IncludeNestedStacks")
		if want := map[bool]string{true: "true", false: ""}[nested]; got != want {
			t.Errorf("IncludeNestedStacks = %q, want %q", got, want)
		}
	}
}

func TestCreateStackSendsTheStackWithoutAChangeSet(t *testing.T) {
	stub := newStub(t, map[string][]reply{"CreateStack": {queryResult("CreateStack", "<StackId>id</StackId>")}})
	c := &stackClient{cfn: stub.cloudFormation()}
	err := c.Create(context.Background(), StackInput{StackName: "panther-bootstrap", TemplateURL: "https://releases/bootstrap.yml",
		Parameters: map[string]string{"CompanyDisplayName": "AwesomeCo"}, Tags: map[string]string{"Application": "Panther"},
		Capabilities: []string{"CAPABILITY_IAM"}, RoleARN: "arn:aws:iam::123456789012:role/cfn"})
	if err != nil {
		t.Fatal(err)
	}
	form := stub.callsTo("CreateStack")[0].form
	want := map[string]string{
		"StackName": "panther-bootstrap", "TemplateURL": "https://releases/bootstrap.yml", "TemplateBody": "",
		"Parameters.member.1.ParameterKey": "CompanyDisplayName", "Parameters.member.1.ParameterValue": "AwesomeCo",
		"Tags.member.1.Key": "Application", "Tags.member.1.Value": "Panther",
		"Capabilities.member.1": "CAPABILITY_IAM", "RoleARN": "arn:aws:iam::123456789012:role/cfn",
		// Failing creates roll back, as a change set's do, so the operator recovers them alike.
		"OnFailure": "", "DisableRollback": "",
	}
	for field, value := range want {
		if got := form.Get(field); got != value {
			t.Errorf("CreateStack sent %s=%q, want %q", field, got, value)
		}
	}
}
