package main

import (
	"bytes"
	"compress/gzip"
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"io"
	"time"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// sampleTrail is a CloudTrail delivery written for the demo: four records of one morning.
//
//go:embed sample-cloudtrail.json
var sampleTrail []byte

const (
	sampleBucket = "demo-cloudtrail"
	sampleKey    = "AWSLogs/123456789012/CloudTrail/us-east-1/2026/03/14/123456789012_CloudTrail_us-east-1_20260314T0900Z_DemoSample0001.json.gz"
	samplePrefix = "logs/aws_cloudtrail/year=2026/month=03/day=14/hour=09/"
)

// processSample adds a bucket as a log source, drops the sample delivery into it, and prints
// what the log processor made of it.
func processSample(ctx context.Context) error {
	cfg, err := config.LoadDefaultConfig(ctx)
	if err != nil {
		return err
	}
	s3c := s3.NewFromConfig(cfg, func(o *s3.Options) { o.UsePathStyle = true })
	if _, err := s3c.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: awssdk.String(sampleBucket)}); err != nil {
		return err
	}
	request := fmt.Sprintf(`{"putIntegration":{"integrationLabel":"demo-cloudtrail","integrationType":"aws-s3","awsAccountId":"123456789012",
		"userId":"00000000-0000-4000-8000-000000000000","s3Bucket":%q,"managedBucketNotifications":true,
		"s3PrefixLogTypes":[{"prefix":"AWSLogs/","logTypes":["AWS.CloudTrail"]}]}}`, sampleBucket)
	out, err := lambda.NewFromConfig(cfg).Invoke(ctx, &lambda.InvokeInput{FunctionName: awssdk.String("panther-source-api"), Payload: []byte(request)})
	if err != nil {
		return err
	}
	if out.FunctionError != nil {
		return fmt.Errorf("panther-source-api: %s", out.Payload)
	}
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	_, _ = zw.Write(sampleTrail)
	_ = zw.Close()
	if _, err := s3c.PutObject(ctx, &s3.PutObjectInput{Bucket: awssdk.String(sampleBucket), Key: awssdk.String(sampleKey), Body: bytes.NewReader(gz.Bytes())}); err != nil {
		return err
	}
	processed, err := stackOutput(ctx, cfg, "panther-bootstrap", "ProcessedDataBucket")
	if err != nil {
		return err
	}
	key, events, err := waitForProcessed(ctx, s3c, processed)
	if err != nil {
		return err
	}
	fmt.Printf("\nThe log processor wrote %d normalized events to s3://%s/%s; the first:\n\n", len(events), processed, key)
	var pretty bytes.Buffer
	_ = json.Indent(&pretty, events[0], "  ", "  ")
	fmt.Printf("  %s\n", pretty.String())
	return nil
}

func stackOutput(ctx context.Context, cfg awssdk.Config, stack, name string) (string, error) {
	out, err := cloudformation.NewFromConfig(cfg).DescribeStacks(ctx, &cloudformation.DescribeStacksInput{StackName: awssdk.String(stack)})
	if err != nil {
		return "", err
	}
	for _, o := range out.Stacks[0].Outputs {
		if awssdk.ToString(o.OutputKey) == name {
			return awssdk.ToString(o.OutputValue), nil
		}
	}
	return "", fmt.Errorf("stack %s has no output %s", stack, name)
}

// waitForProcessed polls ProcessedData for the sample's hour, for up to two minutes.
func waitForProcessed(ctx context.Context, s3c *s3.Client, bucket string) (string, [][]byte, error) {
	deadline := time.Now().Add(2 * time.Minute)
	for time.Now().Before(deadline) {
		listed, err := s3c.ListObjectsV2(ctx, &s3.ListObjectsV2Input{Bucket: awssdk.String(bucket), Prefix: awssdk.String(samplePrefix)})
		if err != nil {
			return "", nil, err
		}
		if len(listed.Contents) > 0 {
			key := awssdk.ToString(listed.Contents[0].Key)
			obj, err := s3c.GetObject(ctx, &s3.GetObjectInput{Bucket: awssdk.String(bucket), Key: awssdk.String(key)})
			if err != nil {
				return "", nil, err
			}
			zr, err := gzip.NewReader(obj.Body)
			if err != nil {
				return "", nil, err
			}
			data, err := io.ReadAll(zr)
			if err != nil {
				return "", nil, err
			}
			return key, bytes.Split(bytes.TrimSpace(data), []byte("\n")), nil
		}
		select {
		case <-ctx.Done():
			return "", nil, ctx.Err()
		case <-time.After(time.Second):
		}
	}
	return "", nil, fmt.Errorf("no processed data under s3://%s/%s after two minutes: see the log group /aws/lambda/panther-log-processor", bucket, samplePrefix)
}
