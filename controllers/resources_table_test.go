package controllers

import (
	"context"
	"slices"
	"strings"
	"testing"

	deployv1alpha1 "github.com/panther-operator/panther-operator/api/v1alpha1"
	"github.com/panther-operator/panther-operator/internal/cloud"
	"github.com/panther-operator/panther-operator/internal/panther"
)

func TestRecordResources(t *testing.T) {
	listed := []cloud.StackResource{
		{LogicalID: "Processor", ResourceType: cloud.ResourceTypeFunction, PhysicalID: "panther-log-processor"},
		{LogicalID: "Queue", ResourceType: "AWS::SQS::Queue", PhysicalID: "https://sqs/queue"},
	}
	tests := []struct {
		name, reason string
		// types are the resource types the release's template of the stack declares; nil
		// is a release that does not say.
		types []string
		force bool
		entry deployv1alpha1.StackStatus

		wantCalls     []string
		wantFunctions []string
	}{
		{
			name: "a template with functions", reason: "the stack is listed, once per desired state",
			types:     []string{cloud.ResourceTypeFunction, "AWS::SQS::Queue"},
			wantCalls: []string{"ListStackResources panther-core"}, wantFunctions: []string{"panther-log-processor"},
		},
		{
			name: "a template without buckets or functions", reason: "nothing to record: no call",
			types: []string{"AWS::SNS::Topic"},
		},
		{
			name: "a release that does not list types", reason: "unknown types are listed, as before releases said",
			wantCalls: []string{"ListStackResources panther-core"}, wantFunctions: []string{"panther-log-processor"},
		},
		{
			name: "before a deletion", reason: "what the stack holds is listed whatever its template declared",
			types: []string{"AWS::SNS::Topic"}, force: true,
			wantCalls: []string{"ListStackResources panther-core"}, wantFunctions: []string{"panther-log-processor"},
		},
		{
			name: "names kept from an earlier record", reason: "a function recorded before stays recorded without a call",
			types:         []string{"AWS::SNS::Topic"},
			entry:         deployv1alpha1.StackStatus{Resources: &deployv1alpha1.StackResources{State: oldHash, Functions: []string{"panther-old"}}},
			wantFunctions: []string{"panther-old"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake := &fakeStacks{resources: func(string) ([]cloud.StackResource, error) { return listed, nil }}
			s := tableScope(tableDeployment(), fake, nil)
			template := panther.TemplateRelease{ResourceTypes: tt.types}
			s.manifests = map[string]*panther.Manifest{"1.16.0": {Stacks: []panther.StackRelease{
				{Component: panther.Core, StackName: "panther-core", TemplateRelease: template}}}}
			entry := tt.entry
			entry.Name, entry.StackName, entry.Version = string(panther.Core), "panther-core", "1.16.0"

			if err := tableReconciler().recordResources(context.Background(), s, ownedStack("CREATE_COMPLETE", desiredHash), &entry, tt.force); err != nil {
				t.Fatal(err)
			}
			if got := strings.Join(fake.called(), "; "); got != strings.Join(tt.wantCalls, "; ") {
				t.Errorf("calls %q, want %q (%s)", got, strings.Join(tt.wantCalls, "; "), tt.reason)
			}
			if entry.Resources == nil || entry.Resources.State != desiredHash {
				t.Fatalf("record %+v, want one for the stack's desired state (%s)", entry.Resources, tt.reason)
			}
			if !slices.Equal(entry.Resources.Functions, tt.wantFunctions) {
				t.Errorf("functions %v, want %v (%s)", entry.Resources.Functions, tt.wantFunctions, tt.reason)
			}
		})
	}
}
