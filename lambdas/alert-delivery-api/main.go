// Command alert-delivery-api is panther-alert-delivery-api: it delivers the alerts of the
// alerts queue to their outputs, and, invoked with {"deliverAlert": ...} or
// {"sendTestAlert": ...} by the web app's resolvers, re-sends an alert or sends a test one.
package main

import (
	"context"
	"encoding/json"
	"log"
	"log/slog"
	"net/http"
	"os"
	"time"

	"github.com/aws/aws-lambda-go/lambda"
	lambdasvc "github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/panther-operator/panther-operator/lambdas/api/appsync"
	"github.com/panther-operator/panther-operator/lambdas/awsx"
	"github.com/panther-operator/panther-operator/lambdas/delivery"
	"github.com/panther-operator/panther-operator/lambdas/delivery/senders"
)

func main() {
	cfg, err := awsx.LoadConfig(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	settings, err := delivery.ConfigFromEnv(os.Getenv)
	if err != nil {
		log.Fatal(err)
	}
	queueURL := os.Getenv("ALERTS_QUEUE_URL")
	if queueURL == "" {
		log.Fatal("ALERTS_QUEUE_URL is required: failed deliveries are queued there again")
	}
	functions := lambdasvc.NewFromConfig(cfg)
	service := &delivery.Service{
		Outputs: &awsx.OutputsAPI{Function: awsx.Function{Client: functions, Name: awsx.Env("OUTPUTS_API", "panther-outputs-api")}},
		Alerts:  &awsx.AlertsAPI{Function: awsx.Function{Client: functions, Name: awsx.Env("ALERTS_API", "panther-alerts-api")}},
		Retries: &awsx.RetryQueue{Client: sqs.NewFromConfig(cfg), URL: queueURL},
		Sender: &senders.Senders{HTTP: &http.Client{}, Endpoints: settings.Endpoints, Links: settings.Links,
			Topics: awsx.NewAlertTopics(cfg), Queues: awsx.NewAlertQueues(cfg)},
		Settings: settings.Settings,
		Now:      time.Now,
		Log:      slog.New(slog.NewJSONHandler(os.Stderr, nil)),
	}
	serve := appsync.Handler(graphQLFields, service.Handle, service.Invoke)
	lambda.Start(func(ctx context.Context, payload json.RawMessage) (any, error) {
		out, err := serve(ctx, payload)
		return out, awsx.FunctionError(err)
	})
}
