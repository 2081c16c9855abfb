package panther

import "sort"

// catalog is the data of the nine Panther stacks: the contract between the templates in
// deployments/ and the operator. The template lint checks it against the templates.
var catalog = map[Component]Stack{
	Bootstrap: {
		Component:    Bootstrap,
		Name:         "panther-bootstrap",
		Template:     "bootstrap.yml",
		Capabilities: []string{CapabilityIAM, CapabilityNamedIAM},
		// SourceBucket and ImageRegistryUri exist only in source deployments, for the tooling
		// that uploads code and images; no stack reads them.
		Outputs: []string{
			"AlarmTopicArn", "AnalysisVersionsBucket", "AppsyncServiceRoleArn", "AthenaResultsBucket",
			"AuditLogsBucket", "DynamoScalingRoleArn", "GraphQLApiEndpoint", "GraphQLApiId",
			"ImageRegistryName", "ImageRegistryUri", "InputDataBucket", "InputDataTopicArn",
			"LoadBalancerArn", "LoadBalancerFullName", "LoadBalancerTargetGroup", "LoadBalancerUrl",
			"OutputsEncryptionKeyId", "ProcessedDataBucket", "ProcessedDataTopicArn",
			"QueueEncryptionKeyId", "SourceBucket", "SubnetOneId", "SubnetTwoId", "UserPoolId",
			"WebSecurityGroup",
		},
		Parameters: parameters(
			fromConfig("AccessLogsBucket"),
			fromConfig("AlarmTopicArn"),
			fromConfig("CloudWatchLogRetentionDays"),
			fromConfig("CustomDomain"),
			fromConfig("DataReplicationBucket"),
			fromConfig("Debug"),
			fromComputed(ComputedDeployFromSource),
			fromConfig("EnableS3AccessLogs"),
			fromConfig("LoadBalancerSecurityGroupCidr"),
			fromConfig("LogSubscriptionPrincipals"),
			fromConfig("SecurityGroupID"),
			fromConfig("SubnetOneID"),
			fromConfig("SubnetOneIPRange"),
			fromConfig("SubnetTwoID"),
			fromConfig("SubnetTwoIPRange"),
			fromConfig("TracingMode"),
			fromConfig("VpcID"),
		),
	},
	BootstrapGateway: {
		Component:    BootstrapGateway,
		Name:         "panther-bootstrap-gateway",
		Template:     "bootstrap_gateway.yml",
		Capabilities: []string{CapabilityIAM},
		Needs:        []Component{Bootstrap},
		Outputs:      []string{"AppClientId", "AthenaWorkGroup", "PythonLayerVersionArn"},
		Parameters: parameters(
			fromBootstrap("AlarmTopicArn"),
			fromBootstrap("AthenaResultsBucket"),
			fromBootstrap("AuditLogsBucket"),
			fromConfig("CloudWatchLogRetentionDays"),
			fromConfig("CompanyDisplayName"),
			fromComputed(ComputedCustomResourceVersion),
			fromConfig("Debug"),
			fromBootstrap("ImageRegistryName"),
			fromConfig("LayerVersionArns"),
			fromComputed(ComputedReleaseBucket),
			fromBootstrap("ProcessedDataBucket"),
			fromConfig("PythonLayerVersionArn"),
			renamedFromBootstrap("SqsKeyId", "QueueEncryptionKeyId"),
			fromConfig("TracingMode"),
			fromBootstrap("UserPoolId"),
		),
	},
	Appsync: {
		Component: Appsync,
		Name:      "panther-appsync",
		Template:  "appsync.yml",
		// Its custom resources run in the gateway's function, like every stack's below.
		Needs: []Component{Bootstrap, BootstrapGateway},
		Parameters: parameters(
			fromBootstrap("AlarmTopicArn"),
			renamedFromBootstrap("ApiId", "GraphQLApiId"),
			fromComputed(ComputedCustomResourceVersion),
			renamedFromBootstrap("ServiceRole", "AppsyncServiceRoleArn"),
		),
	},
	CloudSecurity: {
		Component:    CloudSecurity,
		Name:         "panther-cloud-security",
		Template:     "cloud_security.yml",
		Needs:        []Component{Bootstrap, BootstrapGateway},
		Capabilities: []string{CapabilityIAM},
		Parameters: parameters(
			fromBootstrap("AlarmTopicArn"),
			fromConfig("CloudSecurityMaxReadCapacity"),
			fromConfig("CloudSecurityMaxWriteCapacity"),
			fromConfig("CloudSecurityMemory"),
			fromConfig("CloudSecurityMinReadCapacity"),
			fromConfig("CloudSecurityMinWriteCapacity"),
			fromConfig("CloudWatchLogRetentionDays"),
			fromComputed(ComputedCustomResourceVersion),
			fromConfig("Debug"),
			fromBootstrap("DynamoScalingRoleArn"),
			fromBootstrap("InputDataBucket"),
			fromConfig("LayerVersionArns"),
			fromBootstrap("ProcessedDataBucket"),
			fromBootstrap("ProcessedDataTopicArn"),
			fromConfig("PythonAssumableRoleArns"),
			fromGateway("PythonLayerVersionArn"),
			fromConfig("PythonManagedPolicyArn"),
			renamedFromBootstrap("SqsKeyId", "QueueEncryptionKeyId"),
			fromConfig("TracingMode"),
		),
	},
	Core: {
		Component:    Core,
		Name:         "panther-core",
		Template:     "core.yml",
		Capabilities: []string{CapabilityIAM},
		Needs:        []Component{Bootstrap, BootstrapGateway},
		Parameters: parameters(
			fromBootstrap("AlarmTopicArn"),
			fromBootstrap("AnalysisVersionsBucket"),
			renamedFromBootstrap("AppDomainURL", "LoadBalancerUrl"),
			fromConfig("CloudWatchLogRetentionDays"),
			fromConfig("CompanyDisplayName"),
			fromConfig("CompanyEmail"),
			fromComputed(ComputedCustomResourceVersion),
			fromConfig("Debug"),
			fromBootstrap("DynamoScalingRoleArn"),
			fromBootstrap("InputDataBucket"),
			fromBootstrap("InputDataTopicArn"),
			fromConfig("KvTableBillingMode"),
			fromConfig("LayerVersionArns"),
			renamedFromBootstrap("OutputsKeyId", "OutputsEncryptionKeyId"),
			fromComputed(ComputedReleaseBucket),
			fromComputed(ComputedPantherVersion),
			renamedFromBootstrap("SqsKeyId", "QueueEncryptionKeyId"),
			fromConfig("TracingMode"),
			fromBootstrap("UserPoolId"),
		),
	},
	Dashboards: {
		Component: Dashboards,
		Name:      "panther-cw-dashboards",
		Template:  "dashboards.yml",
		// The dashboard needs nothing from other stacks; it waits for the gateway only to keep
		// the original's deploy waves, and deploys without it when the gateway is disabled.
		After: []Component{BootstrapGateway},
	},
	LogAnalysis: {
		Component: LogAnalysis,
		Name:      "panther-log-analysis",
		Template:  "log_analysis.yml",
		// The pipeline's functions call core's analysis and alert APIs.
		Needs:        []Component{Bootstrap, BootstrapGateway, Core},
		Capabilities: []string{CapabilityIAM, CapabilityNamedIAM},
		Parameters: parameters(
			fromBootstrap("AlarmTopicArn"),
			fromBootstrap("AthenaResultsBucket"),
			fromGateway("AthenaWorkGroup"),
			fromConfig("CloudWatchLogRetentionDays"),
			fromComputed(ComputedCustomResourceVersion),
			fromConfig("Debug"),
			fromBootstrap("InputDataBucket"),
			fromBootstrap("InputDataTopicArn"),
			fromConfig("LayerVersionArns"),
			fromConfig("LogProcessorLambdaMemorySize"),
			fromConfig("LogProcessorLambdaSQSReadBatchSize"),
			fromComputed(ComputedReleaseBucket),
			fromBootstrap("ProcessedDataBucket"),
			fromBootstrap("ProcessedDataTopicArn"),
			fromConfig("PythonAssumableRoleArns"),
			fromGateway("PythonLayerVersionArn"),
			fromConfig("PythonManagedPolicyArn"),
			renamedFromBootstrap("SqsKeyId", "QueueEncryptionKeyId"),
			fromConfig("TracingMode"),
		),
	},
	Web: {
		Component: Web,
		Name:      "panther-web",
		Template:  "web_server.yml",
		// The web app's pages call the APIs of core and of cloud security.
		Needs:        []Component{Bootstrap, BootstrapGateway, CloudSecurity, Core},
		Capabilities: []string{CapabilityIAM},
		Parameters: parameters(
			fromBootstrap("AlarmTopicArn"),
			fromGateway("AppClientId"),
			fromConfig("CertificateArn"),
			fromConfig("CloudWatchLogRetentionDays"),
			fromComputed(ComputedCustomResourceVersion),
			renamedFromBootstrap("ElbArn", "LoadBalancerArn"),
			renamedFromBootstrap("ElbFullName", "LoadBalancerFullName"),
			renamedFromBootstrap("ElbTargetGroup", "LoadBalancerTargetGroup"),
			fromConfig("FirstUserEmail"),
			fromConfig("FirstUserFamilyName"),
			fromConfig("FirstUserGivenName"),
			fromBootstrap("GraphQLApiEndpoint"),
			fromConfig("InitialAnalysisPackUrls"),
			fromComputed(ComputedPantherCommit),
			fromComputed(ComputedPantherVersion),
			renamedFromBootstrap("SecurityGroup", "WebSecurityGroup"),
			fromBootstrap("SubnetOneId"),
			fromBootstrap("SubnetTwoId"),
			fromBootstrap("UserPoolId"),
			// config.web.image; empty lets the template name panther-web:<PantherVersion> in
			// the account's own ECR registry.
			fromConfig("WebImage"),
		),
	},
	Onboard: {
		Component: Onboard,
		Name:      "panther-onboard",
		Template:  "onboard.yml",
		// Onboarding registers Panther's own account as a source of cloud security and of
		// log analysis, through core's APIs.
		Needs:        []Component{Bootstrap, BootstrapGateway, CloudSecurity, Core, LogAnalysis},
		Capabilities: []string{CapabilityIAM, CapabilityNamedIAM},
		Parameters: parameters(
			fromBootstrap("AlarmTopicArn"),
			fromBootstrap("AuditLogsBucket"),
			fromComputed(ComputedCustomResourceVersion),
			fromConfig("EnableCloudTrail"),
			fromConfig("EnableGuardDuty"),
			fromConfig("EnableS3AccessLogs"),
		),
	},
}

// The helpers below keep the catalog readable: each parameter on one line.

func fromConfig(name string) Parameter { return Parameter{Name: name, Source: Config(name)} }

func fromComputed(name string) Parameter { return Parameter{Name: name, Source: Computed(name)} }

func fromBootstrap(name string) Parameter {
	return Parameter{Name: name, Source: Output(Bootstrap, name)}
}

func renamedFromBootstrap(name, output string) Parameter {
	return Parameter{Name: name, Source: Output(Bootstrap, output)}
}

func fromGateway(name string) Parameter {
	return Parameter{Name: name, Source: Output(BootstrapGateway, name)}
}

func parameters(ps ...Parameter) []Parameter {
	sort.Slice(ps, func(i, j int) bool { return ps[i].Name < ps[j].Name })
	return ps
}
