package localaws_test

import (
	"bytes"
	"io"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/s3/transfermanager"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// TestS3TransferManager20MB moves 20 MB through the SDK's transfer
// manager, which uploads in parts and downloads in ranges.
func TestS3TransferManager20MB(t *testing.T) {
	e := startEnv(t)
	c := ctx(t)
	_, err := e.s3.CreateBucket(c, &s3.CreateBucketInput{Bucket: aws.String("transfer")})
	must(t, err)
	data := make([]byte, 20<<20)
	for i := range data {
		data[i] = byte(i * 7 % 251)
	}
	tm := transfermanager.New(e.s3)
	_, err = tm.UploadObject(c, &transfermanager.UploadObjectInput{Bucket: aws.String("transfer"), Key: aws.String("blob"), Body: bytes.NewReader(data)})
	must(t, err)
	out, err := tm.GetObject(c, &transfermanager.GetObjectInput{Bucket: aws.String("transfer"), Key: aws.String("blob")})
	must(t, err)
	got, err := io.ReadAll(out.Body)
	must(t, err)
	if !bytes.Equal(got, data) {
		t.Fatalf("downloaded %d bytes differ from the %d uploaded", len(got), len(data))
	}
}
