// Command metrics-api is panther-metrics-api: the log analysis overview's charts from
// Panther's CloudWatch metrics, invoked with {"getMetrics": {...}} by the web app's resolver.
package main

import (
	"context"
	"encoding/json"
	"log"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"

	"github.com/panther-operator/panther-operator/lambdas/api/appsync"
	"github.com/panther-operator/panther-operator/lambdas/awsx"
	"github.com/panther-operator/panther-operator/lambdas/metrics"
)

func main() {
	cfg, err := awsx.LoadConfig(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	handler := &metrics.API{Store: &awsx.MetricsReader{Client: cloudwatch.NewFromConfig(cfg)}}
	serve := appsync.Handler(graphQLFields, handler.Handle, appsync.OneKey(handler.Handle))
	lambda.Start(func(ctx context.Context, payload json.RawMessage) (any, error) {
		out, err := serve(ctx, payload)
		return out, awsx.FunctionError(err)
	})
}
