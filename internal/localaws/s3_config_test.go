package localaws_test

import (
	"bytes"
	"io"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
)

func TestS3RegionsAndAccounts(t *testing.T) {
	e := startEnv(t)
	c := ctx(t)
	west := s3.NewFromConfig(e.cfg, func(o *s3.Options) { o.UsePathStyle = true; o.Region = "eu-west-1" })
	_, err := west.CreateBucket(c, &s3.CreateBucketInput{Bucket: aws.String("west-bucket")})
	wantCode(t, err, "IllegalLocationConstraintException")
	_, err = west.CreateBucket(c, &s3.CreateBucketInput{Bucket: aws.String("west-bucket"),
		CreateBucketConfiguration: &types.CreateBucketConfiguration{LocationConstraint: types.BucketLocationConstraintEuWest1}})
	must(t, err)
	_, err = west.CreateBucket(c, &s3.CreateBucketInput{Bucket: aws.String("west-bucket"),
		CreateBucketConfiguration: &types.CreateBucketConfiguration{LocationConstraint: types.BucketLocationConstraintEuWest1}})
	wantCode(t, err, "BucketAlreadyOwnedByYou")
	loc, err := e.s3.GetBucketLocation(c, &s3.GetBucketLocationInput{Bucket: aws.String("west-bucket")})
	must(t, err)
	if loc.LocationConstraint != types.BucketLocationConstraintEuWest1 {
		t.Fatalf("location %q", loc.LocationConstraint)
	}
	_, err = e.s3.CreateBucket(c, &s3.CreateBucketInput{Bucket: aws.String("Bad_Name")})
	wantCode(t, err, "InvalidBucketName")

	other := newEnv(t, e.srv, "222233334444")
	_, err = other.s3.CreateBucket(c, &s3.CreateBucketInput{Bucket: aws.String("west-bucket")})
	wantCode(t, err, "BucketAlreadyExists")
	list, err := other.s3.ListBuckets(c, &s3.ListBucketsInput{})
	must(t, err)
	if len(list.Buckets) != 0 {
		t.Fatalf("another account sees %d buckets", len(list.Buckets))
	}
}

func TestS3BucketConfigurations(t *testing.T) {
	e := startEnv(t)
	c := ctx(t)
	b := aws.String("cfg-bucket")
	_, err := e.s3.CreateBucket(c, &s3.CreateBucketInput{Bucket: b})
	must(t, err)
	_, err = e.s3.PutBucketLifecycleConfiguration(c, &s3.PutBucketLifecycleConfigurationInput{Bucket: b,
		LifecycleConfiguration: &types.BucketLifecycleConfiguration{Rules: []types.LifecycleRule{{
			ID: aws.String("expire"), Status: types.ExpirationStatusEnabled,
			Filter:     &types.LifecycleRuleFilter{Prefix: aws.String("tmp/")},
			Expiration: &types.LifecycleExpiration{Days: aws.Int32(30)},
		}}}})
	must(t, err)
	lc, err := e.s3.GetBucketLifecycleConfiguration(c, &s3.GetBucketLifecycleConfigurationInput{Bucket: b})
	must(t, err)
	if len(lc.Rules) != 1 || aws.ToInt32(lc.Rules[0].Expiration.Days) != 30 {
		t.Fatalf("lifecycle %+v", lc.Rules)
	}
	_, err = e.s3.DeleteBucketLifecycle(c, &s3.DeleteBucketLifecycleInput{Bucket: b})
	must(t, err)
	_, err = e.s3.GetBucketLifecycleConfiguration(c, &s3.GetBucketLifecycleConfigurationInput{Bucket: b})
	wantCode(t, err, "NoSuchLifecycleConfiguration")

	empty, err := e.s3.GetBucketNotificationConfiguration(c, &s3.GetBucketNotificationConfigurationInput{Bucket: b})
	must(t, err)
	if len(empty.TopicConfigurations) != 0 {
		t.Fatal("fresh bucket has notifications")
	}
	topic := createTopic(t, e, "events")
	_, err = e.s3.PutBucketNotificationConfiguration(c, &s3.PutBucketNotificationConfigurationInput{Bucket: b,
		NotificationConfiguration: &types.NotificationConfiguration{TopicConfigurations: []types.TopicConfiguration{{
			TopicArn: aws.String(topic), Events: []types.Event{types.EventS3ObjectCreated},
		}}}})
	must(t, err)
	n, err := e.s3.GetBucketNotificationConfiguration(c, &s3.GetBucketNotificationConfigurationInput{Bucket: b})
	must(t, err)
	if len(n.TopicConfigurations) != 1 || aws.ToString(n.TopicConfigurations[0].TopicArn) != topic {
		t.Fatalf("notifications %+v", n.TopicConfigurations)
	}

	_, err = e.s3.PutBucketAcl(c, &s3.PutBucketAclInput{Bucket: b, ACL: types.BucketCannedACLPublicRead})
	must(t, err)
	acl, err := e.s3.GetBucketAcl(c, &s3.GetBucketAclInput{Bucket: b})
	must(t, err)
	if len(acl.Grants) != 2 {
		t.Fatalf("grants %+v", acl.Grants)
	}
	_, err = e.s3.PutBucketAcl(c, &s3.PutBucketAclInput{Bucket: b, ACL: "not-an-acl"})
	wantCode(t, err, "InvalidArgument")

	_, err = e.s3.GetBucketPolicy(c, &s3.GetBucketPolicyInput{Bucket: b})
	wantCode(t, err, "NoSuchBucketPolicy")
	_, err = e.s3.PutBucketPolicy(c, &s3.PutBucketPolicyInput{Bucket: b, Policy: aws.String(`{"Version":"2012-10-17","Statement":[]}`)})
	must(t, err)
	pol, err := e.s3.GetBucketPolicy(c, &s3.GetBucketPolicyInput{Bucket: b})
	must(t, err)
	if !strings.Contains(aws.ToString(pol.Policy), "2012-10-17") {
		t.Fatalf("policy %s", aws.ToString(pol.Policy))
	}
	v, err := e.s3.GetBucketVersioning(c, &s3.GetBucketVersioningInput{Bucket: b})
	must(t, err)
	if v.Status != "" {
		t.Fatalf("fresh versioning %q", v.Status)
	}
}

func TestS3Objects(t *testing.T) {
	e := startEnv(t)
	c := ctx(t)
	b := aws.String("objects")
	_, err := e.s3.CreateBucket(c, &s3.CreateBucketInput{Bucket: b})
	must(t, err)
	_, err = e.s3.PutObject(c, &s3.PutObjectInput{Bucket: b, Key: aws.String("logs/2024/a.json"), Body: strings.NewReader("0123456789"),
		ContentType: aws.String("application/json"), Metadata: map[string]string{"owner": "panther"}})
	must(t, err)
	for _, k := range []string{"logs/2024/b.json", "logs/2025/c.json", "top.txt"} {
		_, err = e.s3.PutObject(c, &s3.PutObjectInput{Bucket: b, Key: aws.String(k), Body: bytes.NewReader(nil)})
		must(t, err)
	}
	head, err := e.s3.HeadObject(c, &s3.HeadObjectInput{Bucket: b, Key: aws.String("logs/2024/a.json")})
	must(t, err)
	if aws.ToInt64(head.ContentLength) != 10 || aws.ToString(head.ContentType) != "application/json" || head.Metadata["owner"] != "panther" {
		t.Fatalf("head %+v", head)
	}
	part, err := e.s3.GetObject(c, &s3.GetObjectInput{Bucket: b, Key: aws.String("logs/2024/a.json"), Range: aws.String("bytes=2-4")})
	must(t, err)
	data, _ := io.ReadAll(part.Body)
	if string(data) != "234" {
		t.Fatalf("range read %q", data)
	}
	_, err = e.s3.HeadObject(c, &s3.HeadObjectInput{Bucket: b, Key: aws.String("missing")})
	if err == nil {
		t.Fatal("HeadObject of a missing key succeeded")
	}

	none, err := e.s3.ListObjectsV2(c, &s3.ListObjectsV2Input{Bucket: b, MaxKeys: aws.Int32(0)})
	must(t, err)
	if len(none.Contents) != 0 || aws.ToBool(none.IsTruncated) {
		t.Fatalf("max-keys 0: %d keys, truncated %v", len(none.Contents), aws.ToBool(none.IsTruncated))
	}
	list, err := e.s3.ListObjectsV2(c, &s3.ListObjectsV2Input{Bucket: b, Prefix: aws.String("logs/"), Delimiter: aws.String("/")})
	must(t, err)
	if len(list.CommonPrefixes) != 2 || len(list.Contents) != 0 {
		t.Fatalf("delimited listing: %d prefixes %d objects", len(list.CommonPrefixes), len(list.Contents))
	}
	del, err := e.s3.DeleteObjects(c, &s3.DeleteObjectsInput{Bucket: b, Delete: &types.Delete{Objects: []types.ObjectIdentifier{
		{Key: aws.String("logs/2024/a.json")}, {Key: aws.String("logs/2024/b.json")}}}})
	must(t, err)
	if len(del.Deleted) != 2 {
		t.Fatalf("deleted %+v", del.Deleted)
	}
	all, err := e.s3.ListObjectsV2(c, &s3.ListObjectsV2Input{Bucket: b})
	must(t, err)
	if aws.ToInt32(all.KeyCount) != 2 {
		t.Fatalf("keys left: %d", aws.ToInt32(all.KeyCount))
	}
	_, err = e.s3.CopyObject(c, &s3.CopyObjectInput{Bucket: b, Key: aws.String("top.txt"), CopySource: aws.String("objects/top.txt")})
	wantCode(t, err, "InvalidRequest")
	_, err = e.s3.CopyObject(c, &s3.CopyObjectInput{Bucket: b, Key: aws.String("x"), CopySource: aws.String("objects/none")})
	wantCode(t, err, "NoSuchKey")
}

func TestS3MultipartErrors(t *testing.T) {
	e := startEnv(t)
	c := ctx(t)
	b, k := aws.String("multipart"), aws.String("obj")
	_, err := e.s3.CreateBucket(c, &s3.CreateBucketInput{Bucket: b})
	must(t, err)
	up, err := e.s3.CreateMultipartUpload(c, &s3.CreateMultipartUploadInput{Bucket: b, Key: k})
	must(t, err)
	small, err := e.s3.UploadPart(c, &s3.UploadPartInput{Bucket: b, Key: k, UploadId: up.UploadId, PartNumber: aws.Int32(1), Body: strings.NewReader("tiny")})
	must(t, err)
	last, err := e.s3.UploadPart(c, &s3.UploadPartInput{Bucket: b, Key: k, UploadId: up.UploadId, PartNumber: aws.Int32(2), Body: strings.NewReader("end")})
	must(t, err)
	parts, err := e.s3.ListParts(c, &s3.ListPartsInput{Bucket: b, Key: k, UploadId: up.UploadId})
	must(t, err)
	if len(parts.Parts) != 2 {
		t.Fatalf("parts %+v", parts.Parts)
	}
	_, err = e.s3.CompleteMultipartUpload(c, &s3.CompleteMultipartUploadInput{Bucket: b, Key: k, UploadId: up.UploadId,
		MultipartUpload: &types.CompletedMultipartUpload{Parts: []types.CompletedPart{
			{PartNumber: aws.Int32(1), ETag: small.ETag}, {PartNumber: aws.Int32(2), ETag: last.ETag}}}})
	wantCode(t, err, "EntityTooSmall")
	_, err = e.s3.CompleteMultipartUpload(c, &s3.CompleteMultipartUploadInput{Bucket: b, Key: k, UploadId: up.UploadId,
		MultipartUpload: &types.CompletedMultipartUpload{Parts: []types.CompletedPart{{PartNumber: aws.Int32(3), ETag: small.ETag}}}})
	wantCode(t, err, "InvalidPart")
	_, err = e.s3.AbortMultipartUpload(c, &s3.AbortMultipartUploadInput{Bucket: b, Key: k, UploadId: up.UploadId})
	must(t, err)
	_, err = e.s3.UploadPart(c, &s3.UploadPartInput{Bucket: b, Key: k, UploadId: up.UploadId, PartNumber: aws.Int32(1), Body: strings.NewReader("x")})
	wantCode(t, err, "NoSuchUpload")
}
