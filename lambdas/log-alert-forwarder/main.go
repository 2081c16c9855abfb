// Command log-alert-forwarder is panther-log-alert-forwarder: triggered by the stream of the
// dedup table (panther-log-alert-dedup), it creates and updates alerts and queues new ones for
// delivery, reporting the record it failed at so that Lambda retries from there.
package main

import (
	"context"
	"log"
	"log/slog"
	"os"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	lambdasvc "github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/panther-operator/panther-operator/lambdas/awsx"
	"github.com/panther-operator/panther-operator/lambdas/forwarder"
)

func main() {
	ctx := context.Background()
	cfg, err := awsx.LoadConfig(ctx)
	if err != nil {
		log.Fatal(err)
	}
	queueURL := awsx.Env("ALERTING_QUEUE_URL", "")
	if queueURL == "" {
		log.Fatal("ALERTING_QUEUE_URL is not set: new alerts are queued there for delivery")
	}
	analysis := &awsx.AnalysisAPI{Function: awsx.Function{Client: lambdasvc.NewFromConfig(cfg), Name: awsx.Env("ANALYSIS_API", "panther-analysis-api")}}
	f := &forwarder.Forwarder{
		// A rule at a version does not change; the TTL bounds how long a rule read without
		// a version is kept.
		Rules:   &forwarder.RuleCache{Source: analysis, TTL: 5 * time.Minute, Size: 1000, Now: time.Now},
		Alerts:  &awsx.AlertsTable{Client: dynamodb.NewFromConfig(cfg), Name: awsx.Env("ALERTS_TABLE", "panther-log-alert-info")},
		Queue:   &awsx.AlertQueue{Client: sqs.NewFromConfig(cfg), URL: queueURL},
		Metrics: &awsx.AlertMetrics{Client: cloudwatch.NewFromConfig(cfg)},
		Log:     slog.New(slog.NewJSONHandler(os.Stderr, nil)),
	}
	lambda.Start(func(ctx context.Context, event events.DynamoDBEvent) (events.DynamoDBEventResponse, error) {
		return f.Handle(ctx, event), nil
	})
}
