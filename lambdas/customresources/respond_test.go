package customresources_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/aws/aws-lambda-go/cfn"

	"github.com/panther-operator/panther-operator/lambdas/customresources"
)

// TestTheAnswerIsRetriedUntilCloudFormationHasIt: the pre-signed URL answers 503 twice (as a
// throttled S3 does), then takes the answer; a panicking handler answers FAILED.
func TestTheAnswerIsRetriedUntilCloudFormationHasIt(t *testing.T) {
	var calls atomic.Int32
	var got cfn.Response
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) <= 2 {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		body, _ := io.ReadAll(r.Body)
		if r.Method != http.MethodPut || r.Header.Get("Content-Type") != "" || json.Unmarshal(body, &got) != nil {
			t.Errorf("%s %q %s", r.Method, r.Header.Get("Content-Type"), body)
		}
	}))
	defer server.Close()
	router := &customresources.Router{Handlers: map[string]customresources.Handler{
		"Custom::Panics": func(context.Context, cfn.Event) (string, map[string]any, error) { panic("boom") },
	}}
	handler := customresources.Lambda(router, server.Client(), slog.New(slog.DiscardHandler))
	err := handler(context.Background(), cfn.Event{RequestType: cfn.RequestCreate, ResourceType: "Custom::Panics",
		RequestID: "r-1", LogicalResourceID: "Thing", StackID: "stack-1", ResponseURL: server.URL + "/answer"})
	if err != nil || calls.Load() != 3 {
		t.Fatalf("err %v after %d calls", err, calls.Load())
	}
	if got.Status != cfn.StatusFailed || got.Reason != "the Custom::Panics handler failed unexpectedly" || got.PhysicalResourceID != "error" ||
		got.RequestID != "r-1" || got.LogicalResourceID != "Thing" || got.StackID != "stack-1" {
		t.Fatalf("answer %+v", got)
	}
}
