// Command alerts-api is panther-alerts-api: alerts as people list, read and triage them, and
// the delivery attempts alert delivery records, invoked with {"<operation>": {...}} by the web
// app's resolvers and by alert delivery.
package main

import (
	"context"
	"encoding/json"
	"log"
	"time"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/panther-operator/panther-operator/lambdas/alerts"
	"github.com/panther-operator/panther-operator/lambdas/api/appsync"
	"github.com/panther-operator/panther-operator/lambdas/awsx"
)

func main() {
	ctx := context.Background()
	cfg, err := awsx.LoadConfig(ctx)
	if err != nil {
		log.Fatal(err)
	}
	bucket := awsx.Env("PROCESSED_DATA_BUCKET", "")
	if bucket == "" {
		log.Fatal("PROCESSED_DATA_BUCKET is not set: alerts' events are read from it")
	}
	api := &alerts.API{
		Store: &awsx.AlertsTable{Client: dynamodb.NewFromConfig(cfg), Name: awsx.Env("ALERTS_TABLE", "panther-log-alert-info"),
			RuleIndex: awsx.Env("RULE_INDEX_NAME", "ruleId-creationTime-index"), TimeIndex: awsx.Env("TIME_INDEX_NAME", "timePartition-creationTime-index")},
		Events: &awsx.RuleMatchObjects{Client: s3.NewFromConfig(cfg, awsx.S3Options()...), Bucket: bucket},
		Now:    time.Now,
	}
	serve := appsync.Handler(graphQLFields, api.Handle, appsync.OneKey(api.Handle))
	lambda.Start(func(ctx context.Context, payload json.RawMessage) (any, error) {
		out, err := serve(ctx, payload)
		return out, awsx.FunctionError(err)
	})
}
