package localaws_test

import (
	"bytes"
	"fmt"
	"io"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/s3/manager"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
)

func TestS3BucketLifecycle(t *testing.T) {
	e := startEnv(t)
	c := ctx(t)
	_, err := e.s3.CreateBucket(c, &s3.CreateBucketInput{Bucket: aws.String("data")})
	must(t, err)
	_, err = e.s3.HeadBucket(c, &s3.HeadBucketInput{Bucket: aws.String("missing")})
	if err == nil {
		t.Fatal("HeadBucket of a missing bucket succeeded")
	}
	_, err = e.s3.PutObject(c, &s3.PutObjectInput{Bucket: aws.String("data"), Key: aws.String("a"), Body: bytes.NewReader([]byte("x"))})
	must(t, err)
	_, err = e.s3.DeleteBucket(c, &s3.DeleteBucketInput{Bucket: aws.String("data")})
	wantCode(t, err, "BucketNotEmpty")
	_, err = e.s3.GetBucketTagging(c, &s3.GetBucketTaggingInput{Bucket: aws.String("data")})
	wantCode(t, err, "NoSuchTagSet")
	_, err = e.s3.GetObject(c, &s3.GetObjectInput{Bucket: aws.String("data"), Key: aws.String("missing")})
	wantCode(t, err, "NoSuchKey")
	_, err = e.s3.PutBucketTagging(c, &s3.PutBucketTaggingInput{Bucket: aws.String("data"),
		Tagging: &types.Tagging{TagSet: []types.Tag{{Key: aws.String("team"), Value: aws.String("sec")}}}})
	must(t, err)
	tags, err := e.s3.GetBucketTagging(c, &s3.GetBucketTaggingInput{Bucket: aws.String("data")})
	must(t, err)
	if len(tags.TagSet) != 1 || aws.ToString(tags.TagSet[0].Value) != "sec" {
		t.Fatalf("tags: %+v", tags.TagSet)
	}
	_, err = e.s3.GetBucketLifecycleConfiguration(c, &s3.GetBucketLifecycleConfigurationInput{Bucket: aws.String("data")})
	wantCode(t, err, "NoSuchLifecycleConfiguration")
	_, err = e.s3.PutBucketAcl(c, &s3.PutBucketAclInput{Bucket: aws.String("data"), ACL: types.BucketCannedACLPrivate})
	must(t, err)
	loc, err := e.s3.GetBucketLocation(c, &s3.GetBucketLocationInput{Bucket: aws.String("data")})
	must(t, err)
	if loc.LocationConstraint != "" {
		t.Fatalf("us-east-1 location: %q", loc.LocationConstraint)
	}
	_, err = e.s3.DeleteObject(c, &s3.DeleteObjectInput{Bucket: aws.String("data"), Key: aws.String("a")})
	must(t, err)
	_, err = e.s3.DeleteBucket(c, &s3.DeleteBucketInput{Bucket: aws.String("data")})
	must(t, err)
	_, err = e.s3.GetObject(c, &s3.GetObjectInput{Bucket: aws.String("data"), Key: aws.String("a")})
	wantCode(t, err, "NoSuchBucket")
}

func TestS3ListObjectsV2Paginates(t *testing.T) {
	e := startEnv(t)
	c := ctx(t)
	_, err := e.s3.CreateBucket(c, &s3.CreateBucketInput{Bucket: aws.String("many")})
	must(t, err)
	for i := range 25 {
		_, err := e.s3.PutObject(c, &s3.PutObjectInput{Bucket: aws.String("many"), Key: aws.String(fmt.Sprintf("k/%02d", i)), Body: bytes.NewReader(nil)})
		must(t, err)
	}
	p := s3.NewListObjectsV2Paginator(e.s3, &s3.ListObjectsV2Input{Bucket: aws.String("many"), MaxKeys: aws.Int32(10)})
	n, pages := 0, 0
	for p.HasMorePages() {
		out, err := p.NextPage(c)
		must(t, err)
		n += len(out.Contents)
		pages++
	}
	if n != 25 || pages != 3 {
		t.Fatalf("got %d keys in %d pages", n, pages)
	}
}

func TestS3VersionsAndDeleteMarkers(t *testing.T) {
	e := startEnv(t)
	c := ctx(t)
	_, err := e.s3.CreateBucket(c, &s3.CreateBucketInput{Bucket: aws.String("ver")})
	must(t, err)
	_, err = e.s3.PutBucketVersioning(c, &s3.PutBucketVersioningInput{Bucket: aws.String("ver"),
		VersioningConfiguration: &types.VersioningConfiguration{Status: types.BucketVersioningStatusEnabled}})
	must(t, err)
	for i := range 3 {
		_, err := e.s3.PutObject(c, &s3.PutObjectInput{Bucket: aws.String("ver"), Key: aws.String("obj"), Body: bytes.NewReader([]byte{byte(i)})})
		must(t, err)
	}
	_, err = e.s3.DeleteObject(c, &s3.DeleteObjectInput{Bucket: aws.String("ver"), Key: aws.String("obj")})
	must(t, err)
	_, err = e.s3.GetObject(c, &s3.GetObjectInput{Bucket: aws.String("ver"), Key: aws.String("obj")})
	wantCode(t, err, "NoSuchKey")
	p := s3.NewListObjectVersionsPaginator(e.s3, &s3.ListObjectVersionsInput{Bucket: aws.String("ver"), MaxKeys: aws.Int32(2)})
	versions, markers := 0, 0
	for p.HasMorePages() {
		out, err := p.NextPage(c)
		must(t, err)
		versions += len(out.Versions)
		markers += len(out.DeleteMarkers)
	}
	if versions != 3 || markers != 1 {
		t.Fatalf("versions %d markers %d", versions, markers)
	}
}

func TestS3UploadManager20MB(t *testing.T) {
	e := startEnv(t)
	c := ctx(t)
	_, err := e.s3.CreateBucket(c, &s3.CreateBucketInput{Bucket: aws.String("big")})
	must(t, err)
	data := bytes.Repeat([]byte("0123456789abcdef"), 20<<20/16)
	// The upload manager is deprecated but still what most callers use; the
	// transfer manager has its own test.
	up := manager.NewUploader(e.s3)                                                                                            //nolint:staticcheck // deliberately the deprecated upload manager, which most callers still use
	_, err = up.Upload(c, &s3.PutObjectInput{Bucket: aws.String("big"), Key: aws.String("blob"), Body: bytes.NewReader(data)}) //nolint:staticcheck // as above
	must(t, err)
	out, err := e.s3.GetObject(c, &s3.GetObjectInput{Bucket: aws.String("big"), Key: aws.String("blob")})
	must(t, err)
	got, err := io.ReadAll(out.Body)
	must(t, err)
	if !bytes.Equal(got, data) {
		t.Fatalf("downloaded %d bytes differ from the %d uploaded", len(got), len(data))
	}
	cp, err := e.s3.CopyObject(c, &s3.CopyObjectInput{Bucket: aws.String("big"), Key: aws.String("copy"), CopySource: aws.String("big/blob")})
	must(t, err)
	if cp.CopyObjectResult == nil || cp.CopyObjectResult.ETag == nil {
		t.Fatal("CopyObject returned no ETag")
	}
}
