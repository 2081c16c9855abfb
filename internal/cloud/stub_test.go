package cloud

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

// The per-call identifiers AWS puts in every answer; no message this package returns may
// carry them.
const (
	requestID = "4b2e9c7a-51f0-4c1e-9d0a-7f1b2c3d4e5f"
	hostID    = "Uv9k1JqWm8ZbX0yQ3sT5nR7pL2aD4fG6hJ8kM0oP2rS4tU6vW8xY0zA2bC4dE6fG"
)

// reply is one HTTP answer of the stub, in AWS's wire shape.
type reply struct {
	status      int
	contentType string
	body        string
	header      map[string]string
}

// queryError is CloudFormation's and STS's awsQuery error document.
func queryError(status int, code, message string) reply {
	return reply{status: status, contentType: "text/xml", body: `<ErrorResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/">` +
		`<Error><Type>Sender</Type><Code>` + code + `</Code><Message>` + message + `</Message></Error>` +
		`<RequestId>` + requestID + `</RequestId></ErrorResponse>`}
}

// queryResult wraps the result elements of an awsQuery operation in its response document.
func queryResult(action, result string) reply {
	return reply{status: http.StatusOK, contentType: "text/xml", body: `<` + action + `Response xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/">` +
		`<` + action + `Result>` + result + `</` + action + `Result>` +
		`<ResponseMetadata><RequestId>` + requestID + `</RequestId></ResponseMetadata></` + action + `Response>`}
}

// s3Error is S3's REST-XML error document.
func s3Error(status int, code, message string) reply {
	return reply{status: status, contentType: "application/xml", body: `<?xml version="1.0" encoding="UTF-8"?>` +
		`<Error><Code>` + code + `</Code><Message>` + message + `</Message>` +
		`<RequestId>` + requestID + `</RequestId><HostId>` + hostID + `</HostId></Error>`}
}

// headError is S3's answer to a failed HEAD request: a status and no body at all.
func headError(status int) reply { return reply{status: status} }

// s3OK is a successful S3 answer with an XML body (or none).
func s3OK(body string) reply {
	return reply{status: http.StatusOK, contentType: "application/xml", body: body}
}

// jsonError is CloudWatch Logs' AWS JSON 1.1 error document.
func jsonError(status int, errorType, message string) reply {
	return reply{status: status, contentType: "application/x-amz-json-1.1",
		body: fmt.Sprintf(`{"__type":%q,"message":%q}`, errorType, message)}
}

// jsonOK is a successful AWS JSON 1.1 answer.
func jsonOK(body string) reply {
	return reply{status: http.StatusOK, contentType: "application/x-amz-json-1.1", body: body}
}

// call is one request the stub received.
type call struct {
	operation string
	query     url.Values
	header    http.Header
	form      url.Values // the decoded body of an awsQuery request
	body      string
}

// stubAWS is an http.RoundTripper that answers each SDK operation with the replies queued
// for it, in order, and records every call. A call nothing was queued for fails the test.
type stubAWS struct {
	t       *testing.T
	mu      sync.Mutex
	replies map[string][]reply
	calls   []call
}

func newStub(t *testing.T, replies map[string][]reply) *stubAWS {
	t.Helper()
	s := &stubAWS{t: t, replies: replies}
	t.Cleanup(func() {
		for op, left := range s.replies {
			if len(left) > 0 {
				t.Errorf("%s: %d queued replies were never asked for", op, len(left))
			}
		}
	})
	return s
}

func (s *stubAWS) RoundTrip(r *http.Request) (*http.Response, error) {
	op := awsmiddleware.GetOperationName(r.Context())
	c := call{operation: op, query: r.URL.Query(), header: r.Header.Clone()}
	if r.Body != nil {
		data, err := io.ReadAll(r.Body)
		if err != nil {
			return nil, err
		}
		_ = r.Body.Close()
		c.body = string(data)
		if strings.HasPrefix(r.Header.Get("Content-Type"), "application/x-www-form-urlencoded") {
			c.form, _ = url.ParseQuery(c.body)
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls = append(s.calls, c)
	queued := s.replies[op]
	if len(queued) == 0 {
		s.t.Errorf("unexpected call %s %s %s", op, r.Method, r.URL)
		return nil, fmt.Errorf("stub: no reply queued for %s", op)
	}
	rep := queued[0]
	s.replies[op] = queued[1:]
	header := http.Header{}
	header.Set("X-Amzn-Requestid", requestID)
	header.Set("X-Amz-Request-Id", requestID)
	header.Set("X-Amz-Id-2", hostID)
	if rep.contentType != "" {
		header.Set("Content-Type", rep.contentType)
	}
	for k, v := range rep.header {
		header.Set(k, v)
	}
	body := rep.body
	if r.Method == http.MethodHead {
		body = ""
	}
	return &http.Response{
		StatusCode:    rep.status,
		Status:        fmt.Sprintf("%d %s", rep.status, http.StatusText(rep.status)),
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        header,
		Body:          io.NopCloser(strings.NewReader(body)),
		ContentLength: int64(len(body)),
		Request:       r,
	}, nil
}

// operations lists the operations called, in order.
func (s *stubAWS) operations() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	ops := make([]string, 0, len(s.calls))
	for _, c := range s.calls {
		ops = append(ops, c.operation)
	}
	return ops
}

// callsTo returns the calls of one operation, in order.
func (s *stubAWS) callsTo(op string) []call {
	s.mu.Lock()
	defer s.mu.Unlock()
	var calls []call
	for _, c := range s.calls {
		if c.operation == op {
			calls = append(calls, c)
		}
	}
	return calls
}

// config is the SDK configuration of every client over the stub: us-east-1, static keys,
// no retries, and the stub as the whole network.
func (s *stubAWS) config() aws.Config {
	return aws.Config{
		Region:      "us-east-1",
		Credentials: credentials.NewStaticCredentialsProvider("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", ""),
		Retryer:     func() aws.Retryer { return aws.NopRetryer{} },
		HTTPClient:  &http.Client{Transport: s},
	}
}

func (s *stubAWS) cloudFormation() *cloudformation.Client {
	return cloudformation.NewFromConfig(s.config())
}
func (s *stubAWS) s3() *s3.Client               { return s3.NewFromConfig(s.config()) }
func (s *stubAWS) logs() *cloudwatchlogs.Client { return cloudwatchlogs.NewFromConfig(s.config()) }
func (s *stubAWS) sts() *sts.Client             { return sts.NewFromConfig(s.config()) }

// expect reports a failed check, unless the case documents a known bug of the code under
// test: then the case is skipped with the bug's description while the bug stands, and fails
// once the code is fixed, so that the note is removed with the fix.
func expect(t *testing.T, knownBug string, ok bool, format string, args ...any) {
	t.Helper()
	switch {
	case ok && knownBug != "":
		t.Errorf("known bug fixed, remove the note %q", knownBug)
	case ok:
	case knownBug != "":
		t.Skipf("known bug: %s: "+format, append([]any{knownBug}, args...)...)
	default:
		t.Errorf(format, args...)
	}
}
