package engine

import (
	"fmt"
	"time"

	"github.com/panther-operator/panther-operator/internal/localaws/cfn/template"
	"github.com/panther-operator/panther-operator/internal/localaws/internal/state"
	"github.com/panther-operator/panther-operator/internal/localaws/internal/wire"
)

// Stack is a CloudFormation stack, including what an operation in progress
// needs to resume after a restart.
type Stack struct {
	ID           string    `json:"id"`
	Name         string    `json:"name"`
	Account      string    `json:"account"`
	Region       string    `json:"region"`
	Status       string    `json:"status"`
	StatusReason string    `json:"statusReason,omitempty"`
	Description  string    `json:"description,omitempty"`
	Created      time.Time `json:"created"`
	Updated      time.Time `json:"updated,omitzero"`
	Deleted      time.Time `json:"deleted,omitzero"`

	Template     string                `json:"template"`
	Parameters   []template.StackParam `json:"parameters,omitempty"`
	Capabilities []string              `json:"capabilities,omitempty"`
	Tags         []state.Tag           `json:"tags,omitempty"`
	Outputs      []Output              `json:"outputs,omitempty"`
	// Imports are the export names the stack's template imports.
	Imports []string `json:"imports,omitempty"`

	DisableRollback bool `json:"disableRollback,omitempty"`
	// DeleteOnFailure is CreateStack's OnFailure=DELETE.
	DeleteOnFailure       bool   `json:"deleteOnFailure,omitempty"`
	TerminationProtection bool   `json:"terminationProtection,omitempty"`
	RoleARN               string `json:"roleArn,omitempty"`
	ParentID              string `json:"parentId,omitempty"`
	RootID                string `json:"rootId,omitempty"`

	Resources  map[string]*StackResource `json:"resources"`
	Events     []StackEvent              `json:"events"`
	ChangeSets map[string]*ChangeSet     `json:"changeSets,omitempty"`
	Drift      *DriftDetection           `json:"drift,omitempty"`

	// Previous is the configuration before the update in progress; a
	// rollback returns to it.
	Previous *StackConfig `json:"previous,omitempty"`
	// Op is the operation in progress, nil when the stack is at rest.
	Op *StackOp `json:"op,omitempty"`
}

// StackConfig is what an update changes and a rollback restores.
type StackConfig struct {
	Template   string                `json:"template"`
	Parameters []template.StackParam `json:"parameters,omitempty"`
	Tags       []state.Tag           `json:"tags,omitempty"`
	Outputs    []Output              `json:"outputs,omitempty"`
}

// Output is a stack output after evaluation.
type Output struct {
	Key         string `json:"key"`
	Value       string `json:"value"`
	Description string `json:"description,omitempty"`
	ExportName  string `json:"exportName,omitempty"`
}

// Export is a named output other stacks can import.
type Export struct {
	Name    string `json:"name"`
	Value   string `json:"value"`
	StackID string `json:"stackId"`
}

// StackResource is one provisioned (or provisioning) resource.
type StackResource struct {
	LogicalID           string         `json:"logicalId"`
	Type                string         `json:"type"`
	PhysicalID          string         `json:"physicalId,omitempty"`
	Status              string         `json:"status"`
	StatusReason        string         `json:"statusReason,omitempty"`
	Updated             time.Time      `json:"updated"`
	Properties          map[string]any `json:"properties,omitempty"`
	Attributes          map[string]any `json:"attributes,omitempty"`
	DeletionPolicy      string         `json:"deletionPolicy,omitempty"`
	UpdateReplacePolicy string         `json:"updateReplacePolicy,omitempty"`
	// Before is the resource as it was before the update in progress
	// touched it; nil when untouched or newly added.
	Before *ResourceSnapshot `json:"before,omitempty"`
	// Stale are physical resources to delete in the cleanup phase: the old
	// ones after a replacement, or the new ones after a rollback.
	Stale []ResourceSnapshot `json:"stale,omitempty"`
	// Drift is the result of the last drift detection.
	Drift *ResourceDrift `json:"drift,omitempty"`
	// Pending is the request a custom resource's function has not answered yet.
	Pending *CustomRequest `json:"pending,omitempty"`
}

// ResourceSnapshot is a physical resource's identity and configuration.
type ResourceSnapshot struct {
	PhysicalID string         `json:"physicalId"`
	Properties map[string]any `json:"properties,omitempty"`
	Attributes map[string]any `json:"attributes,omitempty"`
}

// StackEvent is one entry of DescribeStackEvents.
type StackEvent struct {
	ID           string    `json:"id"`
	LogicalID    string    `json:"logicalId"`
	PhysicalID   string    `json:"physicalId,omitempty"`
	Type         string    `json:"type"`
	Status       string    `json:"status"`
	StatusReason string    `json:"statusReason,omitempty"`
	Properties   string    `json:"properties,omitempty"`
	Timestamp    time.Time `json:"timestamp"`
}

// StackOp is the operation a stack is going through.
type StackOp struct {
	// Phase is "provision", "revert", "cleanup" or "delete".
	Phase string `json:"phase"`
	// Started are resources whose provisioning step has begun, with the
	// time it began; Done are finished in this phase.
	Started map[string]time.Time `json:"started,omitempty"`
	Done    map[string]bool      `json:"done,omitempty"`
	// Waiting are resources whose change was issued and which wait on an
	// asynchronous outcome (nested stacks).
	Waiting map[string]bool `json:"waiting,omitempty"`
	// Skip are resources the phase leaves alone (ContinueUpdateRollback's
	// ResourcesToSkip, DeleteStack's RetainResources).
	Skip map[string]bool `json:"skip,omitempty"`
	// Failure is the first resource failure of the phase.
	Failure string `json:"failure,omitempty"`
	// DeleteRequested records a DeleteStack received while the stack was
	// being created or rolled back; the deletion starts when that ends.
	DeleteRequested bool `json:"deleteRequested,omitempty"`
	// ChangeSetID is set when a change set execution started the operation.
	ChangeSetID string `json:"changeSetId,omitempty"`
}

// ChangeSet is a proposed set of changes.
type ChangeSet struct {
	ID              string                `json:"id"`
	Name            string                `json:"name"`
	Type            string                `json:"type"`
	Description     string                `json:"description,omitempty"`
	Status          string                `json:"status"`
	StatusReason    string                `json:"statusReason,omitempty"`
	ExecutionStatus string                `json:"executionStatus"`
	Created         time.Time             `json:"created"`
	Template        string                `json:"template"`
	Parameters      []template.StackParam `json:"parameters,omitempty"`
	Capabilities    []string              `json:"capabilities,omitempty"`
	Tags            []state.Tag           `json:"tags,omitempty"`
	Changes         []Change              `json:"changes,omitempty"`
}

// Change is one resource change of a change set.
type Change struct {
	Action      string         `json:"action"`
	LogicalID   string         `json:"logicalId"`
	PhysicalID  string         `json:"physicalId,omitempty"`
	Type        string         `json:"type"`
	Replacement string         `json:"replacement,omitempty"`
	Scope       []string       `json:"scope,omitempty"`
	Details     []ChangeDetail `json:"details,omitempty"`
}

// ChangeDetail names one changed property.
type ChangeDetail struct {
	Attribute          string `json:"attribute"`
	Name               string `json:"name,omitempty"`
	RequiresRecreation string `json:"requiresRecreation,omitempty"`
	Evaluation         string `json:"evaluation"`
	ChangeSource       string `json:"changeSource,omitempty"`
}

// DriftDetection is the result of the last DetectStackDrift.
type DriftDetection struct {
	ID            string    `json:"id"`
	Status        string    `json:"status"`
	DriftedCount  int       `json:"driftedCount"`
	Timestamp     time.Time `json:"timestamp"`
	DetectionDone bool      `json:"detectionDone"`
}

// ResourceDrift is one resource's drift.
type ResourceDrift struct {
	Status      string               `json:"status"`
	Expected    map[string]any       `json:"expected,omitempty"`
	Actual      map[string]any       `json:"actual,omitempty"`
	Differences []PropertyDifference `json:"differences,omitempty"`
	Timestamp   time.Time            `json:"timestamp"`
}

// PropertyDifference is one drifted property.
type PropertyDifference struct {
	Path     string `json:"path"`
	Expected string `json:"expected"`
	Actual   string `json:"actual"`
	Type     string `json:"type"`
}

// stackArn builds a stack ID.
func stackArn(region, account, name string) string {
	return fmt.Sprintf("arn:%s:cloudformation:%s:%s:stack/%s/%s", wire.Partition(region), region, account, name, wire.NewUUID())
}

// identity is what the stack's pseudo parameters resolve to.
func (s *Stack) identity() template.Identity {
	return template.Identity{Account: s.Account, Region: s.Region, Name: s.Name, ID: s.ID}
}

// inProgress reports whether a status is transitional.
func inProgress(status string) bool {
	return len(status) > 12 && status[len(status)-12:] == "_IN_PROGRESS"
}

// event records a stack event.
func (s *Stack) event(logicalID, physicalID, typ, status, reason string) {
	s.Events = append(s.Events, StackEvent{
		ID: wire.NewUUID(), LogicalID: logicalID, PhysicalID: physicalID, Type: typ,
		Status: status, StatusReason: reason, Timestamp: time.Now().UTC(),
	})
}

// setStatus changes the stack status and records the stack-level event.
func (s *Stack) setStatus(status, reason string) {
	s.Status = status
	s.StatusReason = reason
	s.event(s.Name, s.ID, "AWS::CloudFormation::Stack", status, reason)
}

// resourceEvent sets a resource status and records its event.
func (s *Stack) resourceEvent(r *StackResource, status, reason string) {
	r.Status = status
	r.StatusReason = reason
	r.Updated = time.Now().UTC()
	s.event(r.LogicalID, r.PhysicalID, r.Type, status, reason)
}

// GenericResource is a provisioned object of a type without its own API.
type GenericResource struct {
	Type       string            `json:"type"`
	PhysicalID string            `json:"physicalId"`
	Arn        string            `json:"arn"`
	Properties map[string]any    `json:"properties,omitempty"`
	Tags       map[string]string `json:"tags,omitempty"`
}
