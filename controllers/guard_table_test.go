package controllers

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	deployv1alpha1 "github.com/panther-operator/panther-operator/api/v1alpha1"
	"github.com/panther-operator/panther-operator/internal/cloud"
	"github.com/panther-operator/panther-operator/internal/panther"
)

func TestRefusedChanges(t *testing.T) {
	modify := func(id, typ, replacement string) cloud.ResourceChange {
		return cloud.ResourceChange{Action: cloud.ActionModify, LogicalID: id, ResourceType: typ, Replacement: replacement}
	}
	remove := func(id, typ string) cloud.ResourceChange {
		return cloud.ResourceChange{Action: cloud.ActionRemove, LogicalID: id, ResourceType: typ}
	}
	tests := []struct {
		name     string
		change   cloud.ResourceChange
		retained bool
		allowed  []string
		refused  bool
	}{
		{"replaced table", modify("AlertsTable", "AWS::DynamoDB::Table", "True"), false, nil, true},
		{"replaced table, allowed", modify("AlertsTable", "AWS::DynamoDB::Table", "True"), false, []string{"AlertsTable"}, false},
		{"replaced table, another allowed", modify("AlertsTable", "AWS::DynamoDB::Table", "True"), false, []string{"OtherTable"}, true},
		{"table changed in place", modify("AlertsTable", "AWS::DynamoDB::Table", "False"), false, nil, false},
		{"conditionally replaced bucket", modify("ProcessedData", "AWS::S3::Bucket", "Conditional"), false, nil, true},
		{"removed user pool", remove("UserPool", "AWS::Cognito::UserPool"), false, nil, true},
		{"removed key", remove("SqsKey", "AWS::KMS::Key"), false, nil, true},
		{"replaced key", modify("SqsKey", "AWS::KMS::Key", "True"), false, nil, true},
		{"added table", cloud.ResourceChange{Action: "Add", LogicalID: "NewTable", ResourceType: "AWS::DynamoDB::Table"}, false, nil, false},
		{"replaced queue", modify("AlertsQueue", "AWS::SQS::Queue", "True"), false, nil, false},
		{"removed function", remove("AlertForwarderFunction", "AWS::Lambda::Function"), false, nil, false},
		{"replaced log group with a retention", modify("ForwarderLogGroup", "AWS::Logs::LogGroup", "True"), true, nil, true},
		{"removed log group with a retention", remove("ForwarderLogGroup", "AWS::Logs::LogGroup"), true, nil, true},
		{"removed log group with a retention, allowed", remove("ForwarderLogGroup", "AWS::Logs::LogGroup"), true, []string{"ForwarderLogGroup"}, false},
		{"replaced log group without a retention", modify("ForwarderLogGroup", "AWS::Logs::LogGroup", "True"), false, nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			changes := []guardedChange{{ResourceChange: tt.change, component: panther.LogAnalysis,
				stackName: "panther-log-analysis", retained: tt.retained}}
			got := refusedChanges(changes, func(c panther.Component, id string) bool {
				return c == panther.LogAnalysis && slices.Contains(tt.allowed, id)
			})
			if (len(got) == 1) != tt.refused {
				t.Errorf("refused %v, want %v", got, tt.refused)
			}
		})
	}
}

func TestLogGroupsWithRetention(t *testing.T) {
	yamlBody := `
Parameters:
  Retention: {Type: Number}
Resources:
  WithRetention:
    Type: AWS::Logs::LogGroup
    Properties:
      LogGroupName: !Sub /aws/lambda/${AWS::StackName}
      RetentionInDays: !Ref Retention
  WithoutRetention:
    Type: AWS::Logs::LogGroup
    Properties:
      LogGroupName: /aws/lambda/other
  Table:
    Type: AWS::DynamoDB::Table
    Properties:
      RetentionInDays: 3
`
	jsonBody := `{"Resources": {"Group": {"Type": "AWS::Logs::LogGroup", "Properties": {"RetentionInDays": 365}}}}`
	for _, tt := range []struct {
		name, body string
		want       []string
	}{
		{"yaml with short-form tags", yamlBody, []string{"WithRetention"}},
		{"json", jsonBody, []string{"Group"}},
		{"no resources", "Description: nothing\n", nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := logGroupsWithRetention(tt.body)
			if err != nil || !slices.Equal(got, tt.want) {
				t.Errorf("logGroupsWithRetention = %v, %v; want %v", got, err, tt.want)
			}
		})
	}
}

// guardFake answers DescribeChangeSet from a map by change set name.
func guardFake(sets map[string]cloud.ChangeSet) *fakeStacks {
	return &fakeStacks{describeChangeSet: func(_, name string) (cloud.ChangeSet, error) {
		cs, ok := sets[name]
		if !ok {
			return cloud.ChangeSet{}, fmt.Errorf("change set %s: %w", name, cloud.ErrNotFound)
		}
		return cs, nil
	}}
}

func TestGuardBeforeExecuting(t *testing.T) {
	desired := desiredStack{component: panther.Core, stackName: "panther-core", hash: desiredHash}
	ready := cloud.ChangeSet{Status: "CREATE_COMPLETE", ExecutionStatus: "AVAILABLE", StackName: "panther-core"}
	replaceTable := ready
	replaceTable.Changes = []cloud.ResourceChange{
		{Action: "Modify", LogicalID: "AlertsQueue", ResourceType: "AWS::SQS::Queue", Replacement: "True"},
		{Action: "Modify", LogicalID: "UsersTable", ResourceType: "AWS::DynamoDB::Table", Replacement: "True", PolicyAction: "ReplaceAndDelete"},
	}
	removeGroup := ready
	removeGroup.Changes = []cloud.ResourceChange{{Action: "Remove", LogicalID: "ApiLogGroup", ResourceType: "AWS::Logs::LogGroup"}}

	tests := []struct {
		name      string
		cs        cloud.ChangeSet
		allow     []string
		template  func(stack, changeSet string) (string, error)
		pending   string
		wantStall bool
		wantCalls []string
		wantText  []string
	}{
		{name: "in-place changes only", cs: ready, wantCalls: []string{"ExecuteChangeSet panther-core"}},
		{name: "a replaced table", cs: replaceTable, wantStall: true, wantText: []string{
			"Stack panther-core", desired.changeSetName(), "replace UsersTable (AWS::DynamoDB::Table, policy action ReplaceAndDelete)",
			"add UsersTable to spec.stacks.core.allowReplacement", "or change the template",
		}},
		{name: "a replaced table the spec allows", cs: replaceTable, allow: []string{"UsersTable"}, pending: desired.changeSetName(),
			wantCalls: []string{"ExecuteChangeSet panther-core"}},
		{name: "a removed log group the deployed template keeps for 365 days", cs: removeGroup, wantStall: true,
			template: func(_, changeSet string) (string, error) {
				if changeSet != "" {
					return "Resources: {}\n", nil
				}
				return "Resources:\n  ApiLogGroup:\n    Type: AWS::Logs::LogGroup\n    Properties: {RetentionInDays: 365}\n", nil
			},
			wantText: []string{"remove ApiLogGroup (AWS::Logs::LogGroup)"}},
		{name: "a removed log group whose templates may not be read", cs: removeGroup, wantStall: true,
			template: func(string, string) (string, error) { return "", accessDenied("GetTemplate") },
			wantText: []string{"remove ApiLogGroup (AWS::Logs::LogGroup)"}},
		{name: "a removed log group without a retention", cs: removeGroup,
			template: func(string, string) (string, error) {
				return "Resources:\n  ApiLogGroup:\n    Type: AWS::Logs::LogGroup\n", nil
			},
			wantCalls: []string{"ExecuteChangeSet panther-core"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			obj := tableDeployment()
			obj.Spec.Stacks.Core.AllowReplacement = tt.allow
			fake := guardFake(map[string]cloud.ChangeSet{desired.changeSetName(): tt.cs})
			fake.template = tt.template
			s := tableScope(obj, fake, nil)
			entry := deployv1alpha1.StackStatus{DesiredState: desiredHash, PendingChange: tt.pending}
			_, _, err := tableReconciler().ensureStack(context.Background(), s, desired, ownedStack("UPDATE_COMPLETE", oldHash), true, &entry)

			if tt.wantStall {
				checkStepError(t, err, deployv1alpha1.ReasonStatefulReplacement, nil, tt.name)
				if entry.PendingChange != desired.changeSetName() {
					t.Errorf("pendingChange %q, want %q", entry.PendingChange, desired.changeSetName())
				}
				for _, text := range tt.wantText {
					if err != nil && !strings.Contains(err.Error(), text) {
						t.Errorf("message %q lacks %q", err, text)
					}
				}
			} else {
				checkStepError(t, err, "", nil, tt.name)
				if entry.PendingChange != "" {
					t.Errorf("pendingChange %q, want it cleared", entry.PendingChange)
				}
			}
			if got := fake.called(); !slices.Equal(got, tt.wantCalls) {
				t.Errorf("calls %q, want %q", got, tt.wantCalls)
			}
		})
	}
}

func TestHeldChangeSetOfAnEarlierState(t *testing.T) {
	fake := &fakeStacks{}
	s := tableScope(tableDeployment(), fake, nil)
	entry := deployv1alpha1.StackStatus{DesiredState: desiredHash, PendingChange: "panther-old"}
	desired := desiredStack{component: panther.Core, stackName: "panther-core", hash: desiredHash}
	_, _, err := tableReconciler().ensureStack(context.Background(), s, desired, ownedStack("UPDATE_COMPLETE", oldHash), true, &entry)
	checkStepError(t, err, "", nil, "a new desired state replaces the held change set")
	want := []string{"DeleteChangeSet panther-core", "CreateChangeSet panther-core create=false"}
	if got := fake.called(); !slices.Equal(got, want) {
		t.Errorf("calls %q, want %q", got, want)
	}
	if entry.PendingChange != "" {
		t.Errorf("pendingChange %q, want it cleared", entry.PendingChange)
	}
}

func TestGuardFollowsNestedChangeSets(t *testing.T) {
	root := desiredStack{stackName: panther.RootStackName, hash: desiredHash, nested: true}
	nestedID := "arn:aws:cloudformation:us-east-1:000000000000:changeSet/nested/1"
	sets := map[string]cloud.ChangeSet{
		root.changeSetName(): {Status: "CREATE_COMPLETE", ExecutionStatus: "AVAILABLE", StackName: panther.RootStackName,
			Changes: []cloud.ResourceChange{
				{Action: "Modify", LogicalID: "LogAnalysis", ResourceType: cloud.ResourceTypeNestedStack, Replacement: "False", NestedChangeSetID: nestedID},
				{Action: "Modify", LogicalID: "Core", ResourceType: cloud.ResourceTypeNestedStack, Replacement: "False"},
			}},
		nestedID: {Status: "CREATE_COMPLETE", StackName: "panther-LogAnalysis-ABC",
			Changes: []cloud.ResourceChange{{Action: "Modify", LogicalID: "AlertsTable", ResourceType: "AWS::DynamoDB::Table", Replacement: "True"}}},
	}
	for _, allow := range []bool{false, true} {
		obj := tableDeployment()
		if allow {
			obj.Spec.Stacks.LogAnalysis.AllowReplacement = []string{"AlertsTable"}
		}
		s := tableScope(obj, guardFake(sets), nil)
		var entry deployv1alpha1.StackStatus
		err := tableReconciler().guardChangeSet(context.Background(), s, root, sets[root.changeSetName()], &entry)
		if allow {
			checkStepError(t, err, "", nil, "the nested change is allowed in spec.stacks.logAnalysis")
			continue
		}
		checkStepError(t, err, deployv1alpha1.ReasonStatefulReplacement, nil, "a nested table is replaced")
		for _, text := range []string{"Stack panther:", "AlertsTable", "in nested stack panther-LogAnalysis-ABC", "spec.stacks.logAnalysis.allowReplacement"} {
			if err != nil && !strings.Contains(err.Error(), text) {
				t.Errorf("message %q lacks %q", err, text)
			}
		}
	}
}
