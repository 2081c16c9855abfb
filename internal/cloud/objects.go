package cloud

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// maxObjectSize bounds what ObjectReader reads into memory: release manifests are a few KB.
const maxObjectSize = 4 << 20

// ObjectReader reads small S3 objects, such as release manifests.
type ObjectReader interface {
	// Get returns the object's content; a missing bucket or key is ErrNotFound.
	Get(ctx context.Context, bucket, key string) ([]byte, error)
	// URL is the HTTPS address CloudFormation reads a template from.
	URL(ctx context.Context, bucket, key string) (string, error)
}

type objectReader struct {
	s3 *s3.Client
}

func (r *objectReader) Get(ctx context.Context, bucket, key string) ([]byte, error) {
	out, err := r.s3.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
	if err != nil {
		return nil, wrapError("GetObject", err)
	}
	defer func() { _ = out.Body.Close() }()
	data, err := io.ReadAll(io.LimitReader(out.Body, maxObjectSize+1))
	if err != nil {
		return nil, fmt.Errorf("reading s3://%s/%s: %w", bucket, key, err)
	}
	if len(data) > maxObjectSize {
		return nil, fmt.Errorf("s3://%s/%s is larger than %d bytes", bucket, key, maxObjectSize)
	}
	return data, nil
}

// URL presigns nothing: CloudFormation reads templates with the caller's own credentials. The
// address is the one the S3 client itself would use, so that a custom endpoint (such as a
// local emulator) is honoured.
func (r *objectReader) URL(ctx context.Context, bucket, key string) (string, error) {
	req, err := s3.NewPresignClient(r.s3).PresignGetObject(ctx,
		&s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
	if err != nil {
		return "", wrapError("GetObject", err)
	}
	address, _, _ := strings.Cut(req.URL, "?")
	return address, nil
}
