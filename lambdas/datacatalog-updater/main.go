// Command datacatalog-updater is panther-datacatalog-updater: it reads the processed-data
// notifications from its queue and adds their hourly partitions to the Glue catalog, creating
// a log type's table the first time it sees one. Records that fail are reported as batch item
// failures, so only they are retried.
package main

import (
	"context"
	"log"
	"log/slog"
	"os"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/service/glue"
	lambdasvc "github.com/aws/aws-sdk-go-v2/service/lambda"

	"github.com/panther-operator/panther-operator/lambdas/awsx"
	"github.com/panther-operator/panther-operator/lambdas/logs/datacatalog"
	"github.com/panther-operator/panther-operator/lambdas/logs/logtypes"
)

func main() {
	cfg, err := awsx.LoadConfig(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	reg, err := logtypes.Native()
	if err != nil {
		log.Fatal(err)
	}
	logger := slog.New(slog.NewJSONHandler(os.Stderr, nil))
	logTypesAPI := &awsx.LogTypesAPI{Function: awsx.Function{Client: lambdasvc.NewFromConfig(cfg), Name: awsx.Env("LOGTYPES_API_FUNCTION", "panther-logtypes-api")}}
	updater := &datacatalog.Updater{Catalog: &awsx.Catalog{Client: glue.NewFromConfig(cfg)}, Schemas: datacatalog.TableSchemas(reg, logTypesAPI)}
	lambda.Start(func(ctx context.Context, event events.SQSEvent) (events.SQSEventResponse, error) {
		var resp events.SQSEventResponse
		for _, r := range event.Records {
			bucket, keys, err := datacatalog.Notification(r.Body)
			if err == nil {
				err = updater.Add(ctx, bucket, keys)
			}
			if err != nil {
				logger.Warn("notification not recorded; it will be retried", "messageId", r.MessageId, "error", err.Error())
				resp.BatchItemFailures = append(resp.BatchItemFailures, events.SQSBatchItemFailure{ItemIdentifier: r.MessageId})
			}
		}
		return resp, nil
	})
}
