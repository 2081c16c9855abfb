package engine

import (
	"encoding/json"
	"fmt"
	"maps"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/panther-operator/panther-operator/internal/localaws/cfn/template"
	"github.com/panther-operator/panther-operator/internal/localaws/internal/wire"
)

// defaultServiceTimeout is how long CloudFormation waits for a custom resource's answer.
const defaultServiceTimeout = time.Hour

// CustomRequest is a request sent to a custom resource's function, waiting for the answer the
// function puts at its ResponseURL.
type CustomRequest struct {
	RequestID   string    `json:"requestId"`
	RequestType string    `json:"requestType"`
	Bucket      string    `json:"bucket"`
	Key         string    `json:"key"`
	Deadline    time.Time `json:"deadline"`
}

// customResourceProvisioner runs Custom::* and AWS::CloudFormation::CustomResource resources
// through their ServiceToken's Lambda function, with CloudFormation's request and response
// protocol.
type customResourceProvisioner struct{}

func (p customResourceProvisioner) create(pc *provisionCtx, r *StackResource, props map[string]any) error {
	return p.send(pc, r, "Create", props, nil)
}

func (p customResourceProvisioner) update(pc *provisionCtx, r *StackResource, props map[string]any) error {
	return p.send(pc, r, "Update", props, r.Properties)
}

func (p customResourceProvisioner) delete(pc *provisionCtx, r *StackResource) error {
	return p.send(pc, r, "Delete", r.Properties, nil)
}

// send invokes the function with the request and leaves the resource waiting for the answer.
func (customResourceProvisioner) send(pc *provisionCtx, r *StackResource, requestType string, props, old map[string]any) error {
	s := pc.stack
	token := template.ScalarString(props["ServiceToken"])
	if !strings.HasPrefix(token, "arn:") || !strings.Contains(token, ":lambda:") {
		return wire.Failuref("Invalid service token %q: localaws runs custom resources backed by a Lambda function ARN", token)
	}
	requestID := wire.NewUUID()
	bucket := "cloudformation-custom-resource-response-" + strings.ReplaceAll(s.Region, "-", "")
	_ = pc.eng.s3.CreateBucket(s.Account, s.Region, bucket) // exists after the first request
	key := s.ID + "|" + r.LogicalID + "|" + requestID
	request := map[string]any{
		"RequestType": requestType, "ServiceToken": token, "ResponseURL": responseURL(pc.eng.endpointURL(), s.Account, s.Region, bucket, key),
		"StackId": s.ID, "RequestId": requestID, "LogicalResourceId": r.LogicalID, "ResourceType": r.Type,
		"ResourceProperties": props,
	}
	if requestType != "Create" {
		request["PhysicalResourceId"] = r.PhysicalID
	}
	if old != nil {
		request["OldResourceProperties"] = old
	}
	payload, err := json.Marshal(request)
	if err != nil {
		return err
	}
	if err := pc.eng.lambda.InvokeAsync(s.Account, s.Region, token, payload); err != nil {
		return wire.Failuref("Could not invoke the custom resource's function %s: %s", token, wire.AsError(err).Message)
	}
	timeout := defaultServiceTimeout
	if seconds, err := strconv.Atoi(template.ScalarString(props["ServiceTimeout"])); err == nil && seconds > 0 {
		timeout = time.Duration(seconds) * time.Second
	}
	r.Pending = &CustomRequest{RequestID: requestID, RequestType: requestType, Bucket: bucket, Key: key,
		Deadline: time.Now().Add(timeout)}
	return errPending
}

// responseURL is a pre-signed S3 PUT URL of the response object, as CloudFormation makes
// them: the function puts its answer there without credentials of its own.
func responseURL(endpoint, account, region, bucket, key string) string {
	now := time.Now().UTC()
	q := url.Values{}
	q.Set("X-Amz-Algorithm", "AWS4-HMAC-SHA256")
	q.Set("X-Amz-Credential", account+"/"+now.Format("20060102")+"/"+region+"/s3/aws4_request")
	q.Set("X-Amz-Date", now.Format("20060102T150405Z"))
	q.Set("X-Amz-Expires", "7200")
	q.Set("X-Amz-SignedHeaders", "host")
	q.Set("X-Amz-Signature", wire.RandomID(64))
	return endpoint + "/" + bucket + "/" + url.PathEscape(key) + "?" + q.Encode()
}

// customResponse is what the function puts at the ResponseURL.
type customResponse struct {
	Status             string         `json:"Status"`
	Reason             string         `json:"Reason"`
	PhysicalResourceID string         `json:"PhysicalResourceId"`
	RequestID          string         `json:"RequestId"`
	Data               map[string]any `json:"Data"`
}

// poll reads the answer, once the function put it, or fails the resource at the deadline.
func (customResourceProvisioner) poll(pc *provisionCtx, r *StackResource) error {
	p := r.Pending
	if p == nil {
		return nil
	}
	data, err := pc.eng.s3.GetObject(p.Bucket, p.Key, "")
	if err != nil {
		if time.Now().Before(p.Deadline) {
			return errPending
		}
		r.Pending = nil
		return wire.Failuref("CloudFormation did not receive a response from your Custom Resource. Please check your custom resource in region %s. (RequestId: %s)",
			pc.stack.Region, p.RequestID)
	}
	r.Pending = nil
	var resp customResponse
	if err := json.Unmarshal(data, &resp); err != nil {
		return wire.Failuref("Invalid response object: %v (RequestId: %s)", err, p.RequestID)
	}
	if resp.Status != "SUCCESS" {
		return wire.Failuref("Received response status [%s] from custom resource. Message returned: %s (RequestId: %s)",
			resp.Status, resp.Reason, p.RequestID)
	}
	if p.RequestType == "Delete" {
		return nil
	}
	if resp.PhysicalResourceID == "" {
		return wire.Failuref("Invalid PhysicalResourceId (RequestId: %s)", p.RequestID)
	}
	r.PhysicalID = resp.PhysicalResourceID
	r.Attributes = maps.Clone(resp.Data)
	for k, v := range r.Attributes {
		if _, ok := v.(string); !ok {
			r.Attributes[k] = fmt.Sprint(v)
		}
	}
	return nil
}
