package customresources

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"time"

	"github.com/aws/aws-lambda-go/cfn"
)

// responseAttempts is how often the answer is offered to CloudFormation: the pre-signed S3
// URL it waits on can throttle or fail like any S3 call, and an answer that never arrives
// holds the stack for an hour.
const responseAttempts = 8

// Lambda is the function's handler: route the request, then answer CloudFormation at the
// request's ResponseURL, retrying the answer. A panicking handler answers FAILED.
func Lambda(r *Router, client *http.Client, logger *slog.Logger) func(context.Context, cfn.Event) error {
	return func(ctx context.Context, event cfn.Event) error {
		resp := cfn.NewResponse(&event)
		id, data, err := safely(ctx, r, event)
		resp.PhysicalResourceID, resp.Data, resp.Status = id, data, cfn.StatusSuccess
		if err != nil {
			resp.Status, resp.Reason = cfn.StatusFailed, err.Error()
			logger.Warn("custom resource failed", "type", event.ResourceType, "logicalId", event.LogicalResourceID,
				"request", string(event.RequestType), "error", err.Error())
		}
		return answer(ctx, client, event.ResponseURL, resp)
	}
}

func safely(ctx context.Context, r *Router, event cfn.Event) (id string, data map[string]any, err error) {
	defer func() {
		if p := recover(); p != nil {
			id, data, err = nonEmpty(event.PhysicalResourceID), nil, fmt.Errorf("the %s handler failed unexpectedly", event.ResourceType)
		}
	}()
	return r.Handle(ctx, event)
}

// answer PUTs the response to the pre-signed URL (without a Content-Type, which the signature
// does not cover), retrying with a growing delay.
func answer(ctx context.Context, client *http.Client, url string, resp *cfn.Response) error {
	body, err := json.Marshal(resp)
	if err != nil {
		return err
	}
	delay := 250 * time.Millisecond
	for attempt := 1; ; attempt++ {
		err = put(ctx, client, url, body)
		if err == nil || attempt == responseAttempts {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(delay):
		}
		delay = min(delay*2, 8*time.Second)
	}
}

func put(ctx context.Context, client *http.Client, url string, body []byte) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPut, url, bytes.NewReader(body))
	if err != nil {
		return err
	}
	res, err := client.Do(req)
	if err != nil {
		return err
	}
	_, _ = io.Copy(io.Discard, res.Body)
	_ = res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("answering CloudFormation: HTTP %d", res.StatusCode)
	}
	return nil
}
