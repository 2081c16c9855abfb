package delivery_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sync"
	"testing"
	"time"

	"github.com/panther-operator/panther-operator/lambdas/api/alertsapi"
	"github.com/panther-operator/panther-operator/lambdas/api/deliveryapi"
	"github.com/panther-operator/panther-operator/lambdas/api/outputsapi"
	"github.com/panther-operator/panther-operator/lambdas/delivery"
	"github.com/panther-operator/panther-operator/lambdas/delivery/senders"
)

var update = flag.Bool("update", false, "rewrite the golden files of testdata/ from what the outputs receive")

// request is what a receiver got, as the golden files hold it: the headers that matter and
// the body decoded (JSON strings that hold JSON decoded too, so that the files read).
type request struct {
	Method  string            `json:"method"`
	Path    string            `json:"path"`
	Region  string            `json:"region,omitempty"`
	Headers map[string]string `json:"headers"`
	Body    any               `json:"body"`
}

var keptHeaders = []string{"Content-Type", "Accept", "Authorization", "X-Amz-Target"}

// receiver is an httptest server that records every request and answers with a fixed status
// and body.
type receiver struct {
	*httptest.Server
	status int
	answer string

	mu       sync.Mutex
	requests []request
}

func newReceiver(t *testing.T, status int, answer string) *receiver {
	t.Helper()
	r := &receiver{status: status, answer: answer}
	r.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		r.record(req)
		w.WriteHeader(r.status)
		_, _ = io.WriteString(w, r.answer)
	}))
	t.Cleanup(r.Close)
	return r
}

func (r *receiver) record(req *http.Request) {
	body, _ := io.ReadAll(req.Body)
	r.mu.Lock()
	defer r.mu.Unlock()
	r.requests = append(r.requests, capture(req, body))
}

func (r *receiver) received() []request {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]request(nil), r.requests...)
}

var signingRegion = regexp.MustCompile(`Credential=[^/]+/\d{8}/([^/]+)/`)

// capture is a request as the golden files hold it.
func capture(req *http.Request, body []byte) request {
	r := request{Method: req.Method, Path: req.URL.Path, Headers: map[string]string{}}
	for _, h := range keptHeaders {
		if v := req.Header.Get(h); v != "" {
			r.Headers[h] = v
		}
	}
	if m := signingRegion.FindStringSubmatch(req.Header.Get("Authorization")); m != nil {
		// An AWS request: the signing region tells where it went; the signature changes.
		r.Region = m[1]
		delete(r.Headers, "Authorization")
	}
	if form, err := url.ParseQuery(string(body)); err == nil && req.Header.Get("Content-Type") == "application/x-www-form-urlencoded" {
		params := map[string]any{}
		for k := range form {
			params[k] = form.Get(k)
		}
		r.Body = decodeNested(params)
		return r
	}
	var decoded any
	if json.Unmarshal(body, &decoded) == nil {
		r.Body = decodeNested(decoded)
	} else {
		r.Body = string(body)
	}
	return r
}

// decodeNested decodes the strings of v that are JSON objects.
func decodeNested(v any) any {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			v[k] = decodeNested(x)
		}
	case string:
		var inner map[string]any
		if json.Unmarshal([]byte(v), &inner) == nil {
			return decodeNested(inner)
		}
	}
	return v
}

// recordingClient is an aws.HTTPClient that records what the SDK sends to localaws.
type recordingClient struct {
	mu       sync.Mutex
	requests []request
}

func (c *recordingClient) Do(req *http.Request) (*http.Response, error) {
	body, err := io.ReadAll(req.Body)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	c.requests = append(c.requests, capture(req, body))
	c.mu.Unlock()
	req.Body = io.NopCloser(bytes.NewReader(body))
	return http.DefaultClient.Do(req)
}

func (c *recordingClient) received() []request {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]request(nil), c.requests...)
}

// checkGolden compares a received request with testdata/<name>.json (or rewrites it with
// -update).
func checkGolden(t *testing.T, name string, got request) {
	t.Helper()
	path := filepath.Join("testdata", name+".json")
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // the files show markup and links as sent
	enc.SetIndent("", "  ")
	if err := enc.Encode(got); err != nil {
		t.Fatal(err)
	}
	pretty := buf.Bytes()
	if *update {
		if err := os.WriteFile(path, pretty, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var wantValue, gotValue any
	if err := json.Unmarshal(want, &wantValue); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	_ = json.Unmarshal(pretty, &gotValue)
	if !reflect.DeepEqual(wantValue, gotValue) {
		t.Errorf("%s received\n%s\nwant (%s)\n%s", name, pretty, path, want)
	}
}

// staticOutputs is an outputs-api that answers a fixed list and counts the calls.
type staticOutputs struct {
	mu      sync.Mutex
	outputs []outputsapi.Output
	calls   int
	err     error
}

func (o *staticOutputs) OutputsWithSecrets(context.Context) ([]outputsapi.Output, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.calls++
	return o.outputs, o.err
}

func (o *staticOutputs) callCount() int {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.calls
}

// alertStore is an alerts-api that keeps the stored alerts and the recorded attempts.
type alertStore struct {
	mu        sync.Mutex
	stored    map[string]*alertsapi.Summary
	recorded  map[string][]deliveryapi.DeliveryResponse
	recordErr error
}

func (a *alertStore) GetAlert(_ context.Context, id string) (*alertsapi.Summary, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if s, ok := a.stored[id]; ok {
		return s, nil
	}
	return nil, &alertsapi.Error{Type: "DoesNotExistError", Message: "alert " + id + " does not exist"}
}

func (a *alertStore) RecordDelivery(_ context.Context, id string, responses []deliveryapi.DeliveryResponse) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.recordErr != nil {
		return a.recordErr
	}
	if a.recorded == nil {
		a.recorded = map[string][]deliveryapi.DeliveryResponse{}
	}
	a.recorded[id] = append(a.recorded[id], responses...)
	return nil
}

func (a *alertStore) attempts(id string) []deliveryapi.DeliveryResponse {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.recorded[id]
}

// retrySink keeps what would be queued again.
type retrySink struct {
	mu       sync.Mutex
	messages []delivery.DelayedMessage
	err      error
}

func (r *retrySink) Enqueue(_ context.Context, messages []delivery.DelayedMessage) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.err != nil {
		return r.err
	}
	r.messages = append(r.messages, messages...)
	return nil
}

func (r *retrySink) alerts(t *testing.T) []deliveryapi.Alert {
	t.Helper()
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]deliveryapi.Alert, len(r.messages))
	for i, m := range r.messages {
		if err := json.Unmarshal([]byte(m.Body), &out[i]); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// sendFunc is a Sender made of a function: for the tests of decisions, not of payloads.
type sendFunc func(ctx context.Context, o *outputsapi.Output, a *deliveryapi.Alert) senders.Result

func (f sendFunc) Send(ctx context.Context, o *outputsapi.Output, a *deliveryapi.Alert) senders.Result {
	return f(ctx, o, a)
}

var errRecord = errors.New("alerts-api is unavailable")

var created = time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)

func ptr(s string) *string { return &s }

// rootLogin is the alert the tests deliver.
func rootLogin() deliveryapi.Alert {
	return deliveryapi.Alert{AlertID: ptr("8c7f2a0e9b1d4c3fa6e5d4c3b2a19081"), AnalysisID: "AWS.Console.RootLogin",
		AnalysisName: ptr("Root console login"), AnalysisDescription: "The root user signed in to the console.",
		AnalysisSourceID: "detections", Type: deliveryapi.TypeRule, CreatedAt: created, Severity: "HIGH",
		LogTypes: []string{"AWS.CloudTrail"}, Version: ptr("v3"), Reference: "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user.html",
		Runbook: "Ask the account owner; rotate the root credentials if it was not them.", Tags: []string{"aws", "identity"},
		Title: "Root login from 198.51.100.7", Context: map[string]any{"sourceIPAddress": "198.51.100.7", "mfaUsed": false}}
}

// queued is a queue batch as the function receives it.
func queued(t *testing.T, alerts ...deliveryapi.Alert) json.RawMessage {
	t.Helper()
	var records []map[string]string
	for i, a := range alerts {
		body, err := json.Marshal(a)
		if err != nil {
			t.Fatal(err)
		}
		records = append(records, map[string]string{"messageId": "message-" + string(rune('a'+i)), "body": string(body), "eventSource": "aws:sqs"})
	}
	raw, _ := json.Marshal(map[string]any{"Records": records})
	return raw
}

// batchFailures are the message IDs an SQS answer gives back.
func batchFailures(t *testing.T, answer any) []string {
	t.Helper()
	raw, _ := json.Marshal(answer)
	var parsed struct {
		BatchItemFailures []struct {
			ItemIdentifier string `json:"itemIdentifier"`
		} `json:"batchItemFailures"`
	}
	if err := json.Unmarshal(raw, &parsed); err != nil {
		t.Fatal(err)
	}
	ids := []string{}
	for _, f := range parsed.BatchItemFailures {
		ids = append(ids, f.ItemIdentifier)
	}
	return ids
}

// TestMain keeps the services' logs, which tests that look at them capture, off the output.
func TestMain(m *testing.M) {
	flag.Parse()
	slog.SetDefault(slog.New(slog.DiscardHandler))
	os.Exit(m.Run())
}
