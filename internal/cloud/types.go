package cloud

import "time"

// Identity is who the credentials resolve to.
type Identity struct {
	Account string
	ARN     string
}

// Stack is what DescribeStacks says of one stack.
type Stack struct {
	Name         string
	ID           string
	Status       StackStatus
	StatusReason string
	// Parameters holds the stack's parameter values; NoEcho values read as "****".
	Parameters            map[string]string
	Outputs               map[string]string
	Tags                  map[string]string
	TerminationProtection bool
	// ParentID and RootID are the ARNs of the parent and root stack of a nested stack.
	ParentID string
	RootID   string
}

// ChangeSetInput is everything a change set of a Panther stack carries.
type ChangeSetInput struct {
	StackInput
	ChangeSetName string
	// Create is true for a change set that creates the stack, false for an update.
	Create      bool
	Description string
	// IncludeNestedStacks asks CloudFormation to make a change set for every nested stack
	// too, so that their changes can be inspected before the root change set runs.
	IncludeNestedStacks bool
}

// StackInput is what a stack is made of: its template, parameters, tags, capabilities and
// the role CloudFormation acts as. CreateStack takes it alone; a change set adds its own name.
type StackInput struct {
	StackName string
	// TemplateURL is where CloudFormation reads the template; TemplateBody, when set, is the
	// template itself instead.
	TemplateURL  string
	TemplateBody string
	Parameters   map[string]string
	Tags         map[string]string
	Capabilities []string
	RoleARN      string
}

// ChangeSet is the state of one change set.
type ChangeSet struct {
	// Status is CREATE_PENDING, CREATE_IN_PROGRESS, CREATE_COMPLETE, DELETE_* or FAILED.
	Status string
	// ExecutionStatus is UNAVAILABLE, AVAILABLE, EXECUTE_IN_PROGRESS, EXECUTE_COMPLETE, ...
	ExecutionStatus string
	StatusReason    string
	// CreationTime is when CloudFormation began to create it.
	CreationTime time.Time
	// StackName is the stack the change set belongs to (for a nested change set, the nested
	// stack's generated name).
	StackName string
	// Changes are the resource changes it would make, in CloudFormation's order.
	Changes []ResourceChange
}

// ResourceChange is one resource a change set would add, modify or remove.
type ResourceChange struct {
	// Action is Add, Modify, Remove, Import or Dynamic.
	Action       string
	LogicalID    string
	PhysicalID   string
	ResourceType string
	// Replacement is True, False or Conditional for a Modify: whether CloudFormation creates
	// a new physical resource (and deletes the old one).
	Replacement string
	// PolicyAction is what CloudFormation does with the old resource under its deletion or
	// update-replace policy (Delete, Retain, Snapshot, ReplaceAndDelete, ...), when AWS says.
	PolicyAction string
	// NestedChangeSetID is, for an AWS::CloudFormation::Stack resource of a change set made
	// with IncludeNestedStacks, the ID of the nested stack's own change set.
	NestedChangeSetID string
	// Scope lists what of the resource a Modify changes: Properties, Metadata,
	// CreationPolicy, UpdatePolicy, DeletionPolicy, UpdateReplacePolicy or Tags.
	Scope []string
}

// Change set actions and replacement values the operator acts on.
const (
	ActionModify            = "Modify"
	ActionRemove            = "Remove"
	ReplacementTrue         = "True"
	ReplacementConditional  = "Conditional"
	ResourceTypeNestedStack = "AWS::CloudFormation::Stack"
)

// StackEvent is one entry of a stack's event log.
type StackEvent struct {
	Time         time.Time
	LogicalID    string
	PhysicalID   string
	ResourceType string
	Status       string
	Reason       string
	// OwnStack marks the events of the stack itself rather than of one of its resources.
	OwnStack bool
}

// Failure is the first resource that failed in a stack operation.
type Failure struct {
	LogicalID    string
	ResourceType string
	Reason       string
	// NestedStack names the nested stack the resource is in, when it is not the stack itself.
	NestedStack string
}

// DriftCheck is the state of one drift detection run.
type DriftCheck struct {
	// DetectionStatus is DETECTION_IN_PROGRESS, DETECTION_COMPLETE or DETECTION_FAILED.
	DetectionStatus string
	// StackDriftStatus is DRIFTED, IN_SYNC, NOT_CHECKED or UNKNOWN.
	StackDriftStatus string
	DriftedResources int
	Reason           string
}

// ResourceDrift is one resource that differs from its template.
type ResourceDrift struct {
	LogicalID    string
	ResourceType string
	// Status is MODIFIED or DELETED.
	Status string
	// Properties are the paths of the properties that differ, e.g. /VersioningConfiguration/Status.
	Properties []string
}

// StackResource is one resource of a stack.
type StackResource struct {
	LogicalID    string
	PhysicalID   string
	ResourceType string
	Status       string
}

// Resource types whose physical IDs the teardown needs after their stacks are gone.
const (
	ResourceTypeBucket   = "AWS::S3::Bucket"
	ResourceTypeFunction = "AWS::Lambda::Function"
	// ResourceTypeServerlessFunction is SAM's function, which CloudFormation transforms into
	// AWS::Lambda::Function; a stack's resources list only the latter.
	ResourceTypeServerlessFunction = "AWS::Serverless::Function"
)
