package panther

import (
	"strconv"
	"strings"

	deployv1alpha1 "github.com/panther-operator/panther-operator/api/v1alpha1"
)

// ConfigValues turns the typed configuration into template parameter values, keyed by the
// CloudFormation parameter name, in the text forms the templates take: booleans as "true" or
// "false", numbers in decimal, lists comma-joined. It is the mapping of the original
// panther_config.yml onto the stacks' parameters.
func ConfigValues(cfg deployv1alpha1.PantherConfig) map[string]string {
	boolean := strconv.FormatBool
	number := func(n int32) string { return strconv.FormatInt(int64(n), 10) }
	optionalBool := func(b *bool, def bool) string {
		if b == nil {
			return boolean(def)
		}
		return boolean(*b)
	}
	return map[string]string{
		"AccessLogsBucket":                   cfg.Setup.S3AccessLogsBucket,
		"AlarmTopicArn":                      cfg.Monitoring.AlarmSNSTopicARN,
		"CertificateArn":                     cfg.Web.CertificateArn,
		"CloudSecurityMaxReadCapacity":       number(cfg.CloudSecurity.MaxReadCapacity),
		"CloudSecurityMaxWriteCapacity":      number(cfg.CloudSecurity.MaxWriteCapacity),
		"CloudSecurityMemory":                number(cfg.CloudSecurity.LambdaMemorySize),
		"CloudSecurityMinReadCapacity":       number(cfg.CloudSecurity.MinReadCapacity),
		"CloudSecurityMinWriteCapacity":      number(cfg.CloudSecurity.MinWriteCapacity),
		"CloudWatchLogRetentionDays":         number(cfg.Monitoring.CloudWatchLogRetentionDays),
		"CompanyDisplayName":                 cfg.Company.DisplayName,
		"CompanyEmail":                       cfg.Company.Email,
		"CustomDomain":                       cfg.Web.CustomDomain,
		"DataReplicationBucket":              cfg.Setup.DataReplicationBucket,
		"Debug":                              boolean(cfg.Monitoring.Debug),
		"EnableCloudTrail":                   boolean(cfg.Setup.EnableCloudTrail),
		"EnableGuardDuty":                    boolean(cfg.Setup.EnableGuardDuty),
		"EnableS3AccessLogs":                 optionalBool(cfg.Setup.EnableS3AccessLogs, true),
		"FirstUserEmail":                     cfg.FirstUser.Email,
		"FirstUserFamilyName":                cfg.FirstUser.FamilyName,
		"FirstUserGivenName":                 cfg.FirstUser.GivenName,
		"InitialAnalysisPackUrls":            strings.Join(cfg.Setup.InitialAnalysisSets, ","),
		"KvTableBillingMode":                 cfg.Database.KvTableBillingMode,
		"LayerVersionArns":                   strings.Join(cfg.Analysis.BaseLayerVersionArns, ","),
		"LoadBalancerSecurityGroupCidr":      cfg.Network.LoadBalancerSecurityGroupCidr,
		"LogProcessorLambdaMemorySize":       number(cfg.LogProcessing.LambdaMemorySize),
		"LogProcessorLambdaSQSReadBatchSize": number(cfg.LogProcessing.SQSReadBatchSize),
		"LogSubscriptionPrincipals":          strings.Join(cfg.Setup.LogSubscriptionPrincipalARNs, ","),
		"PythonAssumableRoleArns":            strings.Join(cfg.Analysis.PythonAssumableRoleArns, ","),
		"PythonLayerVersionArn":              cfg.Analysis.PythonLayerVersionArn,
		"PythonManagedPolicyArn":             cfg.Analysis.PythonManagedPolicyArn,
		"SecurityGroupID":                    cfg.Network.SecurityGroupID,
		"SubnetOneID":                        cfg.Network.SubnetOneID,
		"SubnetOneIPRange":                   cfg.Network.SubnetOneIPRange,
		"SubnetTwoID":                        cfg.Network.SubnetTwoID,
		"SubnetTwoIPRange":                   cfg.Network.SubnetTwoIPRange,
		"TracingMode":                        cfg.Monitoring.TracingMode,
		"VpcID":                              cfg.Network.VpcID,
		"WebImage":                           cfg.Web.Image,
	}
}

// OnboardSelf reports whether the configuration wants the onboard stack; unset means yes.
func OnboardSelf(cfg deployv1alpha1.PantherConfig) bool {
	return cfg.Setup.OnboardSelf == nil || *cfg.Setup.OnboardSelf
}
