// Command gofn is a function the localaws Lambda tests deploy, built with aws-lambda-go: what
// it does depends on the event.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-lambda-go/lambdacontext"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

type event struct {
	Action string `json:"action"`
	Value  string `json:"value"`
	Bucket string `json:"bucket"`
	Millis int    `json:"millis"`
}

type reply struct {
	Action    string `json:"action"`
	Value     string `json:"value"`
	PID       int    `json:"pid"`
	RequestID string `json:"requestId"`
	Env       string `json:"env"`
	Remaining int64  `json:"remainingMs"`
}

// handle prints the events that services send (SNS, S3: those with Records), so tests read
// them from CloudWatch Logs, and acts on the others.
func handle(ctx context.Context, raw json.RawMessage) (reply, error) {
	var records struct {
		Records []json.RawMessage `json:"Records"`
	}
	if json.Unmarshal(raw, &records) == nil && len(records.Records) > 0 {
		fmt.Println("event:", string(raw))
		return reply{Action: "records"}, nil
	}
	var e event
	if err := json.Unmarshal(raw, &e); err != nil {
		return reply{}, err
	}
	return act(ctx, e)
}

func act(ctx context.Context, e event) (reply, error) {
	lc, _ := lambdacontext.FromContext(ctx)
	deadline, _ := ctx.Deadline()
	out := reply{Action: e.Action, Value: e.Value, PID: os.Getpid(), RequestID: lc.AwsRequestID,
		Env: os.Getenv("GREETING"), Remaining: time.Until(deadline).Milliseconds()}
	switch e.Action {
	case "print":
		fmt.Println("printed:", e.Value)
	case "sleep":
		time.Sleep(time.Duration(e.Millis) * time.Millisecond)
	case "crash":
		fmt.Println("crashing now")
		os.Exit(3)
	case "fail":
		return out, errors.New("failed on purpose: " + e.Value)
	case "put":
		return out, put(ctx, e)
	}
	return out, nil
}

// put writes an object through the SDK, with the endpoint and credentials the runtime gave.
func put(ctx context.Context, e event) error {
	cfg, err := config.LoadDefaultConfig(ctx)
	if err != nil {
		return err
	}
	client := s3.NewFromConfig(cfg, func(o *s3.Options) { o.UsePathStyle = true })
	_, err = client.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(e.Bucket), Key: aws.String("from-lambda"),
		Body: strings.NewReader(e.Value)})
	return err
}

func main() { lambda.Start(handle) }
