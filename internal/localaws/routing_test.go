package localaws_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// TestS3VirtualHostStyle sends virtual-host style requests
// (bucket.s3.localhost) by dialling the emulator for every host name.
func TestS3VirtualHostStyle(t *testing.T) {
	e := startEnv(t)
	c := ctx(t)
	addr := e.srv.Addr()
	_, port, _ := net.SplitHostPort(addr)
	dialer := &net.Dialer{}
	hc := awshttp.NewBuildableClient().WithTransportOptions(func(tr *http.Transport) {
		tr.DialContext = func(ctx context.Context, network, _ string) (net.Conn, error) {
			return dialer.DialContext(ctx, network, addr)
		}
	})
	vh := s3.NewFromConfig(e.cfg, func(o *s3.Options) {
		o.BaseEndpoint = aws.String("http://s3.localhost:" + port)
		o.HTTPClient = hc
	})
	_, err := vh.CreateBucket(c, &s3.CreateBucketInput{Bucket: aws.String("vhost")})
	must(t, err)
	_, err = vh.PutObject(c, &s3.PutObjectInput{Bucket: aws.String("vhost"), Key: aws.String("dir/file.txt"), Body: bytes.NewReader([]byte("hello"))})
	must(t, err)
	// Path style sees the same object.
	out, err := e.s3.GetObject(c, &s3.GetObjectInput{Bucket: aws.String("vhost"), Key: aws.String("dir/file.txt")})
	must(t, err)
	body, _ := io.ReadAll(out.Body)
	if string(body) != "hello" {
		t.Fatalf("body %q", body)
	}
}

// TestErrorShapesCarryRequestIDs checks that each protocol's error is
// parsed by the SDK into its code and request ID.
func TestErrorShapesCarryRequestIDs(t *testing.T) {
	e := startEnv(t)
	c := ctx(t)
	_, s3Err := e.s3.GetObject(c, &s3.GetObjectInput{Bucket: aws.String("none"), Key: aws.String("k")})
	_, logsErr := e.logs.DeleteLogGroup(c, &cloudwatchlogs.DeleteLogGroupInput{LogGroupName: aws.String("none")})
	_, cfnErr := e.cfn.DescribeStacks(c, &cloudformation.DescribeStacksInput{StackName: aws.String("none")})
	for code, err := range map[string]error{"NoSuchBucket": s3Err, "ResourceNotFoundException": logsErr, "ValidationError": cfnErr} {
		wantCode(t, err, code)
		var re *awshttp.ResponseError
		if !errors.As(err, &re) || re.ServiceRequestID() == "" {
			t.Fatalf("%s: no request ID in %v", code, err)
		}
	}
	if cfnErr.Error() == "" || !bytes.Contains([]byte(cfnErr.Error()), []byte("Stack with id none does not exist")) {
		t.Fatalf("CloudFormation message: %v", cfnErr)
	}
}
