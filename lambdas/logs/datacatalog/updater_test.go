package datacatalog_test

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/glue"

	"github.com/panther-operator/panther-operator/internal/testenv"
	"github.com/panther-operator/panther-operator/lambdas/awsx"
	"github.com/panther-operator/panther-operator/lambdas/logs/datacatalog"
	"github.com/panther-operator/panther-operator/lambdas/logs/logschema"
	"github.com/panther-operator/panther-operator/lambdas/logs/logtypes"
)

func TestPartitionsOfProcessedFilesReachGlue(t *testing.T) {
	cfg := testenv.LocalAWS(t)
	client := glue.NewFromConfig(cfg)
	reg, err := logtypes.Native()
	if err != nil {
		t.Fatal(err)
	}
	trail, _ := reg.Get("AWS.CloudTrail")
	u := &datacatalog.Updater{Catalog: &awsx.Catalog{Client: client}, Schemas: func(_ context.Context, table string) (*logschema.Schema, error) {
		if table == "aws_cloudtrail" {
			return trail.Schema, nil
		}
		return nil, nil
	}}
	body := `{"Type":"Notification","Message":"{\"Records\":[{\"eventVersion\":\"2.0\",\"eventSource\":\"aws:s3\",\"eventName\":\"ObjectCreated:Put\",\"s3\":{\"bucket\":{\"name\":\"processed\"},\"object\":{\"key\":\"logs/aws_cloudtrail/year=2026/month=03/day=14/hour=09/20260314T090000Z-1.json.gz\",\"size\":10}}}]}"}`
	bucket, keys, err := datacatalog.Notification(body)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for range 2 { // the second time is deduplicated in memory
		if err := u.Add(ctx, bucket, append(keys, "logs/aws_cloudtrail/year=2026/month=03/day=14/hour=10/20260314T100000Z-2.json.gz")); err != nil {
			t.Fatal(err)
		}
	}
	table, err := client.GetTable(ctx, &glue.GetTableInput{DatabaseName: aws.String("panther_logs"), Name: aws.String("aws_cloudtrail")})
	if err != nil {
		t.Fatal(err)
	}
	cols := map[string]string{}
	for _, c := range table.Table.StorageDescriptor.Columns {
		cols[aws.ToString(c.Name)] = aws.ToString(c.Type)
	}
	if cols["eventTime"] != "timestamp" || cols["p_any_aws_arns"] != "array<string>" || cols["readOnly"] != "boolean" ||
		cols["resources"] != "array<struct<ARN:string,accountId:string,type:string>>" || cols["p_any_md5_hashes"] != "" {
		t.Fatalf("columns %v", cols)
	}
	parts, err := client.GetPartitions(ctx, &glue.GetPartitionsInput{DatabaseName: aws.String("panther_logs"), TableName: aws.String("aws_cloudtrail")})
	if err != nil {
		t.Fatal(err)
	}
	if len(parts.Partitions) != 2 || parts.Partitions[0].Values[4] == "" ||
		aws.ToString(parts.Partitions[0].StorageDescriptor.Location) != "s3://processed/logs/aws_cloudtrail/year=2026/month=03/day=14/hour=09/" && aws.ToString(parts.Partitions[1].StorageDescriptor.Location) != "s3://processed/logs/aws_cloudtrail/year=2026/month=03/day=14/hour=09/" {
		t.Fatalf("partitions %+v", parts.Partitions)
	}
	if _, err := datacatalog.ParseKey("processed", "logs/aws_cloudtrail/2026/file.json.gz"); err == nil {
		t.Fatal("a key without partitions was accepted")
	}
}
