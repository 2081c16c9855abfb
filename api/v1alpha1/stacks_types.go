package v1alpha1

import (
	"reflect"
	"slices"
	"strings"
	"sync"
)

// StackSet configures each of the nine Panther stacks. A stack can only be enabled while the
// stacks it needs are enabled, because it reads their outputs or calls their functions. The
// rules below are the stack catalog's needs (internal/panther), one per pair; a test fails
// when they differ from it.
//
// +kubebuilder:validation:XValidation:rule="!(!has(self.bootstrapGateway) || !has(self.bootstrapGateway.enabled) || self.bootstrapGateway.enabled) || (!has(self.bootstrap) || !has(self.bootstrap.enabled) || self.bootstrap.enabled)",message="stacks.bootstrapGateway needs stacks.bootstrap: enable stacks.bootstrap or disable stacks.bootstrapGateway",fieldPath=".bootstrapGateway"
// +kubebuilder:validation:XValidation:rule="!(!has(self.appsync) || !has(self.appsync.enabled) || self.appsync.enabled) || (!has(self.bootstrap) || !has(self.bootstrap.enabled) || self.bootstrap.enabled)",message="stacks.appsync needs stacks.bootstrap: enable stacks.bootstrap or disable stacks.appsync",fieldPath=".appsync"
// +kubebuilder:validation:XValidation:rule="!(!has(self.appsync) || !has(self.appsync.enabled) || self.appsync.enabled) || (!has(self.bootstrapGateway) || !has(self.bootstrapGateway.enabled) || self.bootstrapGateway.enabled)",message="stacks.appsync needs stacks.bootstrapGateway: enable stacks.bootstrapGateway or disable stacks.appsync",fieldPath=".appsync"
// +kubebuilder:validation:XValidation:rule="!(!has(self.cloudSecurity) || !has(self.cloudSecurity.enabled) || self.cloudSecurity.enabled) || (!has(self.bootstrap) || !has(self.bootstrap.enabled) || self.bootstrap.enabled)",message="stacks.cloudSecurity needs stacks.bootstrap: enable stacks.bootstrap or disable stacks.cloudSecurity",fieldPath=".cloudSecurity"
// +kubebuilder:validation:XValidation:rule="!(!has(self.cloudSecurity) || !has(self.cloudSecurity.enabled) || self.cloudSecurity.enabled) || (!has(self.bootstrapGateway) || !has(self.bootstrapGateway.enabled) || self.bootstrapGateway.enabled)",message="stacks.cloudSecurity needs stacks.bootstrapGateway: enable stacks.bootstrapGateway or disable stacks.cloudSecurity",fieldPath=".cloudSecurity"
// +kubebuilder:validation:XValidation:rule="!(!has(self.core) || !has(self.core.enabled) || self.core.enabled) || (!has(self.bootstrap) || !has(self.bootstrap.enabled) || self.bootstrap.enabled)",message="stacks.core needs stacks.bootstrap: enable stacks.bootstrap or disable stacks.core",fieldPath=".core"
// +kubebuilder:validation:XValidation:rule="!(!has(self.core) || !has(self.core.enabled) || self.core.enabled) || (!has(self.bootstrapGateway) || !has(self.bootstrapGateway.enabled) || self.bootstrapGateway.enabled)",message="stacks.core needs stacks.bootstrapGateway: enable stacks.bootstrapGateway or disable stacks.core",fieldPath=".core"
// +kubebuilder:validation:XValidation:rule="!(!has(self.logAnalysis) || !has(self.logAnalysis.enabled) || self.logAnalysis.enabled) || (!has(self.bootstrap) || !has(self.bootstrap.enabled) || self.bootstrap.enabled)",message="stacks.logAnalysis needs stacks.bootstrap: enable stacks.bootstrap or disable stacks.logAnalysis",fieldPath=".logAnalysis"
// +kubebuilder:validation:XValidation:rule="!(!has(self.logAnalysis) || !has(self.logAnalysis.enabled) || self.logAnalysis.enabled) || (!has(self.bootstrapGateway) || !has(self.bootstrapGateway.enabled) || self.bootstrapGateway.enabled)",message="stacks.logAnalysis needs stacks.bootstrapGateway: enable stacks.bootstrapGateway or disable stacks.logAnalysis",fieldPath=".logAnalysis"
// +kubebuilder:validation:XValidation:rule="!(!has(self.logAnalysis) || !has(self.logAnalysis.enabled) || self.logAnalysis.enabled) || (!has(self.core) || !has(self.core.enabled) || self.core.enabled)",message="stacks.logAnalysis needs stacks.core: enable stacks.core or disable stacks.logAnalysis",fieldPath=".logAnalysis"
// +kubebuilder:validation:XValidation:rule="!(!has(self.web) || !has(self.web.enabled) || self.web.enabled) || (!has(self.bootstrap) || !has(self.bootstrap.enabled) || self.bootstrap.enabled)",message="stacks.web needs stacks.bootstrap: enable stacks.bootstrap or disable stacks.web",fieldPath=".web"
// +kubebuilder:validation:XValidation:rule="!(!has(self.web) || !has(self.web.enabled) || self.web.enabled) || (!has(self.bootstrapGateway) || !has(self.bootstrapGateway.enabled) || self.bootstrapGateway.enabled)",message="stacks.web needs stacks.bootstrapGateway: enable stacks.bootstrapGateway or disable stacks.web",fieldPath=".web"
// +kubebuilder:validation:XValidation:rule="!(!has(self.web) || !has(self.web.enabled) || self.web.enabled) || (!has(self.cloudSecurity) || !has(self.cloudSecurity.enabled) || self.cloudSecurity.enabled)",message="stacks.web needs stacks.cloudSecurity: enable stacks.cloudSecurity or disable stacks.web",fieldPath=".web"
// +kubebuilder:validation:XValidation:rule="!(!has(self.web) || !has(self.web.enabled) || self.web.enabled) || (!has(self.core) || !has(self.core.enabled) || self.core.enabled)",message="stacks.web needs stacks.core: enable stacks.core or disable stacks.web",fieldPath=".web"
// +kubebuilder:validation:XValidation:rule="!(!has(self.onboard) || !has(self.onboard.enabled) || self.onboard.enabled) || (!has(self.bootstrap) || !has(self.bootstrap.enabled) || self.bootstrap.enabled)",message="stacks.onboard needs stacks.bootstrap: enable stacks.bootstrap or disable stacks.onboard",fieldPath=".onboard"
// +kubebuilder:validation:XValidation:rule="!(!has(self.onboard) || !has(self.onboard.enabled) || self.onboard.enabled) || (!has(self.bootstrapGateway) || !has(self.bootstrapGateway.enabled) || self.bootstrapGateway.enabled)",message="stacks.onboard needs stacks.bootstrapGateway: enable stacks.bootstrapGateway or disable stacks.onboard",fieldPath=".onboard"
// +kubebuilder:validation:XValidation:rule="!(!has(self.onboard) || !has(self.onboard.enabled) || self.onboard.enabled) || (!has(self.cloudSecurity) || !has(self.cloudSecurity.enabled) || self.cloudSecurity.enabled)",message="stacks.onboard needs stacks.cloudSecurity: enable stacks.cloudSecurity or disable stacks.onboard",fieldPath=".onboard"
// +kubebuilder:validation:XValidation:rule="!(!has(self.onboard) || !has(self.onboard.enabled) || self.onboard.enabled) || (!has(self.core) || !has(self.core.enabled) || self.core.enabled)",message="stacks.onboard needs stacks.core: enable stacks.core or disable stacks.onboard",fieldPath=".onboard"
// +kubebuilder:validation:XValidation:rule="!(!has(self.onboard) || !has(self.onboard.enabled) || self.onboard.enabled) || (!has(self.logAnalysis) || !has(self.logAnalysis.enabled) || self.logAnalysis.enabled)",message="stacks.onboard needs stacks.logAnalysis: enable stacks.logAnalysis or disable stacks.onboard",fieldPath=".onboard"
type StackSet struct {
	// Bootstrap is panther-bootstrap: S3 buckets, KMS keys, the user pool, the GraphQL API,
	// the load balancer, the optional VPC and the SNS topics every other stack builds on.
	// +optional
	// +kubebuilder:default={}
	Bootstrap StackSpec `json:"bootstrap,omitempty"`

	// BootstrapGateway is panther-bootstrap-gateway: the custom-resource function, the
	// Python layer, the Cognito app client and the Athena workgroup.
	// +optional
	// +kubebuilder:default={}
	BootstrapGateway StackSpec `json:"bootstrapGateway,omitempty"`

	// Appsync is panther-appsync: the GraphQL schema, data sources and resolvers.
	// +optional
	// +kubebuilder:default={}
	Appsync StackSpec `json:"appsync,omitempty"`

	// CloudSecurity is panther-cloud-security: the cloud security scanning and policy engine.
	// +optional
	// +kubebuilder:default={}
	CloudSecurity StackSpec `json:"cloudSecurity,omitempty"`

	// Core is panther-core: the core APIs and their tables and queues.
	// +optional
	// +kubebuilder:default={}
	Core StackSpec `json:"core,omitempty"`

	// Dashboards is panther-cw-dashboards: the CloudWatch dashboard.
	// +optional
	// +kubebuilder:default={}
	Dashboards StackSpec `json:"dashboards,omitempty"`

	// LogAnalysis is panther-log-analysis: log processing, the rules engine and alerting.
	// +optional
	// +kubebuilder:default={}
	LogAnalysis StackSpec `json:"logAnalysis,omitempty"`

	// Web is panther-web: the web application on ECS behind the load balancer.
	// +optional
	// +kubebuilder:default={}
	Web StackSpec `json:"web,omitempty"`

	// Onboard is panther-onboard: Panther monitoring its own account. It is also deleted when
	// config.setup.onboardSelf is false.
	// +optional
	// +kubebuilder:default={}
	Onboard StackSpec `json:"onboard,omitempty"`
}

// StackSpec configures one Panther stack.
type StackSpec struct {
	// Enabled deploys the stack; false deletes it (after the stacks that depend on it).
	// +optional
	// +kubebuilder:default=true
	Enabled *bool `json:"enabled,omitempty"`

	// Version pins this stack to another Panther release than spec.version, as a semantic
	// version without a leading v. Not allowed in Root mode.
	// +optional
	// +kubebuilder:validation:MaxLength=64
	// +kubebuilder:validation:XValidation:rule="self.matches('^(0|[1-9][0-9]*)[.](0|[1-9][0-9]*)[.](0|[1-9][0-9]*)(-[0-9A-Za-z-]+([.][0-9A-Za-z-]+)*)?([+][0-9A-Za-z-]+([.][0-9A-Za-z-]+)*)?$')",message="stack version must be a semantic version without a leading v, e.g. 1.16.1"
	Version string `json:"version,omitempty"`

	// Parameters sets template parameters of this stack by name. They win over the values the
	// operator computes from config and over parametersFrom. The names must be parameters the
	// stack's template declares.
	// +optional
	// +kubebuilder:validation:MaxProperties=64
	// +kubebuilder:validation:XValidation:rule="self.all(k, size(k) <= 255 && k.matches('^[A-Za-z0-9]+$'))",message="parameter names must be alphanumeric (^[A-Za-z0-9]+$), like the template parameter they set, e.g. LogProcessorLambdaMemorySize"
	// +kubebuilder:validation:XValidation:rule="self.all(k, size(self[k]) <= 4096)",message="parameter values must be at most 4096 characters"
	Parameters map[string]string `json:"parameters,omitempty"`

	// TerminationProtection turns on CloudFormation termination protection for the stack.
	// While any stack has it, deleting the PantherDeployment is refused (Stalled, reason
	// TerminationProtected) until it is turned off.
	// +optional
	TerminationProtection bool `json:"terminationProtection,omitempty"`

	// AllowReplacement lists the logical IDs of stateful resources in this stack's template
	// (for example AlertsTable) that an update may replace or remove.
	//
	// Before it executes a change set, the operator reads every change in it (in Root mode
	// also the changes of the nested stack of this component). A change set that would
	// replace (Replacement True or Conditional) or remove a DynamoDB table, an S3 bucket, a
	// Cognito user pool, a KMS key, or a log group whose template declares RetentionInDays is
	// not executed: the deployment stalls with reason StatefulReplacement and the change set
	// is kept for review (its name is in status.stacks[].pendingChange).
	//
	// Listing a logical ID here lets such a change run. What it risks: a replaced table,
	// bucket or log group is a new, empty resource and CloudFormation deletes the old one
	// with its data (unless the resource's DeletionPolicy or UpdateReplacePolicy retains it);
	// a replaced user pool loses every user and password; a replaced or removed KMS key is
	// scheduled for deletion, and whatever it encrypted becomes unreadable once it is gone.
	// Remove the entry again after the update, so that a later release cannot replace the
	// resource unnoticed. The list does not enter the stack's desired state: adding an entry
	// executes the change set that was held, without making a new one.
	// +optional
	// +listType=set
	// +kubebuilder:validation:MaxItems=64
	// +kubebuilder:validation:items:MaxLength=255
	// +kubebuilder:validation:XValidation:rule="self.all(id, id.matches('^[A-Za-z0-9]+$'))",message="allowReplacement holds template logical IDs, which are alphanumeric (^[A-Za-z0-9]+$, at most 255 characters), e.g. AlertsTable"
	AllowReplacement []string `json:"allowReplacement,omitempty"`

	// FunctionOverrides pins Lambda functions of this stack to code other than the release's:
	// each entry maps a function name (e.g. panther-log-processor) to the CodeSha256 Lambda
	// reports for the code it should keep (the base64 SHA-256 that `pantherctl dev
	// push-function` prints). A pinned function running that code is reported Pinned in
	// status.functionCode and left alone; without an entry, a function whose code differs from
	// the release's (after a push) is reported Drifted and the next deploy restores the
	// release's code.
	//
	// What it risks: a pinned function runs code that no release describes and no deploy
	// checks, possibly built from a source tree nobody else has; it stays so across releases
	// until the entry is removed, and a later release's changes to that function do not reach
	// it while its template is unchanged. Remove the entry to return to the release's code
	// on the next deploy. Ignored in Root mode, where the operator does not compare functions.
	// +optional
	// +kubebuilder:validation:MaxProperties=16
	// +kubebuilder:validation:XValidation:rule="self.all(k, size(k) <= 64 && k.matches('^panther-[a-z0-9-]+$'))",message="functionOverrides keys are Panther function names (^panther-[a-z0-9-]+$, at most 64 characters), e.g. panther-log-processor"
	// +kubebuilder:validation:XValidation:rule="self.all(k, self[k].matches('^[A-Za-z0-9+/]{43}=$'))",message="functionOverrides values are a function's CodeSha256 as Lambda reports it: 44 characters of base64 ending in =, as printed by pantherctl dev push-function"
	FunctionOverrides map[string]CodeSHA256 `json:"functionOverrides,omitempty"`
}

// CodeSHA256 is a Lambda function's CodeSha256: the base64 of its package's SHA-256.
// +kubebuilder:validation:MaxLength=44
type CodeSHA256 string

// AllowsReplacement reports whether the stack's spec lets an update replace or remove the
// resource with this logical ID.
func (s StackSpec) AllowsReplacement(logicalID string) bool {
	return slices.Contains(s.AllowReplacement, logicalID)
}

// IsEnabled reports whether the stack is enabled; an unset Enabled means enabled.
func (s StackSpec) IsEnabled() bool {
	return s.Enabled == nil || *s.Enabled
}

// Stack returns the spec of the stack whose field is named name in JSON (for example
// "logAnalysis"), and whether StackSet has such a field. It reads the field by its JSON name
// so that the stack catalog's component names are the only list of stacks.
func (s StackSet) Stack(name string) (StackSpec, bool) {
	i, ok := stackFields()[name]
	if !ok {
		return StackSpec{}, false
	}
	return reflect.ValueOf(s).Field(i).Interface().(StackSpec), true
}

// StackNames lists the JSON names of StackSet's fields, in declaration order.
func StackNames() []string {
	t := reflect.TypeFor[StackSet]()
	names := make([]string, 0, t.NumField())
	for i := range t.NumField() {
		names = append(names, jsonName(t.Field(i)))
	}
	return names
}

var stackFields = sync.OnceValue(func() map[string]int {
	t := reflect.TypeFor[StackSet]()
	fields := make(map[string]int, t.NumField())
	for i := range t.NumField() {
		fields[jsonName(t.Field(i))] = i
	}
	return fields
})

func jsonName(f reflect.StructField) string {
	name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
	return name
}
