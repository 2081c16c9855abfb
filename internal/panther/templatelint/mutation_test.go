package templatelint

import (
	"fmt"
	"io/fs"
	"reflect"
	"sort"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/panther-operator/panther-operator/deployments"
)

// edit replaces the first occurrence of old with new in one template.
type edit struct {
	file, old, new string
}

// mutated copies the deployments templates and applies the edits, failing the test if an edit
// does not apply: a test that edits nothing could not fail.
func mutated(t *testing.T, edits ...edit) fs.FS {
	t.Helper()
	out := fstest.MapFS{}
	files, err := fs.Glob(deployments.FS(), "*.yml")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		data, err := fs.ReadFile(deployments.FS(), f)
		if err != nil {
			t.Fatal(err)
		}
		out[f] = &fstest.MapFile{Data: data}
	}
	for _, e := range edits {
		file, ok := out[e.file]
		if !ok || !strings.Contains(string(file.Data), e.old) {
			t.Fatalf("edit of %s does not apply: %q not found", e.file, e.old)
		}
		file.Data = []byte(strings.Replace(string(file.Data), e.old, e.new, 1))
	}
	return out
}

func lintStrings(t *testing.T, fsys fs.FS) []string {
	t.Helper()
	problems, err := Lint(fsys)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]string, len(problems))
	for i, p := range problems {
		out[i] = p.String()
	}
	return out
}

// The three failures the release process depends on, checked field by field.

func TestLintFailsOnMisspeltProperty(t *testing.T) {
	fsys := mutated(t, edit{"bootstrap.yml", "      LifecycleConfiguration:\n        Rules:\n          - Id: ExpireAuditLogs",
		"      LifeCycleConfiguration:\n        Rules:\n          - Id: ExpireAuditLogs"})
	problems, err := Lint(fsys)
	if err != nil {
		t.Fatal(err)
	}
	want := []Problem{{
		File: "bootstrap.yml", Section: "resource", Name: "AuditLogsBucket", Type: "AWS::S3::Bucket",
		Property: "LifeCycleConfiguration", Message: "is not a property in the CloudFormation resource specification",
	}}
	if !reflect.DeepEqual(problems, want) {
		t.Fatalf("problems:\n%v\nwant\n%v", problems, want)
	}
}

func TestLintFailsOnDefaultInNestedTemplate(t *testing.T) {
	fsys := mutated(t, edit{"core.yml", "    Description: Billing mode of the panther-kv-store table\n",
		"    Description: Billing mode of the panther-kv-store table\n    Default: PAY_PER_REQUEST\n"})
	problems, err := Lint(fsys)
	if err != nil {
		t.Fatal(err)
	}
	want := []Problem{{
		File: "core.yml", Section: "parameter", Name: "KvTableBillingMode", Property: "Default",
		Message: "nested templates must not declare defaults: every value is passed on every create and update",
	}}
	if !reflect.DeepEqual(problems, want) {
		t.Fatalf("problems:\n%v\nwant\n%v", problems, want)
	}
}

func TestLintFailsOnRemovedWiredOutput(t *testing.T) {
	fsys := mutated(t, edit{"bootstrap_gateway.yml", "  AppClientId:\n    Value: !Ref AppClient\n", ""})
	want := []string{
		"bootstrap_gateway.yml: output AppClientId: not declared, but consumed by panther-web AppClientId",
		"root.yml: resource Web (AWS::CloudFormation::Stack): property Parameters.AppClientId: reads output AppClientId of BootstrapGateway, which bootstrap_gateway.yml does not declare",
	}
	if got := lintStrings(t, fsys); !reflect.DeepEqual(got, want) {
		t.Fatalf("problems:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestLintFailsOnOversizedBootstrap(t *testing.T) {
	source, err := deployments.Template("panther-bootstrap")
	if err != nil {
		t.Fatal(err)
	}
	padding := strings.Repeat("# padding\n", (maxInlineTemplateBytes-len(source))/10+1)
	got := lintStrings(t, mutated(t, edit{"bootstrap.yml", "Resources:\n", "Resources:\n" + padding}))
	want := []string{fmt.Sprintf("bootstrap.yml: is %d bytes; the bootstrap stack is created before any bucket exists, so its template must fit in a request body (51200 bytes)",
		len(source)+len(padding))}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("problems:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// lineOf returns the 1-based line of the first occurrence of text in a deployments template.
func lineOf(t *testing.T, file, text string) int {
	t.Helper()
	data, err := fs.ReadFile(deployments.FS(), file)
	if err != nil {
		t.Fatal(err)
	}
	i := strings.Index(string(data), text)
	if i < 0 {
		t.Fatalf("%s does not contain %q", file, text)
	}
	return strings.Count(string(data[:i]), "\n") + 1
}

func TestLintReportsParseErrorsWithTheirLine(t *testing.T) {
	tests := []struct {
		name string
		edit edit
		// linesAfter is how far below the edited text the reported line is.
		linesAfter int
		want       string
	}{
		{"unknown short-form tag", edit{"appsync.yml", "Value: !Ref ApiId", "Value: !Reff ApiId"}, 0,
			"appsync.yml: line %d: unknown tag !Reff"},
		{"duplicate key", edit{"appsync.yml", "      Statistic: Sum\n", "      Statistic: Sum\n      Statistic: Average\n"}, 1,
			`appsync.yml: line %d: key "Statistic" appears twice in the same mapping`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			line := lineOf(t, tt.edit.file, tt.edit.old) + tt.linesAfter
			want := []string{fmt.Sprintf(tt.want, line)}
			if got := lintStrings(t, mutated(t, tt.edit)); !reflect.DeepEqual(got, want) {
				t.Fatalf("problems:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
		})
	}
}

func TestLintFindsEachKindOfMistake(t *testing.T) {
	tests := []struct {
		name  string
		edits []edit
		want  []string
	}{
		{
			name:  "misspelt nested property",
			edits: []edit{{"bootstrap.yml", "              SSEAlgorithm: AES256", "              SSEAlgorithmm: AES256"}},
			want: []string{
				"bootstrap.yml: resource AuditLogsBucket (AWS::S3::Bucket): property BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault: missing property 'SSEAlgorithm'",
				"bootstrap.yml: resource AuditLogsBucket (AWS::S3::Bucket): property BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithmm: is not a property in the CloudFormation resource specification",
			},
		},
		{
			name:  "misspelt property inside a conditional branch",
			edits: []edit{{"bootstrap.yml", "        - DestinationBucketName: !If [UseCustomAccessLogsBucket, !Ref AccessLogsBucket, !Ref UnmonitoredAuditLogsBucket]\n          LogFilePrefix: !Sub panther-audit-logs/", "        - DestinationBucketName: !If [UseCustomAccessLogsBucket, !Ref AccessLogsBucket, !Ref UnmonitoredAuditLogsBucket]\n          LogFilePrefx: !Sub panther-audit-logs/"}},
			want:  []string{"bootstrap.yml: resource AuditLogsBucket (AWS::S3::Bucket): property LoggingConfiguration.LogFilePrefx: is not a property in the CloudFormation resource specification"},
		},
		{
			name:  "value of the wrong type",
			edits: []edit{{"bootstrap.yml", "ExpirationInDays: 7", "ExpirationInDays: a week"}},
			want:  []string{"bootstrap.yml: resource InputDataBucket (AWS::S3::Bucket): property LifecycleConfiguration.Rules[0].ExpirationInDays: got string, want number"},
		},
		{
			name:  "unknown resource type",
			edits: []edit{{"dashboards.yml", "Type: AWS::CloudWatch::Dashboard", "Type: AWS::CloudWatch::Dashbored"}},
			want:  []string{"dashboards.yml: resource LogAnalysisDashboard (AWS::CloudWatch::Dashbored): type AWS::CloudWatch::Dashbored is not in the CloudFormation resource specification"},
		},
		{
			name:  "missing required property",
			edits: []edit{{"appsync.yml", "      EvaluationPeriods: 1\n", ""}},
			want:  []string{"appsync.yml: resource GraphQLClientErrorsAlarm (AWS::CloudWatch::Alarm): missing property 'EvaluationPeriods'"},
		},
		{
			name:  "Ref to nothing",
			edits: []edit{{"web_server.yml", "RetentionInDays: !Ref CloudWatchLogRetentionDays", "RetentionInDays: !Ref LogRetentionDays"}},
			want:  []string{"web_server.yml: resource WebLogGroup (AWS::Logs::LogGroup): property RetentionInDays: Ref LogRetentionDays names no parameter or resource"},
		},
		{
			name:  "GetAtt of a missing resource",
			edits: []edit{{"log_analysis.yml", "RoleARN: !GetAtt ForwarderFirehoseRole.Arn", "RoleARN: !GetAtt FirehoseRole.Arn"}},
			want:  []string{"log_analysis.yml: resource ForwarderFirehose (AWS::KinesisFirehose::DeliveryStream): property ExtendedS3DestinationConfiguration.RoleARN: Fn::GetAtt names FirehoseRole, which is not a resource of this template"},
		},
		{
			name:  "Sub variable that names nothing",
			edits: []edit{{"dashboards.yml", "DashboardName: !Sub PantherLogAnalysis-${AWS::Region}", "DashboardName: !Sub PantherLogAnalysis-${Region}"}},
			want:  []string{"dashboards.yml: resource LogAnalysisDashboard (AWS::CloudWatch::Dashboard): property DashboardName: Ref Region names no parameter or resource"},
		},
		{
			name:  "undeclared condition",
			edits: []edit{{"onboard.yml", "    Condition: CreateCloudTrail\n", "    Condition: CreateTrail\n"}},
			want:  []string{"onboard.yml: resource CloudTrail (AWS::CloudTrail::Trail): property Condition: condition CreateTrail is not declared"},
		},
		{
			name: "parameter the catalog does not produce",
			edits: []edit{
				{"appsync.yml", "Parameters:\n", "Parameters:\n  Extra:\n    Type: String\n"},
				{"root.yml", "        ServiceRole: !GetAtt Bootstrap.Outputs.AppsyncServiceRoleArn\n", "        ServiceRole: !GetAtt Bootstrap.Outputs.AppsyncServiceRoleArn\n        Extra: x\n"},
			},
			want: []string{"appsync.yml: parameter Extra: no value for it is produced by the catalog of panther-appsync"},
		},
		{
			name:  "parameter the template no longer declares",
			edits: []edit{{"onboard.yml", "  EnableS3AccessLogs:\n    Type: String\n    Description: Whether the Panther buckets write S3 access logs into the audit bucket\n    AllowedValues: ['true', 'false']\n", ""}},
			want: []string{
				"onboard.yml: parameter EnableS3AccessLogs: the catalog passes it to panther-onboard but the template does not declare it",
				"onboard.yml: resource SelfRegistration (Custom::SelfRegistration): property EnableS3AccessLogs: Ref EnableS3AccessLogs names no parameter or resource",
				"root.yml: resource Onboard (AWS::CloudFormation::Stack): property Parameters.EnableS3AccessLogs: onboard.yml declares no such parameter",
			},
		},
		{
			name:  "consumed output made conditional",
			edits: []edit{{"bootstrap.yml", "  InputDataBucket:\n    Value: !Ref InputDataBucket\n", "  InputDataBucket:\n    Condition: SourceDeployment\n    Value: !Ref InputDataBucket\n"}},
			want:  []string{"bootstrap.yml: output InputDataBucket: property Condition: is conditional, but consumed unconditionally by panther-cloud-security InputDataBucket, panther-core InputDataBucket, panther-log-analysis InputDataBucket"},
		},
		{
			name:  "output the catalog does not know",
			edits: []edit{{"bootstrap_gateway.yml", "Outputs:\n", "Outputs:\n  Extra:\n    Value: !Ref AppClient\n"}},
			want:  []string{"bootstrap_gateway.yml: output Extra: the catalog does not list it as an output of panther-bootstrap-gateway"},
		},
		{
			name:  "catalog output no stack reads, removed",
			edits: []edit{{"bootstrap.yml", "  SourceBucket:\n    Condition: SourceDeployment\n    Value: !Ref SourceBucket\n", ""}},
			want:  []string{"bootstrap.yml: output SourceBucket: not declared, but the catalog lists it as an output of panther-bootstrap"},
		},
		{
			name:  "output in a template without outputs",
			edits: []edit{{"dashboards.yml", "Resources:\n", "Outputs:\n  DashboardName:\n    Value: !Ref LogAnalysisDashboard\n\nResources:\n"}},
			want:  []string{"dashboards.yml: output DashboardName: the catalog does not list it as an output of panther-cw-dashboards"},
		},
		{
			name:  "condition that is not a condition function",
			edits: []edit{{"web_server.yml", "  HasCertificate: !Not [!Equals [!Ref CertificateArn, '']]", "  HasCertificate: !Ref CertificateArn"}},
			want:  []string{"web_server.yml: condition HasCertificate: a condition must be Fn::And, Fn::Equals, Fn::If, Fn::Not, Fn::Or or Condition"},
		},
		{
			name:  "bucket not retained on replacement",
			edits: []edit{{"bootstrap.yml", "  AthenaResultsBucket:\n    Type: AWS::S3::Bucket\n    DeletionPolicy: Retain\n    UpdateReplacePolicy: Retain\n", "  AthenaResultsBucket:\n    Type: AWS::S3::Bucket\n    DeletionPolicy: Retain\n"}},
			want:  []string{"bootstrap.yml: resource AthenaResultsBucket (AWS::S3::Bucket): property UpdateReplacePolicy: must be Retain: the bucket holds data that outlives the stack"},
		},
		{
			name: "bucket reachable without TLS and open to public policies",
			edits: []edit{
				{"bootstrap.yml", "          - Sid: DenyInsecureTransport\n            Effect: Deny\n            Principal: '*'\n            Action: s3:*\n            Resource:\n              - !GetAtt AnalysisVersionsBucket.Arn\n              - !Sub ${AnalysisVersionsBucket.Arn}/*\n            Condition:\n              Bool:\n                aws:SecureTransport: 'false'\n",
					"          - Sid: AllowAccount\n            Effect: Allow\n            Principal:\n              AWS: !Ref AWS::AccountId\n            Action: s3:GetObject\n            Resource: !Sub ${AnalysisVersionsBucket.Arn}/*\n"},
				{"bootstrap.yml", "  AnalysisVersionsBucket:\n    Type: AWS::S3::Bucket\n    DeletionPolicy: Retain\n    UpdateReplacePolicy: Retain\n    Properties:\n      BucketEncryption:\n        ServerSideEncryptionConfiguration:\n          - ServerSideEncryptionByDefault:\n              SSEAlgorithm: AES256\n      PublicAccessBlockConfiguration:\n        BlockPublicAcls: true\n        BlockPublicPolicy: true\n",
					"  AnalysisVersionsBucket:\n    Type: AWS::S3::Bucket\n    DeletionPolicy: Retain\n    UpdateReplacePolicy: Retain\n    Properties:\n      BucketEncryption:\n        ServerSideEncryptionConfiguration:\n          - ServerSideEncryptionByDefault:\n              SSEAlgorithm: AES256\n      PublicAccessBlockConfiguration:\n        BlockPublicAcls: true\n        BlockPublicPolicy: false\n"},
			},
			want: []string{
				"bootstrap.yml: resource AnalysisVersionsBucket (AWS::S3::Bucket): no bucket policy of this template denies requests without TLS (aws:SecureTransport false)",
				"bootstrap.yml: resource AnalysisVersionsBucket (AWS::S3::Bucket): property PublicAccessBlockConfiguration.BlockPublicPolicy: must be true: public access is blocked",
			},
		},
		{
			name:  "capabilities out of step with the catalog",
			edits: []edit{{"log_analysis.yml", "      RoleName: !Sub PantherInputDataLogProcessingRole-${AWS::Region}\n", ""}},
			want: []string{
				"log_analysis.yml: the template needs capabilities [CAPABILITY_IAM] but the catalog declares [CAPABILITY_IAM CAPABILITY_NAMED_IAM]",
			},
		},
		{
			name:  "root does not pass a nested parameter",
			edits: []edit{{"root.yml", "        ImageRegistryName: !GetAtt Bootstrap.Outputs.ImageRegistryName\n", ""}},
			want:  []string{"root.yml: resource BootstrapGateway (AWS::CloudFormation::Stack): property Parameters: does not pass ImageRegistryName, which bootstrap_gateway.yml declares without a default"},
		},
		{
			name:  "root tags a nested stack wrongly",
			edits: []edit{{"root.yml", "          Value: panther-cw-dashboards\n", "          Value: panther-dashboards\n"}},
			want:  []string{"root.yml: resource Dashboards (AWS::CloudFormation::Stack): property Tags: tag Stack is panther-dashboards, want panther-cw-dashboards"},
		},
		{
			name:  "root parameter loses its default",
			edits: []edit{{"root.yml", "    Default: AwesomeCo\n", ""}},
			want:  []string{"root.yml: property Parameters: parameters without a default are [CompanyDisplayName FirstUserEmail], want only [FirstUserEmail]"},
		},
		{
			name:  "root parameter the catalog does not wire",
			edits: []edit{{"root.yml", "Parameters:\n", "Parameters:\n  Extra:\n    Type: String\n    Default: ''\n"}},
			want:  []string{"root.yml: parameter Extra: the catalog does not wire it into the root stack"},
		},
		{
			name: "root parameter the catalog wires, removed",
			edits: []edit{
				{"root.yml", "  OnboardSelf:\n    Type: String\n    Description: Let Panther monitor its own account\n    Default: 'true'\n    AllowedValues: ['true', 'false']\n", ""},
				{"root.yml", "    - !Equals [!Ref OnboardSelf, 'true']\n", "    - !Equals ['true', 'true']\n"},
			},
			want: []string{"root.yml: parameter OnboardSelf: the catalog wires it into the root stack but the template does not declare it"},
		},
		{
			name:  "root nests the same template twice",
			edits: []edit{{"root.yml", "TemplateURL: appsync.yml", "TemplateURL: dashboards.yml"}},
			want: []string{
				"root.yml: property Resources: no nested stack for panther-appsync (appsync.yml)",
				"root.yml: resource Dashboards (AWS::CloudFormation::Stack): property TemplateURL: nests dashboards.yml, which Appsync already nests",
				"root.yml: resource Appsync (AWS::CloudFormation::Stack): property Parameters.AlarmTopicArn: dashboards.yml declares no such parameter",
				"root.yml: resource Appsync (AWS::CloudFormation::Stack): property Parameters.ApiId: dashboards.yml declares no such parameter",
				"root.yml: resource Appsync (AWS::CloudFormation::Stack): property Parameters.CustomResourceVersion: dashboards.yml declares no such parameter",
				"root.yml: resource Appsync (AWS::CloudFormation::Stack): property Parameters.ServiceRole: dashboards.yml declares no such parameter",
				"root.yml: resource Appsync (AWS::CloudFormation::Stack): property Tags: tag Stack is panther-appsync, want panther-cw-dashboards",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := lintStrings(t, mutated(t, tt.edits...))
			want := append([]string(nil), tt.want...)
			sort.Strings(want)
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("problems:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
		})
	}
}
