// Command log-processor is panther-log-processor: every minute (and when it calls itself to
// keep up) it drains the input queue for a quarter of its remaining time, writing normalized
// events to ProcessedData.
package main

import (
	"context"
	"log"
	"log/slog"
	"os"
	"strconv"
	"time"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	lambdasvc "github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/panther-operator/panther-operator/lambdas/awsx"
	"github.com/panther-operator/panther-operator/lambdas/logs/logtypes"
	"github.com/panther-operator/panther-operator/lambdas/logs/pantherlog"
	"github.com/panther-operator/panther-operator/lambdas/logs/processor"
)

func main() {
	ctx := context.Background()
	cfg, err := awsx.LoadConfig(ctx)
	if err != nil {
		log.Fatal(err)
	}
	reg, err := logtypes.Native()
	if err != nil {
		log.Fatal(err)
	}
	batch, err := strconv.Atoi(awsx.Env("SQS_BATCH_SIZE", "10"))
	if err != nil || batch < 1 || batch > 10 {
		log.Fatal("SQS_BATCH_SIZE must be 1 to 10")
	}
	logger := slog.New(slog.NewJSONHandler(os.Stderr, nil))
	objects := &awsx.Objects{Config: cfg, Client: s3.NewFromConfig(cfg, awsx.S3Options()...), ClientOptions: awsx.S3Options()}
	topics := &awsx.Topics{Client: sns.NewFromConfig(cfg)}
	sourceAPI := &awsx.SourceAPI{Function: awsx.Function{Client: lambdasvc.NewFromConfig(cfg), Name: awsx.Env("SOURCE_API_FUNCTION", "panther-source-api")}}
	queue := &awsx.Queue{Client: sqs.NewFromConfig(cfg), URL: os.Getenv("SQS_QUEUE_URL")}
	sources := processor.NewSources(sourceAPI, nil)
	sources.Status = sourceAPI
	rowIDs := pantherlog.NewProcessRowIDs()
	metrics := &awsx.Metrics{Client: cloudwatch.NewFromConfig(cfg)}
	self := &awsx.Function{Client: lambdasvc.NewFromConfig(cfg), Name: awsx.Env("AWS_LAMBDA_FUNCTION_NAME", "panther-log-processor")}
	logTypesAPI := &awsx.LogTypesAPI{Function: awsx.Function{Client: lambdasvc.NewFromConfig(cfg), Name: awsx.Env("LOGTYPES_API_FUNCTION", "panther-logtypes-api")}}
	resolve := processor.NewLogTypes(reg, logTypesAPI, nil)
	lambda.Start(func(ctx context.Context) (processor.DrainResult, error) {
		p := &processor.Processor{Sources: sources, Reader: objects, Confirm: topics, LogTypes: resolve, RowIDs: rowIDs, Log: logger,
			Output: processor.NewOutput(os.Getenv("PROCESSED_DATA_BUCKET"), os.Getenv("SNS_TOPIC_ARN"), objects, topics, nil)}
		// Every 30 s the run checks whether the queue outgrows it, and starts help.
		scaleCtx, stopScaling := context.WithCancel(ctx)
		defer stopScaling()
		go processor.Scale(scaleCtx, queue, self, func(err error) { logger.Warn("scaling", "error", err.Error()) })
		until := time.Now().Add(time.Minute)
		if deadline, ok := ctx.Deadline(); ok {
			until = time.Now().Add(time.Until(deadline) / 4)
		}
		res, err := p.Drain(ctx, queue, batch, until)
		if merr := metrics.PutMetrics(ctx, p.Metrics(res)); merr != nil {
			logger.Warn("metrics not published", "error", merr.Error())
		}
		logger.Info("drained", "received", res.Received, "deleted", res.Deleted, "failed", res.Failed,
			"objects", p.Stats.Objects, "bytes", p.Stats.BytesRead, "events", p.Stats.Events, "unclassified", p.Stats.Failures)
		return res, err
	})
}
