package wire

import (
	"net/http"
	"net/url"
	"regexp"
	"testing"
)

func TestParseCredentialScope(t *testing.T) {
	cases := []struct {
		auth, query string
		want        credentialScope
	}{
		{"AWS4-HMAC-SHA256 Credential=AKID/20260101/eu-west-1/dynamodb/aws4_request, SignedHeaders=host, Signature=x", "",
			credentialScope{"AKID", "eu-west-1", "dynamodb"}},
		{"AWS4-HMAC-SHA256 Credential=AKID/20260101/eu-west-1/sqs/aws4_request SignedHeaders=host", "",
			credentialScope{"AKID", "eu-west-1", "sqs"}},
		{"AWS4-HMAC-SHA256 Credential=AKID/20260101/eu-west-1/s3", "", credentialScope{AccessKey: "AKID"}},
		{"", "X-Amz-Credential=AKID%2F20260101%2Fus-west-2%2Fs3%2Faws4_request", credentialScope{"AKID", "us-west-2", "s3"}},
		{"", "", credentialScope{}},
		{"Bearer token", "", credentialScope{}},
	}
	for _, c := range cases {
		r := &http.Request{Header: http.Header{}, URL: &url.URL{RawQuery: c.query}}
		if c.auth != "" {
			r.Header.Set("Authorization", c.auth)
		}
		if got := parseCredentialScope(r); got != c.want {
			t.Errorf("%q %q: %+v, want %+v", c.auth, c.query, got, c.want)
		}
	}
}

func TestNewRequestID(t *testing.T) {
	shape := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)
	if a, b := newRequestID(), newRequestID(); !shape.MatchString(a) || a == b {
		t.Fatalf("request IDs %q, %q", a, b)
	}
}
