// Command gofn is a function the localaws Lambda tests deploy, built with aws-lambda-go: what
// it does depends on the event.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"runtime"
	"strings"
	"time"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-lambda-go/lambdacontext"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

type event struct {
	// Records is set when a queue, topic, stream or bucket invokes the function.
	Records []record `json:"Records"`
	// RequestType is set when CloudFormation runs the function as a custom resource.
	RequestType        string         `json:"RequestType"`
	ResponseURL        string         `json:"ResponseURL"`
	StackID            string         `json:"StackId"`
	RequestID          string         `json:"RequestId"`
	LogicalResourceID  string         `json:"LogicalResourceId"`
	PhysicalResourceID string         `json:"PhysicalResourceId"`
	ResourceProperties map[string]any `json:"ResourceProperties"`
	Action             string         `json:"action"`
	Value              string         `json:"value"`
	Bucket             string         `json:"bucket"`
	Millis             int            `json:"millis"`
	// Info, Arguments, Identity and Source are set when AppSync runs the function as a direct
	// Lambda resolver.
	Info      *resolverInfo  `json:"info"`
	Arguments map[string]any `json:"arguments"`
	Identity  map[string]any `json:"identity"`
	Source    map[string]any `json:"source"`
}

type resolverInfo struct {
	FieldName        string   `json:"fieldName"`
	ParentTypeName   string   `json:"parentTypeName"`
	SelectionSetList []string `json:"selectionSetList"`
}

type record struct {
	MessageID string `json:"messageId"`
	Body      string `json:"body"`
	// EventName and DynamoDB are set on DynamoDB stream records.
	EventName string `json:"eventName"`
	DynamoDB  struct {
		Keys json.RawMessage `json:"Keys"`
	} `json:"dynamodb"`
}

type batchResponse struct {
	BatchItemFailures []batchItemFailure `json:"batchItemFailures"`
}

type batchItemFailure struct {
	ItemIdentifier string `json:"itemIdentifier"`
}

type reply struct {
	Action    string `json:"action"`
	Value     string `json:"value"`
	PID       int    `json:"pid"`
	RequestID string `json:"requestId"`
	Env       string `json:"env"`
	Remaining int64  `json:"remainingMs"`
	// CPUs is how many CPUs the instance's Go runtime found it may run on.
	CPUs int `json:"cpus"`
}

// handle acts on the events services send (those with Records: queues, topics, buckets,
// streams), printing them so that tests read them from CloudWatch Logs, on CloudFormation's
// custom resource requests, and on the tests' own actions.
func handle(ctx context.Context, raw json.RawMessage) (any, error) {
	var e event
	if err := json.Unmarshal(raw, &e); err != nil {
		return nil, err
	}
	switch {
	case len(e.Records) > 0:
		fmt.Println("event:", string(raw))
		return handleRecords(e.Records)
	case e.RequestType != "":
		return nil, answerCustomResource(ctx, e)
	}
	if e.Info != nil && e.Info.FieldName != "" {
		return resolve(e)
	}
	return act(ctx, e)
}

// handleRecords prints each queue message's body and each stream record's change; a body
// "fail" is reported as a batch item failure, "error" fails the whole batch.
func handleRecords(records []record) (any, error) {
	var resp batchResponse
	for _, r := range records {
		switch {
		case r.EventName != "":
			fmt.Println("stream:", r.EventName, string(r.DynamoDB.Keys))
			continue
		case r.MessageID == "":
			continue // a topic's or a bucket's record: printed whole above
		}
		fmt.Println("got:", r.Body)
		switch r.Body {
		case "fail":
			resp.BatchItemFailures = append(resp.BatchItemFailures, batchItemFailure{ItemIdentifier: r.MessageID})
		case "error":
			return nil, errors.New("the batch failed on purpose")
		}
	}
	return resp, nil
}

func act(ctx context.Context, e event) (reply, error) {
	lc, _ := lambdacontext.FromContext(ctx)
	deadline, _ := ctx.Deadline()
	out := reply{Action: e.Action, Value: e.Value, PID: os.Getpid(), RequestID: lc.AwsRequestID,
		Env: os.Getenv("GREETING"), Remaining: time.Until(deadline).Milliseconds(), CPUs: runtime.NumCPU()}
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

// answerCustomResource puts CloudFormation's response at the ResponseURL: the outcome and
// reason the resource's properties ask for, and its Echo property as data.
func answerCustomResource(ctx context.Context, e event) error {
	fmt.Println("custom resource:", e.RequestType, e.LogicalResourceID)
	status, _ := e.ResourceProperties["Outcome"].(string)
	if status == "" {
		status = "SUCCESS"
	}
	physical := e.PhysicalResourceID
	if physical == "" {
		physical = "custom-" + e.LogicalResourceID
	}
	body, err := json.Marshal(map[string]any{
		"Status": status, "Reason": e.ResourceProperties["Reason"], "PhysicalResourceId": physical,
		"StackId": e.StackID, "RequestId": e.RequestID, "LogicalResourceId": e.LogicalResourceID,
		"Data": map[string]any{"Echo": e.ResourceProperties["Echo"]},
	})
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPut, e.ResponseURL, bytes.NewReader(body))
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// resolve answers an AppSync field: "boom" fails; "items" lists two items; "related" (on an
// Item) lists its child; any other field returns one item echoing the arguments, the caller's
// username and groups, and the selection set AppSync passed.
func resolve(e event) (any, error) {
	item := func(id string) map[string]any {
		name, _ := e.Arguments["name"].(string)
		if name == "" {
			name = "item-" + id
		}
		args, _ := json.Marshal(e.Arguments)
		return map[string]any{"id": id, "name": name, "secret": "not selected", "tags": []string{"red", "blue"},
			"owner":     map[string]any{"username": e.Identity["username"], "groups": e.Identity["groups"]},
			"arguments": string(args), "selection": e.Info.SelectionSetList, "parent": e.Info.ParentTypeName}
	}
	switch e.Info.FieldName {
	case "boom":
		return nil, errors.New("the resolver failed on purpose")
	case "items":
		return []any{item("one"), item("two")}, nil
	case "related":
		return []any{item(fmt.Sprint(e.Source["id"]) + "-child")}, nil
	}
	id, _ := e.Arguments["id"].(string)
	if id == "" {
		id = "new-1"
	}
	return item(id), nil
}
