package localaws_test

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/panther-operator/panther-operator/internal/localaws"
)

// syncBuffer is a bytes.Buffer safe for the server's goroutines.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func TestOneLogLinePerRequest(t *testing.T) {
	var out syncBuffer
	e := startEnv(t, func(o *localaws.Options) { o.Logger = slog.New(slog.NewTextHandler(&out, nil)) })
	_, err := e.s3.CreateBucket(ctx(t), &s3.CreateBucketInput{Bucket: aws.String("logged")})
	must(t, err)
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 1 {
		t.Fatalf("want one log line, got %q", lines)
	}
	for _, field := range []string{"service=s3", "operation=CreateBucket", "account=000000000000", "region=us-east-1", "status=200", "duration_ms="} {
		if !strings.Contains(lines[0], field) {
			t.Errorf("log line lacks %s: %s", field, lines[0])
		}
	}
}

func TestUnemulatedServiceIsNotImplemented(t *testing.T) {
	e := startEnv(t)
	req, err := http.NewRequestWithContext(context.Background(), http.MethodPost, e.srv.URL()+"/", strings.NewReader(`{}`))
	must(t, err)
	req.Header.Set("X-Amz-Target", "Kinesis_20131202.ListStreams")
	req.Header.Set("Content-Type", "application/x-amz-json-1.1")
	req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=AKID/20240101/us-east-1/kinesis/aws4_request, SignedHeaders=host, Signature=0")
	resp, err := http.DefaultClient.Do(req)
	must(t, err)
	defer func() { _ = resp.Body.Close() }()
	var body bytes.Buffer
	_, _ = body.ReadFrom(resp.Body)
	if resp.StatusCode != http.StatusNotImplemented || !strings.Contains(body.String(), `"__type":"NotImplemented"`) || resp.Header.Get("X-Amzn-Requestid") == "" {
		t.Fatalf("got %d %s", resp.StatusCode, body.String())
	}
}
