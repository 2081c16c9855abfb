package v1alpha1_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/yaml"

	deployv1alpha1 "github.com/panther-operator/panther-operator/api/v1alpha1"
	"github.com/panther-operator/panther-operator/internal/panther"
	"github.com/panther-operator/panther-operator/internal/testenv"
)

// validSpec is a complete, valid spec; each bad case merges a small change into it.
const validSpec = `
region: us-east-1
accountID: "123456789012"
version: "1.16.0"
release: {bucket: panther-releases}
stacks:
  logAnalysis: {version: "1.16.1", parameters: {LogProcessorLambdaMemorySize: "2048"}}
  core: {terminationProtection: true}
config:
  company: {displayName: AwesomeCo, email: secops@example.com}
  firstUser: {givenName: Ada, familyName: Lovelace, email: ada@example.com}
  monitoring: {cloudWatchLogRetentionDays: 365, alarmSNSTopicARN: "arn:aws:sns:us-east-1:123456789012:alarms"}
  network: {loadBalancerSecurityGroupCidr: 10.0.0.0/8}
  web: {customDomain: panther.example.com, image: 123456789012.dkr.ecr.us-east-1.amazonaws.com/panther-web:1.16.0}
parametersFrom:
- {kind: Secret, name: panther-params}
credentials:
  roleARN: arn:aws:iam::123456789012:role/PantherDeploymentRole
  externalIDSecretRef: {name: panther-external-id}
cloudFormationRoleARN: arn:aws:iam::123456789012:role/PantherCloudFormationRole
tags: {team: secops}
driftDetection: {interval: 30m}
`

var nameSeq atomic.Int64

// newDeployment builds a PantherDeployment from validSpec with patch (YAML, a JSON merge
// patch: null removes a field) merged into its spec.
func newDeployment(patch string) *unstructured.Unstructured {
	spec := yamlMap(validSpec)
	if patch != "" {
		spec = mergePatch(spec, yamlMap(patch))
	}
	obj := &unstructured.Unstructured{Object: map[string]any{"spec": spec}}
	obj.SetAPIVersion(deployv1alpha1.GroupVersion.String())
	obj.SetKind("PantherDeployment")
	obj.SetNamespace("default")
	obj.SetName(fmt.Sprintf("pd-%d", nameSeq.Add(1)))
	return obj
}

func yamlMap(doc string) map[string]any {
	out := map[string]any{}
	ExpectWithOffset(2, yaml.Unmarshal([]byte(doc), &out)).To(Succeed())
	return out
}

// mergePatch applies a JSON merge patch (RFC 7396) to doc.
func mergePatch(doc, patch map[string]any) map[string]any {
	for key, value := range patch {
		switch value := value.(type) {
		case nil:
			delete(doc, key)
		case map[string]any:
			existing, _ := doc[key].(map[string]any)
			if existing == nil {
				existing = map[string]any{}
			}
			doc[key] = mergePatch(existing, value)
		default:
			doc[key] = value
		}
	}
	return doc
}

// expectInvalid asserts that err is the API server's Invalid error and that its message names
// the field and carries every keyword.
func expectInvalid(err error, field string, keywords ...string) {
	GinkgoHelper()
	Expect(err).To(HaveOccurred(), "the API server accepted the object")
	Expect(apierrors.IsInvalid(err)).To(BeTrue(), "not an Invalid error: %v", err)
	Expect(err.Error()).To(ContainSubstring(field+":"), "the message does not name %s", field)
	for _, keyword := range keywords {
		Expect(err.Error()).To(ContainSubstring(keyword))
	}
}

var _ = Describe("Creating a PantherDeployment", func() {
	It("accepts the complete valid spec", func() {
		Expect(k8sClient.Create(ctx, newDeployment(""))).To(Succeed())
	})

	It("refuses, for every need in the stack catalog, a spec that disables the needed stack, naming both", func() {
		for _, d := range panther.Dependencies() {
			patch := fmt.Sprintf("stacks: {%s: {enabled: false}}", d.Needs)
			expectInvalid(k8sClient.Create(ctx, newDeployment(patch)), "spec.stacks."+string(d.Stack),
				fmt.Sprintf("stacks.%[1]s needs stacks.%[2]s: enable stacks.%[2]s or disable stacks.%[1]s", d.Stack, d.Needs))
		}
	})

	It("accepts web images by tag, by digest and from a registry with a port", func() {
		for _, image := range []string{
			"panther-web:1.16.0",
			"ghcr.io/acme/security/panther-web:1.16.0-rc.1",
			"localhost:5000/panther-web@sha256:" + strings.Repeat("ab", 32),
			"registry.example.com/panther-web:1.16.0@sha256:" + strings.Repeat("0f", 32),
		} {
			Expect(k8sClient.Create(ctx, newDeployment(fmt.Sprintf(`config: {web: {image: %q}}`, image)))).To(Succeed(), image)
		}
	})

	It("accepts logical IDs in allowReplacement", func() {
		Expect(k8sClient.Create(ctx, newDeployment(`stacks: {logAnalysis: {allowReplacement: [AlertsTable, AlertForwarderLogGroup]}, bootstrap: {allowReplacement: [ProcessedDataBucket]}}`))).To(Succeed())
	})

	It("accepts a functionOverrides entry pinning a function to its CodeSha256", func() {
		Expect(k8sClient.Create(ctx, newDeployment(`stacks: {logAnalysis: {functionOverrides: {panther-log-processor: "n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg="}}}`))).To(Succeed())
	})

	It("accepts dashboards alone with bootstrap: it only follows the gateway", func() {
		Expect(k8sClient.Create(ctx, newDeployment(`stacks: {bootstrapGateway: {enabled: false}, appsync: {enabled: false},
  cloudSecurity: {enabled: false}, core: {enabled: false}, logAnalysis: {enabled: false}, web: {enabled: false},
  onboard: {enabled: false}}`))).To(Succeed())
	})

	DescribeTable("refuses a bad spec, naming the field and the fix",
		func(patch, field string, keywords ...string) {
			expectInvalid(k8sClient.Create(ctx, newDeployment(patch)), field, keywords...)
		},
		Entry("an unsupported region", `region: mars-1`,
			"spec.region", "Unsupported value", "us-east-1"),
		Entry("a missing region", `region: null`,
			"spec.region", "Required value"),
		Entry("an account ID of 11 digits", `accountID: "12345678901"`,
			"spec.accountID", "exactly 12 digits"),
		Entry("an account ID with letters", `accountID: "12345678901a"`,
			"spec.accountID", "exactly 12 digits"),
		Entry("a version with a leading v", `version: v1.16.0`,
			"spec.version", "semantic version", "1.16.0"),
		Entry("a version that is not semantic", `version: "1.16"`,
			"spec.version", "semantic version"),
		Entry("a missing version", `version: null`,
			"spec.version", "Required value"),
		Entry("a stack version that is not semantic", `stacks: {logAnalysis: {version: latest}}`,
			"spec.stacks.logAnalysis.version", "semantic version"),
		Entry("a parameter name with a dash", `stacks: {core: {parameters: {Bad-Name: x}}}`,
			"spec.stacks.core.parameters", "alphanumeric"),
		Entry("an allowReplacement entry that is not a logical ID", `stacks: {logAnalysis: {allowReplacement: [Alerts-Table]}}`,
			"spec.stacks.logAnalysis.allowReplacement", "alphanumeric", "AlertsTable"),
		Entry("an allowReplacement entry longer than 255 characters", fmt.Sprintf(`stacks: {core: {allowReplacement: [%s]}}`, strings.Repeat("A", 256)),
			"spec.stacks.core.allowReplacement[0]", "255"),
		Entry("an allowReplacement entry given twice", `stacks: {core: {allowReplacement: [UsersTable, UsersTable]}}`,
			"spec.stacks.core.allowReplacement[1]", "Duplicate value"),
		Entry("a functionOverrides key that is no Panther function", `stacks: {logAnalysis: {functionOverrides: {log-processor: "n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg="}}}`,
			"spec.stacks.logAnalysis.functionOverrides", "panther-log-processor"),
		Entry("a functionOverrides value in hex, as the release manifest has it", `stacks: {logAnalysis: {functionOverrides: {panther-log-processor: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"}}}`,
			"spec.stacks.logAnalysis.functionOverrides.panther-log-processor", "44"),
		Entry("a functionOverrides value that is not base64", `stacks: {logAnalysis: {functionOverrides: {panther-log-processor: "n4bQgYhMfWWaL-qgxVrQFaO_TxsrC4Is0V1sFbDwCgg="}}}`,
			"spec.stacks.logAnalysis.functionOverrides", "base64", "pantherctl dev push-function"),
		Entry("a release bucket with capitals", `release: {bucket: My_Bucket}`,
			"spec.release.bucket", "valid S3 bucket name"),
		Entry("a release bucket shaped like an IP address", `release: {bucket: 192.168.1.1}`,
			"spec.release.bucket", "IP address"),
		Entry("a missing release", `release: null`,
			"spec.release", "Required value"),
		Entry("an unknown mode", `mode: Nested`,
			"spec.mode", "Unsupported value", "Stacks", "Root"),
		Entry("an unknown deletion policy", `deletionPolicy: Orphan`,
			"spec.deletionPolicy", "Unsupported value", "Delete", "Retain"),
		Entry("a drift interval below 5m", `driftDetection: {interval: 3m}`,
			"spec.driftDetection.interval", "at least 5m"),
		Entry("a drift interval that is not a duration", `driftDetection: {interval: often}`,
			"spec.driftDetection.interval", "0 (off)"),
		Entry("a role ARN naming a user", `credentials: {roleARN: "arn:aws:iam::123456789012:user/bob"}`,
			"spec.credentials.roleARN", "IAM role ARN"),
		Entry("an external ID without a role", `credentials: {roleARN: null}`,
			"spec.credentials.externalIDSecretRef", "needs credentials.roleARN"),
		Entry("a CloudFormation role that is not an ARN", `cloudFormationRoleARN: PantherCloudFormationRole`,
			"spec.cloudFormationRoleARN", "IAM role ARN"),
		Entry("a company e-mail without a domain", `config: {company: {email: secops}}`,
			"spec.config.company.email", "e-mail address"),
		Entry("a first-user e-mail with spaces", `config: {firstUser: {email: "ada at example.com"}}`,
			"spec.config.firstUser.email", "e-mail address"),
		Entry("a subnet range with a /33 mask", `config: {network: {subnetOneIPRange: 10.0.0.0/33}}`,
			"spec.config.network.subnetOneIPRange", "IPv4 CIDR"),
		Entry("an IPv6 load balancer CIDR", `config: {network: {loadBalancerSecurityGroupCidr: "::/0"}}`,
			"spec.config.network.loadBalancerSecurityGroupCidr", "IPv4 CIDR"),
		Entry("a VPC without subnets", `config: {network: {vpcID: vpc-0123456789abcdef0}}`,
			"spec.config.network.vpcID", "securityGroupID", "subnetOneID"),
		Entry("a malformed VPC ID", `config: {network: {vpcID: my-vpc}}`,
			"spec.config.network.vpcID", "VPC ID"),
		Entry("a log retention CloudWatch does not offer", `config: {monitoring: {cloudWatchLogRetentionDays: 4}}`,
			"spec.config.monitoring.cloudWatchLogRetentionDays", "Unsupported value", "365"),
		Entry("an alarm topic that is not an SNS ARN", `config: {monitoring: {alarmSNSTopicARN: "arn:aws:sqs:us-east-1:123456789012:q"}}`,
			"spec.config.monitoring.alarmSNSTopicARN", "SNS topic ARN"),
		Entry("an unknown tracing mode", `config: {monitoring: {tracingMode: Always}}`,
			"spec.config.monitoring.tracingMode", "Unsupported value", "Active"),
		Entry("a log processor below 256 MB", `config: {logProcessing: {lambdaMemorySize: 128}}`,
			"spec.config.logProcessing.lambdaMemorySize", "greater than or equal to 256"),
		Entry("a log processor above 10240 MB", `config: {logProcessing: {lambdaMemorySize: 20480}}`,
			"spec.config.logProcessing.lambdaMemorySize", "less than or equal to 10240"),
		Entry("an SQS batch of 11", `config: {logProcessing: {sqsReadBatchSize: 11}}`,
			"spec.config.logProcessing.sqsReadBatchSize", "less than or equal to 10"),
		Entry("cloud security functions above 2048 MB", `config: {cloudSecurity: {lambdaMemorySize: 4096}}`,
			"spec.config.cloudSecurity.lambdaMemorySize", "less than or equal to 2048"),
		Entry("cloud security minimum capacity above the maximum", `config: {cloudSecurity: {minReadCapacity: 10, maxReadCapacity: 5}}`,
			"spec.config.cloudSecurity", "must not exceed the max"),
		Entry("a replication bucket given by name", `config: {setup: {dataReplicationBucket: my-replica}}`,
			"spec.config.setup.dataReplicationBucket", "S3 bucket ARN"),
		Entry("an analysis pack over plain HTTP", `config: {setup: {initialAnalysisSets: ["http://example.com/pack.zip"]}}`,
			"spec.config.setup.initialAnalysisSets", "https:// URLs"),
		Entry("a certificate ARN from another service", `config: {web: {certificateArn: "arn:aws:s3:::cert"}}`,
			"spec.config.web.certificateArn", "ACM certificate ARN"),
		Entry("a custom domain with a scheme", `config: {web: {customDomain: "https://panther.example.com"}}`,
			"spec.config.web.customDomain", "fully qualified domain name"),
		Entry("a web image without a tag or digest", `config: {web: {image: registry.example.com/panther-web}}`,
			"spec.config.web.image", "with a tag or a digest"),
		Entry("a web image with a scheme", `config: {web: {image: "https://registry.example.com/panther-web:1.16.0"}}`,
			"spec.config.web.image", "image reference"),
		Entry("a web image with a space", `config: {web: {image: "panther-web:1.16.0 --privileged"}}`,
			"spec.config.web.image", "image reference"),
		Entry("an unknown table billing mode", `config: {database: {kvTableBillingMode: ON_DEMAND}}`,
			"spec.config.database.kvTableBillingMode", "Unsupported value", "PAY_PER_REQUEST"),
		Entry("more than three base layers", `config: {analysis: {baseLayerVersionArns: ["arn:aws:lambda:us-east-1:123456789012:layer:a:1", "arn:aws:lambda:us-east-1:123456789012:layer:b:1", "arn:aws:lambda:us-east-1:123456789012:layer:c:1", "arn:aws:lambda:us-east-1:123456789012:layer:d:1"]}}`,
			"spec.config.analysis.baseLayerVersionArns", "Too many", "3"),
		Entry("an unversioned Python layer", `config: {analysis: {pythonLayerVersionArn: "arn:aws:lambda:us-east-1:123456789012:layer:py"}}`,
			"spec.config.analysis.pythonLayerVersionArn", "versioned Lambda layer ARN"),
		Entry("a stack pinned in Root mode", `mode: Root`,
			"spec.stacks", "not allowed in Root mode"),
		Entry("a stack disabled in Root mode", `{mode: Root, stacks: {logAnalysis: {version: null}, core: {enabled: false}}}`,
			"spec.stacks", "only stacks.onboard can be disabled"),
		Entry("log analysis enabled without core", `stacks: {core: {enabled: false}}`,
			"spec.stacks.logAnalysis", "needs stacks.core"),
		Entry("the gateway enabled without bootstrap", `stacks: {bootstrap: {enabled: false}}`,
			"spec.stacks.bootstrapGateway", "needs stacks.bootstrap"),
		Entry("a tag the operator owns", `tags: {Application: mine}`,
			"spec.tags", "which the operator sets itself"),
		Entry("a tag in the aws: namespace", `tags: {"aws:cloudformation:stack-name": x}`,
			"spec.tags", "must not start with aws:"),
		Entry("parameters from an unknown kind", `parametersFrom: [{kind: Vault, name: x}]`,
			"spec.parametersFrom[0].kind", "Unsupported value", "Secret", "ConfigMap"),
		Entry("parameters from a badly named object", `parametersFrom: [{kind: Secret, name: Panther_Params}]`,
			"spec.parametersFrom[0].name", "Kubernetes object name"),
		Entry("parameters for an unknown stack", `parametersFrom: [{kind: Secret, name: p, stack: frontend}]`,
			"spec.parametersFrom[0].stack", "Unsupported value", "logAnalysis"),
	)
})

var _ = Describe("Updating a PantherDeployment", func() {
	var created *unstructured.Unstructured

	BeforeEach(func() {
		created = newDeployment("")
		Expect(k8sClient.Create(ctx, created)).To(Succeed())
	})

	DescribeTable("refuses changes to immutable fields",
		func(patch, field string, keywords ...string) {
			changed := created.DeepCopy()
			changed.Object["spec"] = mergePatch(changed.Object["spec"].(map[string]any), yamlMap(patch))
			expectInvalid(k8sClient.Update(ctx, changed), field, keywords...)
		},
		Entry("moving to another region", `region: eu-west-1`,
			"spec.region", "region is immutable", "new PantherDeployment"),
		Entry("switching to Root mode", `{mode: Root, stacks: {logAnalysis: {version: null}}}`,
			"spec.mode", "mode is immutable"),
		Entry("changing the account ID", `accountID: "210987654321"`,
			"spec.accountID", "cannot be changed or removed"),
		Entry("removing the account ID", `accountID: null`,
			"spec.accountID", "cannot be changed or removed"),
	)

	It("allows changing everything else, such as the version and a stack's switch", func() {
		changed := created.DeepCopy()
		changed.Object["spec"] = mergePatch(changed.Object["spec"].(map[string]any),
			yamlMap(`{version: "1.17.0", stacks: {onboard: {enabled: false}}}`))
		Expect(k8sClient.Update(ctx, changed)).To(Succeed())
	})

	It("allows setting the account ID guard later", func() {
		obj := newDeployment(`accountID: null`)
		Expect(k8sClient.Create(ctx, obj)).To(Succeed())
		obj.Object["spec"].(map[string]any)["accountID"] = "123456789012"
		Expect(k8sClient.Update(ctx, obj)).To(Succeed())
	})
})

var _ = Describe("Defaulting a minimal PantherDeployment", func() {
	It("fills in Panther's defaults", func() {
		obj := &deployv1alpha1.PantherDeployment{}
		obj.Namespace, obj.Name = "default", "minimal"
		obj.Spec.Region, obj.Spec.Version = "eu-west-1", "1.16.0"
		obj.Spec.Release.Bucket = "panther-releases"
		Expect(k8sClient.Create(ctx, obj)).To(Succeed())

		got := &deployv1alpha1.PantherDeployment{}
		Expect(k8sClient.Get(ctx, client.ObjectKeyFromObject(obj), got)).To(Succeed())
		spec := got.Spec
		Expect(spec.Mode).To(Equal(deployv1alpha1.ModeStacks))
		Expect(spec.DeletionPolicy).To(Equal(deployv1alpha1.DeletionPolicyDelete))
		Expect(spec.DriftDetection.Interval).To(Equal("1h"))
		for name, stack := range map[string]deployv1alpha1.StackSpec{
			"bootstrap": spec.Stacks.Bootstrap, "bootstrapGateway": spec.Stacks.BootstrapGateway,
			"appsync": spec.Stacks.Appsync, "cloudSecurity": spec.Stacks.CloudSecurity,
			"core": spec.Stacks.Core, "dashboards": spec.Stacks.Dashboards,
			"logAnalysis": spec.Stacks.LogAnalysis, "web": spec.Stacks.Web, "onboard": spec.Stacks.Onboard,
		} {
			Expect(stack.Enabled).To(HaveValue(BeTrue()), "stacks.%s.enabled", name)
		}
		cfg := spec.Config
		Expect(cfg.Company.DisplayName).To(Equal("AwesomeCo"))
		Expect(cfg.FirstUser.GivenName).To(Equal("PantherUser"))
		Expect(cfg.FirstUser.FamilyName).To(Equal("Community"))
		Expect(cfg.Monitoring.CloudWatchLogRetentionDays).To(BeEquivalentTo(365))
		Expect(cfg.Network.SubnetOneIPRange).To(Equal("172.31.250.0/26"))
		Expect(cfg.Network.SubnetTwoIPRange).To(Equal("172.31.251.0/26"))
		Expect(cfg.Network.LoadBalancerSecurityGroupCidr).To(Equal("0.0.0.0/0"))
		Expect(cfg.Setup.OnboardSelf).To(HaveValue(BeTrue()))
		Expect(cfg.Setup.EnableS3AccessLogs).To(HaveValue(BeTrue()))
		Expect(cfg.Setup.EnableCloudTrail).To(BeFalse())
		Expect(cfg.LogProcessing.LambdaMemorySize).To(BeEquivalentTo(1024))
		Expect(cfg.LogProcessing.SQSReadBatchSize).To(BeEquivalentTo(10))
		Expect(cfg.CloudSecurity.LambdaMemorySize).To(BeEquivalentTo(512))
		Expect(cfg.Database.KvTableBillingMode).To(Equal("PAY_PER_REQUEST"))
		Expect(cfg.Analysis.PipLayer).To(ConsistOf("jsonpath-ng==1.5.2", "policyuniverse==1.3.2.2", "requests==2.23.0"))
	})
})

var _ = Describe("The samples in config/samples", func() {
	It("are accepted by the API server", func() {
		files, err := filepath.Glob(filepath.Join(testenv.RepoRoot(), "config", "samples", "*.yaml"))
		Expect(err).NotTo(HaveOccurred())
		Expect(files).NotTo(BeEmpty())
		ns := &corev1.Namespace{}
		ns.Name = "samples"
		Expect(k8sClient.Create(ctx, ns)).To(Succeed())
		for _, file := range files {
			data, err := os.ReadFile(file)
			Expect(err).NotTo(HaveOccurred())
			for i, doc := range strings.Split(string(data), "\n---") {
				obj := &unstructured.Unstructured{}
				Expect(yaml.Unmarshal([]byte(doc), &obj.Object)).To(Succeed())
				if len(obj.Object) == 0 {
					continue
				}
				obj.SetNamespace("samples")
				Expect(k8sClient.Create(ctx, obj)).To(Succeed(), "%s, document %d", file, i)
			}
		}
	})
})
