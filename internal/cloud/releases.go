package cloud

import (
	"bytes"
	"context"
	"errors"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
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
	if err = wrapError("HeadBucket", err); !errors.Is(err, ErrNotFound) {
		return err
	}
	input := &s3.CreateBucketInput{Bucket: aws.String(bucket)}
	if r.region != "" && r.region != "us-east-1" {
		input.CreateBucketConfiguration = &types.CreateBucketConfiguration{
			LocationConstraint: types.BucketLocationConstraint(r.region),
		}
	}
	_, err = r.s3.CreateBucket(ctx, input)
	if err = wrapError("CreateBucket", err); errors.Is(err, ErrAlreadyExists) {
		return nil
	}
	return err
}

func (r *releaseStore) ContentHash(ctx context.Context, bucket, key string) (string, error) {
	out, err := r.s3.HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
	if err != nil {
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
