package templatelint

import (
	"strings"
	"testing"
)

// Each edit breaks one wiring rule of one function; the lint names the function and the rule.
func TestLintFailsOnMiswiredFunctions(t *testing.T) {
	tests := []struct {
		name string
		edit edit
		want string
	}{
		{"code not from the release", edit{"core.yml", "        S3Bucket: !Ref PantherReleaseBucket\n        S3Key: functions/source-api",
			"        S3Bucket: my-bucket\n        S3Key: functions/source-api"},
			"core.yml: resource SourceApiFunction (AWS::Lambda::Function): property Code.S3Bucket: must be !Ref PantherReleaseBucket"},
		{"a key the build cannot write", edit{"core.yml", "S3Key: functions/source-api", "S3Key: source-api.zip"},
			"core.yml: resource SourceApiFunction (AWS::Lambda::Function): property Code.S3Key: must be functions/<folder under lambdas/>"},
		{"no log group first", edit{"core.yml", "    DependsOn: SourceApiLogGroup\n", ""},
			"core.yml: resource SourceApiFunction (AWS::Lambda::Function): property DependsOn: must name SourceApiLogGroup"},
		{"logs kept forever", edit{"core.yml", "      LogGroupName: /aws/lambda/panther-source-api\n      RetentionInDays: !Ref CloudWatchLogRetentionDays",
			"      LogGroupName: /aws/lambda/panther-source-api"},
			"must keep logs for !Ref CloudWatchLogRetentionDays days"},
		{"a wildcard grant", edit{"log_analysis.yml", "                  - glue:BatchCreatePartition\n", "                  - glue:*\n"},
			`role DataCatalogUpdaterRole grants "glue:*": name the actions the function uses`},
		{"no tracing switch", edit{"log_analysis.yml", "      TracingConfig: !If [HasTracing, {Mode: !Ref TracingMode}, !Ref AWS::NoValue]\n      Environment:\n        Variables:\n          DEBUG: !Ref Debug\n          PROCESSED_DATA_BUCKET: !Ref ProcessedDataBucket\n          SNS_TOPIC_ARN",
			"      Environment:\n        Variables:\n          DEBUG: !Ref Debug\n          PROCESSED_DATA_BUCKET: !Ref ProcessedDataBucket\n          SNS_TOPIC_ARN"},
			"LogProcessorFunction (AWS::Lambda::Function): property TracingConfig: every function takes the deployment's LayerVersionArns and TracingMode"},
		{"a role that cannot write the logs", edit{"core.yml", "                Resource: !GetAtt SourceApiLogGroup.Arn", "                Resource: '*'"},
			"role SourceApiRole must allow logs:PutLogEvents on !GetAtt SourceApiLogGroup.Arn"},
		{"a custom resource without the version", edit{"log_analysis.yml", "      CustomResourceVersion: !Ref CustomResourceVersion\n      ProcessedDataBucket", "      ProcessedDataBucket"},
			"resource UpdateLogProcessorTables (Custom::UpdateLogProcessorTables): property CustomResourceVersion: must be !Ref CustomResourceVersion"},
		{"a custom resource served by another function", edit{"log_analysis.yml", "function:panther-cfn-custom-resources", "function:my-provider"},
			"property ServiceToken: must be the ARN of panther-cfn-custom-resources"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := strings.Join(lintStrings(t, mutated(t, tt.edit)), "\n")
			if !strings.Contains(got, tt.want) {
				t.Fatalf("problems:\n%s\nwant one containing %q", got, tt.want)
			}
		})
	}
}
