package cloud

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
)

// StackClient is every CloudFormation operation the operator performs on its stacks. Reads
// never change anything; every mutating call is idempotent where CloudFormation allows.
type StackClient interface {
	// List returns the named stacks that exist and the stacks nested under them, keyed by
	// name, with as few calls as the API allows: one paginated DescribeStacks over the region.
	List(ctx context.Context, names []string) (map[string]Stack, error)
	// Describe returns one stack by name or ARN; a missing stack is ErrNotFound.
	Describe(ctx context.Context, nameOrID string) (Stack, error)
	// Create starts creating a stack directly, without a change set: for a stack that does
	// not exist yet, when no one reviews its changes. AlreadyExists when it exists.
	Create(ctx context.Context, in StackInput) error
	CreateChangeSet(ctx context.Context, in ChangeSetInput) error
	// DescribeChangeSet returns the change set with all its resource changes (every page);
	// ErrNotFound when the change set (or its stack) does not exist. changeSetName may be a
	// change set ARN, and stackName then empty (as for a nested change set).
	DescribeChangeSet(ctx context.Context, stackName, changeSetName string) (ChangeSet, error)
	// Template returns the template body of a stack as deployed, or, with changeSetName, the
	// template a change set of it would deploy; a missing stack or change set is ErrNotFound.
	Template(ctx context.Context, stackName, changeSetName string) (string, error)
	ExecuteChangeSet(ctx context.Context, stackName, changeSetName string) error
	DeleteChangeSet(ctx context.Context, stackName, changeSetName string) error
	// Delete starts deleting a stack; deleting a missing stack succeeds.
	Delete(ctx context.Context, stackName, roleARN string) error
	ContinueUpdateRollback(ctx context.Context, stackName, roleARN string, skip []string) error
	SetTerminationProtection(ctx context.Context, stackName string, enabled bool) error
	// Events returns the events of the stack's latest operation, newest first.
	Events(ctx context.Context, stackNameOrID string) ([]StackEvent, error)
	// DetectDrift starts a drift detection run and returns its ID.
	DetectDrift(ctx context.Context, stackName string) (string, error)
	// DriftCheck reads a drift detection run; a run CloudFormation forgot is ErrNotFound.
	DriftCheck(ctx context.Context, detectionID string) (DriftCheck, error)
	// ResourceDrifts lists the stack's resources that are MODIFIED or DELETED.
	ResourceDrifts(ctx context.Context, stackName string) ([]ResourceDrift, error)
	// Resources lists the stack's own resources (not those of its nested stacks); a missing
	// stack is ErrNotFound.
	Resources(ctx context.Context, stackName string) ([]StackResource, error)
}

type stackClient struct {
	cfn *cloudformation.Client
}

func (c *stackClient) List(ctx context.Context, names []string) (map[string]Stack, error) {
	wanted := make(map[string]bool, len(names))
	for _, n := range names {
		wanted[n] = true
	}
	found := map[string]Stack{}
	var nested []Stack
	pages := cloudformation.NewDescribeStacksPaginator(c.cfn, &cloudformation.DescribeStacksInput{})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return nil, wrapError("DescribeStacks", err)
		}
		for _, s := range page.Stacks {
			if s.StackStatus == types.StackStatusDeleteComplete {
				continue
			}
			switch stack := toStack(s); {
			case wanted[stack.Name]:
				found[stack.Name] = stack
			case stack.RootID != "":
				nested = append(nested, stack)
			}
		}
	}
	roots := map[string]bool{}
	for _, s := range found {
		roots[s.ID] = true
	}
	for _, s := range nested {
		if roots[s.RootID] {
			found[s.Name] = s
		}
	}
	return found, nil
}

func (c *stackClient) Describe(ctx context.Context, nameOrID string) (Stack, error) {
	out, err := c.cfn.DescribeStacks(ctx, &cloudformation.DescribeStacksInput{StackName: aws.String(nameOrID)})
	if err != nil {
		return Stack{}, wrapError("DescribeStacks", err)
	}
	if len(out.Stacks) == 0 {
		return Stack{}, ErrNotFound
	}
	return toStack(out.Stacks[0]), nil
}

func (c *stackClient) CreateChangeSet(ctx context.Context, in ChangeSetInput) error {
	kind := types.ChangeSetTypeUpdate
	if in.Create {
		kind = types.ChangeSetTypeCreate
	}
	input := &cloudformation.CreateChangeSetInput{
		StackName:     aws.String(in.StackName),
		ChangeSetName: aws.String(in.ChangeSetName),
		ChangeSetType: kind,
		Parameters:    toParameters(in.Parameters),
		Tags:          toTags(in.Tags),
		Description:   aws.String(in.Description),
		Capabilities:  toCapabilities(in.Capabilities),
		RoleARN:       optional(in.RoleARN),
	}
	input.TemplateURL, input.TemplateBody = templateSource(in.StackInput)
	if in.IncludeNestedStacks {
		input.IncludeNestedStacks = aws.Bool(true)
	}
	_, err := c.cfn.CreateChangeSet(ctx, input)
	return wrapError("CreateChangeSet", err)
}

func (c *stackClient) Create(ctx context.Context, in StackInput) error {
	input := &cloudformation.CreateStackInput{
		StackName:    aws.String(in.StackName),
		Parameters:   toParameters(in.Parameters),
		Tags:         toTags(in.Tags),
		Capabilities: toCapabilities(in.Capabilities),
		RoleARN:      optional(in.RoleARN),
	}
	input.TemplateURL, input.TemplateBody = templateSource(in)
	_, err := c.cfn.CreateStack(ctx, input)
	return wrapError("CreateStack", err)
}

// templateSource is the template's URL or, when the input carries it, its body.
func templateSource(in StackInput) (url, body *string) {
	if in.TemplateBody != "" {
		return nil, aws.String(in.TemplateBody)
	}
	return aws.String(in.TemplateURL), nil
}

func toCapabilities(names []string) []types.Capability {
	var out []types.Capability
	for _, name := range names {
		out = append(out, types.Capability(name))
	}
	return out
}

// optional is nil for an empty string, which the API reads as "not given".
func optional(s string) *string {
	if s == "" {
		return nil
	}
	return aws.String(s)
}

func (c *stackClient) DescribeChangeSet(ctx context.Context, stackName, changeSetName string) (ChangeSet, error) {
	input := &cloudformation.DescribeChangeSetInput{ChangeSetName: aws.String(changeSetName)}
	if stackName != "" {
		input.StackName = aws.String(stackName)
	}
	var cs ChangeSet
	// The changes come in pages; the change set's own fields are the same on every page.
	for page := 0; ; page++ {
		out, err := c.cfn.DescribeChangeSet(ctx, input)
		if err != nil {
			return ChangeSet{}, wrapError("DescribeChangeSet", err)
		}
		if page == 0 {
			cs = ChangeSet{
				Status:          string(out.Status),
				ExecutionStatus: string(out.ExecutionStatus),
				StatusReason:    aws.ToString(out.StatusReason),
				CreationTime:    aws.ToTime(out.CreationTime),
				StackName:       aws.ToString(out.StackName),
			}
		}
		for _, ch := range out.Changes {
			if rc := ch.ResourceChange; rc != nil {
				cs.Changes = append(cs.Changes, ResourceChange{
					Action:            string(rc.Action),
					LogicalID:         aws.ToString(rc.LogicalResourceId),
					PhysicalID:        aws.ToString(rc.PhysicalResourceId),
					ResourceType:      aws.ToString(rc.ResourceType),
					Replacement:       string(rc.Replacement),
					PolicyAction:      string(rc.PolicyAction),
					NestedChangeSetID: aws.ToString(rc.ChangeSetId),
					Scope:             scopes(rc.Scope),
				})
			}
		}
		if aws.ToString(out.NextToken) == "" || page >= maxChangeSetPages {
			return cs, nil
		}
		input.NextToken = out.NextToken
	}
}

// maxChangeSetPages bounds how many pages of changes DescribeChangeSet reads; a Panther stack
// has a few hundred resources at most, a page holds up to a thousand changes.
const maxChangeSetPages = 20

func (c *stackClient) Template(ctx context.Context, stackName, changeSetName string) (string, error) {
	input := &cloudformation.GetTemplateInput{StackName: aws.String(stackName)}
	if changeSetName != "" {
		input.ChangeSetName = aws.String(changeSetName)
	}
	out, err := c.cfn.GetTemplate(ctx, input)
	if err != nil {
		return "", wrapError("GetTemplate", err)
	}
	return aws.ToString(out.TemplateBody), nil
}

func (c *stackClient) ExecuteChangeSet(ctx context.Context, stackName, changeSetName string) error {
	_, err := c.cfn.ExecuteChangeSet(ctx, &cloudformation.ExecuteChangeSetInput{
		StackName: aws.String(stackName), ChangeSetName: aws.String(changeSetName),
	})
	return wrapError("ExecuteChangeSet", err)
}

func (c *stackClient) DeleteChangeSet(ctx context.Context, stackName, changeSetName string) error {
	_, err := c.cfn.DeleteChangeSet(ctx, &cloudformation.DeleteChangeSetInput{
		StackName: aws.String(stackName), ChangeSetName: aws.String(changeSetName),
	})
	if err = wrapError("DeleteChangeSet", err); errors.Is(err, ErrNotFound) {
		return nil
	}
	return err
}

func (c *stackClient) Delete(ctx context.Context, stackName, roleARN string) error {
	input := &cloudformation.DeleteStackInput{StackName: aws.String(stackName)}
	if roleARN != "" {
		input.RoleARN = aws.String(roleARN)
	}
	_, err := c.cfn.DeleteStack(ctx, input)
	return wrapError("DeleteStack", err)
}

func (c *stackClient) ContinueUpdateRollback(ctx context.Context, stackName, roleARN string, skip []string) error {
	input := &cloudformation.ContinueUpdateRollbackInput{StackName: aws.String(stackName), ResourcesToSkip: skip}
	if roleARN != "" {
		input.RoleARN = aws.String(roleARN)
	}
	_, err := c.cfn.ContinueUpdateRollback(ctx, input)
	return wrapError("ContinueUpdateRollback", err)
}

func (c *stackClient) SetTerminationProtection(ctx context.Context, stackName string, enabled bool) error {
	_, err := c.cfn.UpdateTerminationProtection(ctx, &cloudformation.UpdateTerminationProtectionInput{
		StackName: aws.String(stackName), EnableTerminationProtection: aws.Bool(enabled),
	})
	return wrapError("UpdateTerminationProtection", err)
}

// maxEventPages bounds how far back Events reads; an operation on a Panther stack fits in a
// few pages.
const maxEventPages = 10

func (c *stackClient) Events(ctx context.Context, stackNameOrID string) ([]StackEvent, error) {
	var events []StackEvent
	pages := cloudformation.NewDescribeStackEventsPaginator(c.cfn,
		&cloudformation.DescribeStackEventsInput{StackName: aws.String(stackNameOrID)})
	for page := 0; pages.HasMorePages() && page < maxEventPages; page++ {
		out, err := pages.NextPage(ctx)
		if err != nil {
			return nil, wrapError("DescribeStackEvents", err)
		}
		for _, e := range out.StackEvents {
			event := StackEvent{
				Time:         aws.ToTime(e.Timestamp),
				LogicalID:    aws.ToString(e.LogicalResourceId),
				PhysicalID:   aws.ToString(e.PhysicalResourceId),
				ResourceType: aws.ToString(e.ResourceType),
				Status:       string(e.ResourceStatus),
				Reason:       aws.ToString(e.ResourceStatusReason),
				OwnStack:     aws.ToString(e.PhysicalResourceId) == aws.ToString(e.StackId),
			}
			events = append(events, event)
			// The stack's own *_IN_PROGRESS event that a user or the operator started marks
			// the beginning of the latest operation: nothing older explains its outcome.
			if event.ResourceType == "AWS::CloudFormation::Stack" && event.OwnStack && isOperationStart(event.Status) {
				return events, nil
			}
		}
	}
	return events, nil
}

func isOperationStart(status string) bool {
	switch status {
	case "CREATE_IN_PROGRESS", "UPDATE_IN_PROGRESS", "DELETE_IN_PROGRESS", "IMPORT_IN_PROGRESS":
		return true
	}
	return false
}

func toStack(s types.Stack) Stack {
	out := Stack{
		Name:                  aws.ToString(s.StackName),
		ID:                    aws.ToString(s.StackId),
		Status:                StackStatus(s.StackStatus),
		StatusReason:          aws.ToString(s.StackStatusReason),
		TerminationProtection: aws.ToBool(s.EnableTerminationProtection),
		ParentID:              aws.ToString(s.ParentId),
		RootID:                aws.ToString(s.RootId),
		Parameters:            map[string]string{},
		Outputs:               map[string]string{},
		Tags:                  map[string]string{},
	}
	for _, p := range s.Parameters {
		out.Parameters[aws.ToString(p.ParameterKey)] = aws.ToString(p.ParameterValue)
	}
	for _, o := range s.Outputs {
		out.Outputs[aws.ToString(o.OutputKey)] = aws.ToString(o.OutputValue)
	}
	for _, t := range s.Tags {
		out.Tags[aws.ToString(t.Key)] = aws.ToString(t.Value)
	}
	return out
}

// toParameters and toTags sort by name, so that equal inputs make equal requests.
func toParameters(values map[string]string) []types.Parameter {
	params := make([]types.Parameter, 0, len(values))
	for _, name := range slices.Sorted(maps.Keys(values)) {
		params = append(params, types.Parameter{ParameterKey: aws.String(name), ParameterValue: aws.String(values[name])})
	}
	return params
}

func toTags(values map[string]string) []types.Tag {
	tags := make([]types.Tag, 0, len(values))
	for _, key := range slices.Sorted(maps.Keys(values)) {
		tags = append(tags, types.Tag{Key: aws.String(key), Value: aws.String(values[key])})
	}
	return tags
}

func (c *stackClient) DetectDrift(ctx context.Context, stackName string) (string, error) {
	out, err := c.cfn.DetectStackDrift(ctx, &cloudformation.DetectStackDriftInput{StackName: aws.String(stackName)})
	if err != nil {
		return "", wrapError("DetectStackDrift", err)
	}
	return aws.ToString(out.StackDriftDetectionId), nil
}

func (c *stackClient) DriftCheck(ctx context.Context, detectionID string) (DriftCheck, error) {
	out, err := c.cfn.DescribeStackDriftDetectionStatus(ctx, &cloudformation.DescribeStackDriftDetectionStatusInput{
		StackDriftDetectionId: aws.String(detectionID),
	})
	if err != nil {
		err = wrapError("DescribeStackDriftDetectionStatus", err)
		if errors.Is(err, ErrInvalidRequest) {
			// CloudFormation forgets detection runs after a while and answers their IDs with a
			// ValidationError.
			return DriftCheck{}, fmt.Errorf("drift detection %s: %w", detectionID, ErrNotFound)
		}
		return DriftCheck{}, err
	}
	return DriftCheck{
		DetectionStatus:  string(out.DetectionStatus),
		StackDriftStatus: string(out.StackDriftStatus),
		DriftedResources: int(aws.ToInt32(out.DriftedStackResourceCount)),
		Reason:           aws.ToString(out.DetectionStatusReason),
	}, nil
}

func (c *stackClient) ResourceDrifts(ctx context.Context, stackName string) ([]ResourceDrift, error) {
	var drifts []ResourceDrift
	pages := cloudformation.NewDescribeStackResourceDriftsPaginator(c.cfn, &cloudformation.DescribeStackResourceDriftsInput{
		StackName: aws.String(stackName),
		StackResourceDriftStatusFilters: []types.StackResourceDriftStatus{
			types.StackResourceDriftStatusModified, types.StackResourceDriftStatusDeleted,
		},
	})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return nil, wrapError("DescribeStackResourceDrifts", err)
		}
		for _, d := range page.StackResourceDrifts {
			drift := ResourceDrift{
				LogicalID:    aws.ToString(d.LogicalResourceId),
				ResourceType: aws.ToString(d.ResourceType),
				Status:       string(d.StackResourceDriftStatus),
			}
			for _, p := range d.PropertyDifferences {
				drift.Properties = append(drift.Properties, aws.ToString(p.PropertyPath))
			}
			drifts = append(drifts, drift)
		}
	}
	return drifts, nil
}

func (c *stackClient) Resources(ctx context.Context, stackName string) ([]StackResource, error) {
	var resources []StackResource
	pages := cloudformation.NewListStackResourcesPaginator(c.cfn,
		&cloudformation.ListStackResourcesInput{StackName: aws.String(stackName)})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return nil, wrapError("ListStackResources", err)
		}
		for _, r := range page.StackResourceSummaries {
			resources = append(resources, StackResource{
				LogicalID:    aws.ToString(r.LogicalResourceId),
				PhysicalID:   aws.ToString(r.PhysicalResourceId),
				ResourceType: aws.ToString(r.ResourceType),
				Status:       string(r.ResourceStatus),
			})
		}
	}
	return resources, nil
}

// scopes are the parts of a resource a change touches (Properties, Metadata, Tags, ...).
func scopes(in []types.ResourceAttribute) []string {
	if len(in) == 0 {
		return nil
	}
	out := make([]string, len(in))
	for i, a := range in {
		out[i] = string(a)
	}
	return out
}
