package panther

// The root template nests all nine stacks in one, for deployments in Root mode (the
// original's master template).
const (
	// RootTemplate is the file name of the root template.
	RootTemplate = "root.yml"
	// RootStackName is the default name of the root stack.
	RootStackName = "panther"
)

// RootCapabilities returns what the root stack needs acknowledged: everything its nested
// stacks need, plus nested-stack expansion.
func RootCapabilities() []string {
	return []string{CapabilityAutoExpand, CapabilityIAM, CapabilityNamedIAM}
}

// rootParameters wires the root template's parameters. They share the config keys of the
// nested stacks' parameters; two kept the original's longer names, and two choose which
// nested stacks exist at all.
var rootParameters = parameters(
	Parameter{Name: "AccessLogsBucketName", Source: Config("AccessLogsBucket")},
	fromConfig("AlarmTopicArn"),
	// BootstrapStackOnly true removes every nested stack but bootstrap.
	fromConfig("BootstrapStackOnly"),
	fromConfig("CertificateArn"),
	fromConfig("CloudSecurityMaxReadCapacity"),
	fromConfig("CloudSecurityMaxWriteCapacity"),
	fromConfig("CloudSecurityMemory"),
	fromConfig("CloudSecurityMinReadCapacity"),
	fromConfig("CloudSecurityMinWriteCapacity"),
	fromConfig("CloudWatchLogRetentionDays"),
	fromConfig("CompanyDisplayName"),
	fromConfig("CustomDomain"),
	Parameter{Name: "DataReplicationBucketName", Source: Config("DataReplicationBucket")},
	fromConfig("Debug"),
	fromConfig("EnableCloudTrail"),
	fromConfig("EnableGuardDuty"),
	fromConfig("EnableS3AccessLogs"),
	fromConfig("FirstUserEmail"),
	fromConfig("FirstUserFamilyName"),
	fromConfig("FirstUserGivenName"),
	fromConfig("InitialAnalysisPackUrls"),
	fromConfig("KvTableBillingMode"),
	fromConfig("LayerVersionArns"),
	fromConfig("LoadBalancerSecurityGroupCidr"),
	fromConfig("LogProcessorLambdaMemorySize"),
	fromConfig("LogProcessorLambdaSQSReadBatchSize"),
	fromConfig("LogSubscriptionPrincipals"),
	// OnboardSelf false leaves out the onboard stack.
	fromConfig("OnboardSelf"),
	fromConfig("PythonAssumableRoleArns"),
	fromConfig("PythonLayerVersionArn"),
	fromConfig("PythonManagedPolicyArn"),
	fromConfig("SecurityGroupID"),
	fromConfig("SubnetOneID"),
	fromConfig("SubnetOneIPRange"),
	fromConfig("SubnetTwoID"),
	fromConfig("SubnetTwoIPRange"),
	fromConfig("TracingMode"),
	fromConfig("VpcID"),
	fromConfig("WebImage"),
)

// RootStack returns the catalog entry of the root template. Its Component is empty: it is
// not one of the nine components, and it takes its values from config only.
func RootStack() Stack {
	return Stack{
		Name:         RootStackName,
		Template:     RootTemplate,
		Capabilities: RootCapabilities(),
		Parameters:   append([]Parameter(nil), rootParameters...),
	}
}

// BuildRootParameters returns the full parameter map of the root stack, like BuildParameters
// does for one of the nine stacks. The root template's version and commit are part of the
// release, so it takes no computed values.
func BuildRootParameters(in Inputs) (map[string]string, error) {
	return buildParameters(RootStack(), in)
}
