package v1alpha1

// PantherConfig holds every setting of the original panther_config.yml, typed and validated.
// Defaults are Panther's own. Each field names the template parameter it becomes.
type PantherConfig struct {
	// Company describes the organisation running Panther.
	// +optional
	// +kubebuilder:default={}
	Company CompanyConfig `json:"company,omitempty"`

	// FirstUser is invited as the first Panther administrator when the web stack is created.
	// +optional
	// +kubebuilder:default={}
	FirstUser FirstUserConfig `json:"firstUser,omitempty"`

	// Monitoring configures alarms, logs, debugging and tracing.
	// +optional
	// +kubebuilder:default={}
	Monitoring MonitoringConfig `json:"monitoring,omitempty"`

	// Network places the load balancer and the web application. Leave vpcID empty to let
	// Panther create its own VPC.
	// +optional
	// +kubebuilder:default={}
	Network NetworkConfig `json:"network,omitempty"`

	// Web configures the web application's domain and certificate.
	// +optional
	// +kubebuilder:default={}
	Web WebConfig `json:"web,omitempty"`

	// Setup configures account onboarding, access logs and data replication.
	// +optional
	// +kubebuilder:default={}
	Setup SetupConfig `json:"setup,omitempty"`

	// LogProcessing sizes the log processor.
	// +optional
	// +kubebuilder:default={}
	LogProcessing LogProcessingConfig `json:"logProcessing,omitempty"`

	// Analysis configures the Python analysis engines (rules and policies).
	// +optional
	// +kubebuilder:default={}
	Analysis AnalysisConfig `json:"analysis,omitempty"`

	// CloudSecurity sizes the cloud security functions and tables.
	// +optional
	// +kubebuilder:default={}
	CloudSecurity CloudSecurityConfig `json:"cloudSecurity,omitempty"`

	// Database configures the DynamoDB tables.
	// +optional
	// +kubebuilder:default={}
	Database DatabaseConfig `json:"database,omitempty"`
}

// CompanyConfig describes the organisation running Panther.
type CompanyConfig struct {
	// DisplayName is shown in the web application and in alarm descriptions
	// (CompanyDisplayName).
	// +optional
	// +kubebuilder:default=AwesomeCo
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=128
	DisplayName string `json:"displayName,omitempty"`

	// Email is the company contact address (CompanyEmail).
	// +optional
	// +kubebuilder:validation:MaxLength=254
	// +kubebuilder:validation:XValidation:rule="self == '' || self.matches('^[^@\\\\s]+@[^@\\\\s]+[.][^@\\\\s]+$')",message="company.email must be an e-mail address such as secops@example.com"
	Email string `json:"email,omitempty"`
}

// FirstUserConfig is the first Panther administrator.
type FirstUserConfig struct {
	// GivenName of the first user (FirstUserGivenName).
	// +optional
	// +kubebuilder:default=PantherUser
	// +kubebuilder:validation:MaxLength=128
	GivenName string `json:"givenName,omitempty"`

	// FamilyName of the first user (FirstUserFamilyName).
	// +optional
	// +kubebuilder:default=Community
	// +kubebuilder:validation:MaxLength=128
	FamilyName string `json:"familyName,omitempty"`

	// Email of the first user, who receives the invitation (FirstUserEmail). When empty no
	// user is invited.
	// +optional
	// +kubebuilder:validation:MaxLength=254
	// +kubebuilder:validation:XValidation:rule="self == '' || self.matches('^[^@\\\\s]+@[^@\\\\s]+[.][^@\\\\s]+$')",message="firstUser.email must be an e-mail address such as ada@example.com"
	Email string `json:"email,omitempty"`
}

// MonitoringConfig configures alarms, logs, debugging and tracing.
type MonitoringConfig struct {
	// AlarmSNSTopicARN receives Panther's CloudWatch alarms (AlarmTopicArn). When empty,
	// Panther creates the topic panther-cw-alarms.
	// +optional
	// +kubebuilder:validation:MaxLength=2048
	// +kubebuilder:validation:XValidation:rule="self == '' || self.matches('^arn:aws(-cn|-us-gov)?:sns:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]{1,256}$')",message="monitoring.alarmSNSTopicARN must be an SNS topic ARN such as arn:aws:sns:us-east-1:123456789012:alarms"
	AlarmSNSTopicARN string `json:"alarmSNSTopicARN,omitempty"`

	// CloudWatchLogRetentionDays is the retention of every Panther log group, one of the
	// values CloudWatch Logs accepts (CloudWatchLogRetentionDays).
	// +optional
	// +kubebuilder:default=365
	// +kubebuilder:validation:Enum=1;3;5;7;14;30;60;90;120;150;180;365;400;545;731;1096;1827;2192;2557;2922;3288;3653
	CloudWatchLogRetentionDays int32 `json:"cloudWatchLogRetentionDays,omitempty"`

	// Debug turns on debug logging in every Panther function (Debug).
	// +optional
	Debug bool `json:"debug,omitempty"`

	// TracingMode turns on AWS X-Ray tracing: empty (off), Active or PassThrough (TracingMode).
	// +optional
	// +kubebuilder:validation:Enum="";Active;PassThrough
	TracingMode string `json:"tracingMode,omitempty"`
}

// NetworkConfig places the load balancer and the web application.
//
// +kubebuilder:validation:XValidation:rule="!has(self.vpcID) || size(self.vpcID) == 0 || (has(self.securityGroupID) && size(self.securityGroupID) > 0 && has(self.subnetOneID) && size(self.subnetOneID) > 0 && has(self.subnetTwoID) && size(self.subnetTwoID) > 0)",message="network.vpcID needs network.securityGroupID, network.subnetOneID and network.subnetTwoID: set all four, or leave vpcID empty to let Panther create its VPC",fieldPath=".vpcID"
type NetworkConfig struct {
	// VpcID is an existing VPC for Panther (VpcID). When set, the load balancer is internal.
	// +optional
	// +kubebuilder:validation:MaxLength=64
	// +kubebuilder:validation:XValidation:rule="self == '' || self.matches('^vpc-[0-9a-f]{8,17}$')",message="network.vpcID must be a VPC ID such as vpc-0123456789abcdef0"
	VpcID string `json:"vpcID,omitempty"`

	// SecurityGroupID is the load balancer's security group in vpcID (SecurityGroupID).
	// +optional
	// +kubebuilder:validation:MaxLength=64
	// +kubebuilder:validation:XValidation:rule="self == '' || self.matches('^sg-[0-9a-f]{8,17}$')",message="network.securityGroupID must be a security group ID such as sg-0123456789abcdef0"
	SecurityGroupID string `json:"securityGroupID,omitempty"`

	// SubnetOneID is the first subnet in vpcID (SubnetOneID).
	// +optional
	// +kubebuilder:validation:MaxLength=64
	// +kubebuilder:validation:XValidation:rule="self == '' || self.matches('^subnet-[0-9a-f]{8,17}$')",message="network.subnetOneID must be a subnet ID such as subnet-0123456789abcdef0"
	SubnetOneID string `json:"subnetOneID,omitempty"`

	// SubnetTwoID is the second subnet in vpcID (SubnetTwoID).
	// +optional
	// +kubebuilder:validation:MaxLength=64
	// +kubebuilder:validation:XValidation:rule="self == '' || self.matches('^subnet-[0-9a-f]{8,17}$')",message="network.subnetTwoID must be a subnet ID such as subnet-0123456789abcdef0"
	SubnetTwoID string `json:"subnetTwoID,omitempty"`

	// SubnetOneIPRange is the IPv4 CIDR of the first subnet Panther creates (SubnetOneIPRange).
	// +optional
	// +kubebuilder:default="172.31.250.0/26"
	// +kubebuilder:validation:MaxLength=18
	// +kubebuilder:validation:XValidation:rule="isCIDR(self) && cidr(self).ip().family() == 4",message="network.subnetOneIPRange must be an IPv4 CIDR such as 172.31.250.0/26"
	SubnetOneIPRange string `json:"subnetOneIPRange,omitempty"`

	// SubnetTwoIPRange is the IPv4 CIDR of the second subnet Panther creates (SubnetTwoIPRange).
	// +optional
	// +kubebuilder:default="172.31.251.0/26"
	// +kubebuilder:validation:MaxLength=18
	// +kubebuilder:validation:XValidation:rule="isCIDR(self) && cidr(self).ip().family() == 4",message="network.subnetTwoIPRange must be an IPv4 CIDR such as 172.31.251.0/26"
	SubnetTwoIPRange string `json:"subnetTwoIPRange,omitempty"`

	// LoadBalancerSecurityGroupCidr is the IPv4 CIDR allowed to reach the web application
	// (LoadBalancerSecurityGroupCidr).
	// +optional
	// +kubebuilder:default="0.0.0.0/0"
	// +kubebuilder:validation:MaxLength=18
	// +kubebuilder:validation:XValidation:rule="isCIDR(self) && cidr(self).ip().family() == 4",message="network.loadBalancerSecurityGroupCidr must be an IPv4 CIDR such as 0.0.0.0/0 or 10.0.0.0/8"
	LoadBalancerSecurityGroupCidr string `json:"loadBalancerSecurityGroupCidr,omitempty"`
}

// WebConfig configures the web application's domain, certificate and image.
type WebConfig struct {
	// CertificateArn is the ACM or IAM server certificate of the HTTPS listener
	// (CertificateArn). When empty, the load balancer serves the app over plain HTTP on port 80.
	// +optional
	// +kubebuilder:validation:MaxLength=2048
	// +kubebuilder:validation:XValidation:rule="self == '' || self.matches('^arn:aws(-cn|-us-gov)?:(acm:[a-z0-9-]+:[0-9]{12}:certificate/[A-Za-z0-9-]+|iam::[0-9]{12}:server-certificate/[A-Za-z0-9+=,.@_/-]+)$')",message="web.certificateArn must be an ACM certificate ARN (arn:aws:acm:REGION:ACCOUNT:certificate/ID) or an IAM server certificate ARN"
	CertificateArn string `json:"certificateArn,omitempty"`

	// CustomDomain is the fully qualified domain users reach Panther at (CustomDomain).
	// +optional
	// +kubebuilder:validation:MaxLength=253
	// +kubebuilder:validation:XValidation:rule="self == '' || self.matches('^([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?[.])+[a-z]{2,63}$')",message="web.customDomain must be a lower-case fully qualified domain name such as panther.example.com"
	CustomDomain string `json:"customDomain,omitempty"`

	// Image is the container image of the web application (WebImage): a full reference with
	// a tag or a digest, such as 123456789012.dkr.ecr.us-east-1.amazonaws.com/panther-web:1.16.0.
	// When empty, the web stack runs panther-web:<version> from the ECR registry of the
	// deployment's own account and region, so an upgrade moves to the new release's image.
	// A reference set here stays as it is across upgrades.
	// +optional
	// +kubebuilder:validation:MaxLength=255
	// +kubebuilder:validation:XValidation:rule="self == '' || self.matches('^([a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?([.][a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?)*(:[0-9]{1,5})?/)?[a-z0-9]+([._-]+[a-z0-9]+)*(/[a-z0-9]+([._-]+[a-z0-9]+)*)*(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}(@sha256:[0-9a-f]{64})?|@sha256:[0-9a-f]{64})$')",message="web.image must be an image reference with a tag or a digest, such as registry.example.com/panther-web:1.16.0"
	Image string `json:"image,omitempty"`
}

// SetupConfig configures account onboarding, access logs and data replication.
type SetupConfig struct {
	// OnboardSelf makes Panther monitor its own account (the panther-onboard stack). False
	// deletes that stack.
	// +optional
	// +kubebuilder:default=true
	OnboardSelf *bool `json:"onboardSelf,omitempty"`

	// EnableS3AccessLogs turns on S3 access logging of the Panther buckets
	// (EnableS3AccessLogs).
	// +optional
	// +kubebuilder:default=true
	EnableS3AccessLogs *bool `json:"enableS3AccessLogs,omitempty"`

	// EnableCloudTrail creates a CloudTrail trail for Panther to analyse (EnableCloudTrail).
	// +optional
	EnableCloudTrail bool `json:"enableCloudTrail,omitempty"`

	// EnableGuardDuty creates a GuardDuty detector for Panther to analyse (EnableGuardDuty).
	// +optional
	EnableGuardDuty bool `json:"enableGuardDuty,omitempty"`

	// S3AccessLogsBucket receives the Panther buckets' access logs (AccessLogsBucket). When
	// empty, Panther creates its own audit bucket for them.
	// +optional
	// +kubebuilder:validation:MaxLength=63
	// +kubebuilder:validation:XValidation:rule="self == '' || (self.matches('^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$') && !self.contains('..'))",message="setup.s3AccessLogsBucket must be an S3 bucket name (not an ARN), e.g. my-access-logs"
	S3AccessLogsBucket string `json:"s3AccessLogsBucket,omitempty"`

	// DataReplicationBucket is the ARN of a bucket that receives a copy of the processed data
	// (DataReplicationBucket).
	// +optional
	// +kubebuilder:validation:MaxLength=2048
	// +kubebuilder:validation:XValidation:rule="self == '' || self.matches('^arn:aws(-cn|-us-gov)?:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$')",message="setup.dataReplicationBucket must be an S3 bucket ARN such as arn:aws:s3:::my-replica"
	DataReplicationBucket string `json:"dataReplicationBucket,omitempty"`

	// InitialAnalysisSets are the URLs of the analysis packs loaded on first deploy
	// (InitialAnalysisPackUrls).
	// +optional
	// +listType=atomic
	// +kubebuilder:validation:MaxItems=16
	// +kubebuilder:validation:items:MaxLength=2048
	// +kubebuilder:validation:XValidation:rule="self.all(u, u.matches('^https://[^\\\\s,]+$'))",message="setup.initialAnalysisSets entries must be https:// URLs without commas"
	InitialAnalysisSets []string `json:"initialAnalysisSets,omitempty"`

	// LogSubscriptionPrincipalARNs may subscribe to the processed-data topic
	// (LogSubscriptionPrincipals).
	// +optional
	// +listType=atomic
	// +kubebuilder:validation:MaxItems=32
	// +kubebuilder:validation:items:MaxLength=2048
	// +kubebuilder:validation:XValidation:rule="self.all(a, a.matches('^arn:aws(-cn|-us-gov)?:iam::[0-9]{12}:(root|(user|role)/[A-Za-z0-9+=,.@_/-]+)$'))",message="setup.logSubscriptionPrincipalARNs entries must be IAM principal ARNs such as arn:aws:iam::123456789012:root"
	LogSubscriptionPrincipalARNs []string `json:"logSubscriptionPrincipalARNs,omitempty"`
}

// LogProcessingConfig sizes the log processor.
type LogProcessingConfig struct {
	// LambdaMemorySize is the log processor's memory in MB, 256 to 10240
	// (LogProcessorLambdaMemorySize).
	// +optional
	// +kubebuilder:default=1024
	// +kubebuilder:validation:Minimum=256
	// +kubebuilder:validation:Maximum=10240
	LambdaMemorySize int32 `json:"lambdaMemorySize,omitempty"`

	// SQSReadBatchSize is how many messages the log processor reads at once, 1 to 10
	// (LogProcessorLambdaSQSReadBatchSize).
	// +optional
	// +kubebuilder:default=10
	// +kubebuilder:validation:Minimum=1
	// +kubebuilder:validation:Maximum=10
	SQSReadBatchSize int32 `json:"sqsReadBatchSize,omitempty"`
}

// AnalysisConfig configures the Python analysis engines and the layers of every function.
type AnalysisConfig struct {
	// BaseLayerVersionArns are Lambda layer version ARNs added to every Panther function, at
	// most 3 (LayerVersionArns).
	// +optional
	// +listType=atomic
	// +kubebuilder:validation:MaxItems=3
	// +kubebuilder:validation:items:MaxLength=2048
	// +kubebuilder:validation:XValidation:rule="self.all(a, a.matches('^arn:aws(-cn|-us-gov)?:lambda:[a-z0-9-]+:[0-9]{12}:layer:[A-Za-z0-9_-]+:[0-9]+$'))",message="analysis.baseLayerVersionArns entries must be versioned Lambda layer ARNs such as arn:aws:lambda:us-east-1:123456789012:layer:my-layer:3"
	BaseLayerVersionArns []string `json:"baseLayerVersionArns,omitempty"`

	// PythonLayerVersionArn replaces the Python layer Panther builds for the engines
	// (PythonLayerVersionArn).
	// +optional
	// +kubebuilder:validation:MaxLength=2048
	// +kubebuilder:validation:XValidation:rule="self == '' || self.matches('^arn:aws(-cn|-us-gov)?:lambda:[a-z0-9-]+:[0-9]{12}:layer:[A-Za-z0-9_-]+:[0-9]+$')",message="analysis.pythonLayerVersionArn must be a versioned Lambda layer ARN such as arn:aws:lambda:us-east-1:123456789012:layer:my-layer:3"
	PythonLayerVersionArn string `json:"pythonLayerVersionArn,omitempty"`

	// PythonManagedPolicyArn is attached to the engines' roles (PythonManagedPolicyArn).
	// +optional
	// +kubebuilder:validation:MaxLength=2048
	// +kubebuilder:validation:XValidation:rule="self == '' || self.matches('^arn:aws(-cn|-us-gov)?:iam::([0-9]{12}|aws):policy/[A-Za-z0-9+=,.@_/-]+$')",message="analysis.pythonManagedPolicyArn must be an IAM managed policy ARN such as arn:aws:iam::123456789012:policy/PantherEngine"
	PythonManagedPolicyArn string `json:"pythonManagedPolicyArn,omitempty"`

	// PythonAssumableRoleArns are roles the engines may assume (PythonAssumableRoleArns).
	// +optional
	// +listType=atomic
	// +kubebuilder:validation:MaxItems=32
	// +kubebuilder:validation:items:MaxLength=2048
	// +kubebuilder:validation:XValidation:rule="self.all(a, a.matches('^arn:aws(-cn|-us-gov)?:iam::[0-9]{12}:role/[A-Za-z0-9+=,.@_/*-]+$'))",message="analysis.pythonAssumableRoleArns entries must be IAM role ARNs such as arn:aws:iam::123456789012:role/Reader"
	PythonAssumableRoleArns []string `json:"pythonAssumableRoleArns,omitempty"`

	// PipLayer lists the pip requirements of the Python layer Panther builds, as name==version.
	// +optional
	// +listType=atomic
	// +kubebuilder:default={"jsonpath-ng==1.5.2","policyuniverse==1.3.2.2","requests==2.23.0"}
	// +kubebuilder:validation:MaxItems=64
	// +kubebuilder:validation:items:MaxLength=256
	// +kubebuilder:validation:XValidation:rule="self.all(p, p.matches('^[A-Za-z0-9][A-Za-z0-9._-]*(==[A-Za-z0-9.*+!-]+)?$'))",message="analysis.pipLayer entries must be pip requirements such as requests==2.23.0"
	PipLayer []string `json:"pipLayer,omitempty"`
}

// CloudSecurityConfig sizes the cloud security functions and tables.
//
// +kubebuilder:validation:XValidation:rule="(has(self.minReadCapacity) ? self.minReadCapacity : 0) <= (has(self.maxReadCapacity) ? self.maxReadCapacity : 0) && (has(self.minWriteCapacity) ? self.minWriteCapacity : 0) <= (has(self.maxWriteCapacity) ? self.maxWriteCapacity : 0)",message="cloudSecurity min capacities must not exceed the max capacities: raise maxReadCapacity/maxWriteCapacity or lower the minimums"
type CloudSecurityConfig struct {
	// LambdaMemorySize is the memory in MB of the compliance and resources APIs, 256 to 2048
	// (CloudSecurityMemory).
	// +optional
	// +kubebuilder:default=512
	// +kubebuilder:validation:Minimum=256
	// +kubebuilder:validation:Maximum=2048
	LambdaMemorySize int32 `json:"lambdaMemorySize,omitempty"`

	// MinReadCapacity of the compliance and resources tables (CloudSecurityMinReadCapacity).
	// +optional
	// +kubebuilder:default=0
	// +kubebuilder:validation:Minimum=0
	// +kubebuilder:validation:Maximum=40000
	MinReadCapacity int32 `json:"minReadCapacity"`

	// MaxReadCapacity of those tables; above 0 they switch to provisioned billing with
	// autoscaling (CloudSecurityMaxReadCapacity).
	// +optional
	// +kubebuilder:default=0
	// +kubebuilder:validation:Minimum=0
	// +kubebuilder:validation:Maximum=40000
	MaxReadCapacity int32 `json:"maxReadCapacity"`

	// MinWriteCapacity of those tables (CloudSecurityMinWriteCapacity).
	// +optional
	// +kubebuilder:default=0
	// +kubebuilder:validation:Minimum=0
	// +kubebuilder:validation:Maximum=40000
	MinWriteCapacity int32 `json:"minWriteCapacity"`

	// MaxWriteCapacity of those tables (CloudSecurityMaxWriteCapacity).
	// +optional
	// +kubebuilder:default=0
	// +kubebuilder:validation:Minimum=0
	// +kubebuilder:validation:Maximum=40000
	MaxWriteCapacity int32 `json:"maxWriteCapacity"`
}

// DatabaseConfig configures the DynamoDB tables.
type DatabaseConfig struct {
	// KvTableBillingMode is the billing mode of the panther-kv-store table
	// (KvTableBillingMode).
	// +optional
	// +kubebuilder:default=PAY_PER_REQUEST
	// +kubebuilder:validation:Enum=PAY_PER_REQUEST;PROVISIONED
	KvTableBillingMode string `json:"kvTableBillingMode,omitempty"`
}
