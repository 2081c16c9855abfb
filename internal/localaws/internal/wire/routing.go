package wire

import (
	"net"
	"net/http"
	"net/url"
	"strings"
)

// S3Target is the bucket and key a request addresses.
type S3Target struct {
	Bucket string
	Key    string
}

// parseS3Target reads the bucket from a virtual-host style Host header
// (bucket.s3.localhost, bucket.s3.us-east-1.amazonaws.com, bucket.localhost)
// or else from the first path segment.
func parseS3Target(r *http.Request) S3Target {
	path := r.URL.EscapedPath()
	if unescaped, err := url.PathUnescape(path); err == nil {
		path = unescaped
	}
	path = strings.TrimPrefix(path, "/")
	if bucket := BucketFromHost(r.Host); bucket != "" {
		return S3Target{Bucket: bucket, Key: path}
	}
	bucket, key, _ := strings.Cut(path, "/")
	return S3Target{Bucket: bucket, Key: key}
}

// BucketFromHost returns the bucket of a virtual-host style host name.
func BucketFromHost(host string) string {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	if net.ParseIP(host) != nil {
		return ""
	}
	if i := strings.Index(host, ".s3."); i > 0 {
		return host[:i]
	}
	if i := strings.Index(host, ".s3-"); i > 0 && strings.HasSuffix(host, ".amazonaws.com") {
		return host[:i]
	}
	if strings.HasSuffix(host, ".localhost") && !strings.HasPrefix(host, "s3.") {
		return strings.TrimSuffix(host, ".localhost")
	}
	return ""
}
