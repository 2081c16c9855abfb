package cloud

import (
	"bytes"
	"context"
	"errors"
	"net/http"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/smithy-go"
)

// contentHashKey is the object metadata that records the SHA-256 of what was uploaded, so that
// a later publish can skip objects whose content is already there.
const contentHashKey = "sha256"

// ReleaseStore writes a release into its bucket.
type ReleaseStore interface {
	// EnsureBucket creates the bucket in the client's region unless it exists.
	EnsureBucket(ctx context.Context, bucket string) error
	// ContentHash returns the SHA-256 recorded on an object, or ErrNotFound.
	ContentHash(ctx context.Context, bucket, key string) (string, error)
	// Put uploads an object and records its SHA-256.
	Put(ctx context.Context, bucket, key string, data []byte, sha256Hex string) error
}

type releaseStore struct {
	s3     *s3.Client
	region string
}

func (r *releaseStore) EnsureBucket(ctx context.Context, bucket string) error {
	_, err := r.s3.HeadBucket(ctx, &s3.HeadBucketInput{Bucket: aws.String(bucket)})
	if err == nil {
		return nil
	}
	if !isNotFound(err) {
		return wrapError("HeadBucket", err)
	}
	input := &s3.CreateBucketInput{Bucket: aws.String(bucket)}
	if r.region != "" && r.region != "us-east-1" {
		input.CreateBucketConfiguration = &types.CreateBucketConfiguration{
			LocationConstraint: types.BucketLocationConstraint(r.region),
		}
	}
	_, err = r.s3.CreateBucket(ctx, input)
	var owned *types.BucketAlreadyOwnedByYou
	if errors.As(err, &owned) {
		return nil
	}
	return wrapError("CreateBucket", err)
}

func (r *releaseStore) ContentHash(ctx context.Context, bucket, key string) (string, error) {
	out, err := r.s3.HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
	if err != nil {
		if isNotFound(err) {
			return "", ErrNotFound
		}
		return "", wrapError("HeadObject", err)
	}
	return out.Metadata[contentHashKey], nil
}

func (r *releaseStore) Put(ctx context.Context, bucket, key string, data []byte, sha256Hex string) error {
	_, err := r.s3.PutObject(ctx, &s3.PutObjectInput{
		Bucket:   aws.String(bucket),
		Key:      aws.String(key),
		Body:     bytes.NewReader(data),
		Metadata: map[string]string{contentHashKey: sha256Hex},
	})
	return wrapError("PutObject", err)
}

// isNotFound reports whether S3 answered err's call with 404; answers to HEAD requests carry
// no error code, only the status.
func isNotFound(err error) bool {
	var respErr interface{ HTTPStatusCode() int }
	if errors.As(err, &respErr) && respErr.HTTPStatusCode() == http.StatusNotFound {
		return true
	}
	var apiErr smithy.APIError
	return errors.As(err, &apiErr) && (apiErr.ErrorCode() == "NotFound" || apiErr.ErrorCode() == "NoSuchBucket")
}
