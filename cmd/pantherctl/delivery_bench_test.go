package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/panther-operator/panther-operator/internal/localaws"
	"github.com/panther-operator/panther-operator/lambdas/api/outputsapi"
)

// deliveryTimeScale runs localaws's schedules and batching windows faster (0.1: ten times).
var deliveryTimeScale = flag.Float64("delivery-time-scale", 1, "localaws TimeScale of BenchmarkUploadToDeliveryLocalAWS")

// BenchmarkUploadToDeliveryLocalAWS measures how long an alert takes from the upload of a
// CloudTrail file to its delivery at a webhook, on the released Panther deployed into localaws
// at real time (TimeScale 1): the log processor's one-minute schedule, the rules engine's
// 30-second batching window, the dedup stream, the forwarder and delivery. Each iteration
// uploads a root console login from a new address, so each opens a new alert.
func BenchmarkUploadToDeliveryLocalAWS(b *testing.B) {
	startLocalAWSWith(b, "444444444444", localaws.Options{ZeroLatency: true, TimeScale: *deliveryTimeScale})
	clients := clientsOf(b)
	deployPublishedRoot(b, clients)
	ctx := context.Background()
	cfg, err := config.LoadDefaultConfig(ctx)
	if err != nil {
		b.Fatal(err)
	}
	functions := lambda.NewFromConfig(cfg)
	s3c := s3.NewFromConfig(cfg, func(o *s3.Options) { o.UsePathStyle = true })
	invoke := func(function string, request any) []byte {
		payload, _ := json.Marshal(request)
		out, err := functions.Invoke(ctx, &lambda.InvokeInput{FunctionName: awssdk.String(function), Payload: payload})
		if err != nil || out.FunctionError != nil {
			b.Fatalf("%s: %v %s", function, err, out.Payload)
		}
		return out.Payload
	}

	var stdout, stderr bytes.Buffer
	if code := run(ctx, []string{"analysis", "upload", "../../detections"}, &stdout, &stderr); code != 0 {
		b.Fatalf("upload: %s", stderr.String())
	}
	delivered := make(chan string, 100)
	webhook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		data, _ := io.ReadAll(r.Body)
		delivered <- string(data)
	}))
	b.Cleanup(webhook.Close)
	invoke("panther-outputs-api", outputsapi.Request{AddOutput: &outputsapi.AddOutputInput{UserID: "bench", DisplayName: "bench webhook",
		OutputConfig:       &outputsapi.OutputConfig{CustomWebhook: &outputsapi.CustomWebhookConfig{WebhookURL: webhook.URL}},
		DefaultForSeverity: []string{"HIGH"}, AlertTypes: []string{"RULE"}}})
	if _, err := s3c.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: awssdk.String("bench-trail")}); err != nil {
		b.Fatal(err)
	}
	invoke("panther-source-api", map[string]any{"putIntegration": map[string]any{"integrationLabel": "bench", "integrationType": "aws-s3",
		"awsAccountId": "444444444444", "userId": "bench", "s3Bucket": "bench-trail", "managedBucketNotifications": true,
		"s3PrefixLogTypes": []map[string]any{{"prefix": "AWSLogs/", "logTypes": []string{"AWS.CloudTrail"}}}}})

	var total time.Duration
	b.ResetTimer()
	for i := range b.N {
		ip := fmt.Sprintf("198.51.100.%d", 1+i%250)
		started := time.Now()
		key := fmt.Sprintf("AWSLogs/444444444444/CloudTrail/us-east-1/2026/03/16/444444444444_CloudTrail_us-east-1_20260316T1000Z_bench%04d.json.gz", i)
		if _, err := s3c.PutObject(ctx, &s3.PutObjectInput{Bucket: awssdk.String("bench-trail"), Key: awssdk.String(key), Body: bytes.NewReader(rootLogin(ip))}); err != nil {
			b.Fatal(err)
		}
		timeout := time.After(5 * time.Minute)
		for waiting := true; waiting; {
			select {
			case body := <-delivered:
				waiting = !strings.Contains(body, ip)
			case <-timeout:
				printFunctionLogs(b, cfg, "panther-log-processor", "panther-rules-engine", "panther-log-alert-forwarder", "panther-alert-delivery-api")
				b.Fatalf("no delivery for %s within 5 minutes", ip)
			}
		}
		total += time.Since(started)
	}
	b.ReportMetric(total.Seconds()/float64(b.N), "s/upload-to-delivery")
}

// rootLogin is a gzip CloudTrail delivery of one root console login from ip.
func rootLogin(ip string) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	fmt.Fprintf(zw, `{"Records":[{"eventVersion":"1.08","userIdentity":{"type":"Root","principalId":"444444444444","arn":"arn:aws:iam::444444444444:root","accountId":"444444444444"},"eventTime":"2026-03-16T10:00:00Z","eventSource":"signin.amazonaws.com","eventName":"ConsoleLogin","awsRegion":"us-east-1","sourceIPAddress":"%s","userAgent":"Mozilla/5.0","responseElements":{"ConsoleLogin":"Success"},"additionalEventData":{"MFAUsed":"Yes"},"eventID":"bench-%s","eventType":"AwsConsoleSignIn","recipientAccountId":"444444444444"}]}`, ip, ip)
	_ = zw.Close()
	return buf.Bytes()
}

// printFunctionLogs prints the last log lines of functions, to explain a missing delivery.
func printFunctionLogs(b *testing.B, cfg awssdk.Config, functions ...string) {
	logs := cloudwatchlogs.NewFromConfig(cfg)
	for _, fn := range functions {
		out, err := logs.FilterLogEvents(context.Background(), &cloudwatchlogs.FilterLogEventsInput{LogGroupName: awssdk.String("/aws/lambda/" + fn)})
		if err != nil {
			b.Logf("%s: %v", fn, err)
			continue
		}
		for _, e := range out.Events[max(0, len(out.Events)-20):] {
			b.Logf("%s: %s", fn, strings.TrimSpace(awssdk.ToString(e.Message)))
		}
	}
}
