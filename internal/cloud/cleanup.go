package cloud

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
)

// The teardown's limits, the original's: at this many versions a bucket is left to expire
// instead of being emptied, and deletes go in batches of at most 1,000 keys.
const (
	MaxVersionsToEmpty = 10000
	deleteBatchSize    = 1000
	// ExpireEverythingRule is the lifecycle rule that empties a bucket left to expire.
	ExpireEverythingRule = "panther-expire-everything"
)

// Cleanup is what the teardown removes after the stacks: the Panther buckets CloudFormation
// retains, and the Lambda log groups functions recreate after their stacks are gone.
type Cleanup interface {
	// BucketTags returns a bucket's tags: empty when it has none, ErrNotFound when the bucket
	// is gone, and any other failure (ErrAccessDenied for a role without
	// s3:GetBucketTagging) as an error, never as "not ours".
	BucketTags(ctx context.Context, bucket string) (map[string]string, error)
	// EmptyBucket deletes every object version and delete marker, unless the bucket holds
	// MaxVersionsToEmpty or more; it reports how many it found and whether it emptied it.
	EmptyBucket(ctx context.Context, bucket string) (versions int, emptied bool, err error)
	// ExpireBucket sets a one-day expire-everything lifecycle rule and clears the bucket's
	// notifications, for a bucket too large to empty here.
	ExpireBucket(ctx context.Context, bucket string) error
	// DeleteBucket deletes an empty bucket; a missing bucket is not an error.
	DeleteBucket(ctx context.Context, bucket string) error
	// LogGroups lists the log groups whose names start with prefix, with their tags.
	LogGroups(ctx context.Context, prefix string) (map[string]map[string]string, error)
	// DeleteLogGroup deletes a log group and reports whether it existed; a missing one is not
	// an error.
	DeleteLogGroup(ctx context.Context, name string) (bool, error)
}

type cleanup struct {
	s3     *s3.Client
	logs   *cloudwatchlogs.Client
	region string
}

func (c *cleanup) BucketTags(ctx context.Context, bucket string) (map[string]string, error) {
	out, err := c.s3.GetBucketTagging(ctx, &s3.GetBucketTaggingInput{Bucket: aws.String(bucket)})
	if err != nil {
		err = wrapError("GetBucketTagging", err)
		if code := ErrorCode(err); code == "NoSuchTagSet" || code == "NoSuchTagSetError" {
			// S3's answer for a bucket without tags: a fact about the bucket, not a failure.
			return map[string]string{}, nil
		}
		return nil, err
	}
	tags := make(map[string]string, len(out.TagSet))
	for _, t := range out.TagSet {
		tags[aws.ToString(t.Key)] = aws.ToString(t.Value)
	}
	return tags, nil
}

func (c *cleanup) EmptyBucket(ctx context.Context, bucket string) (int, bool, error) {
	var entries []types.ObjectIdentifier
	pages := s3.NewListObjectVersionsPaginator(c.s3, &s3.ListObjectVersionsInput{Bucket: aws.String(bucket)})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			if err = wrapError("ListObjectVersions", err); errors.Is(err, ErrNotFound) {
				return 0, true, nil
			}
			return 0, false, err
		}
		for _, v := range page.Versions {
			entries = append(entries, types.ObjectIdentifier{Key: v.Key, VersionId: v.VersionId})
		}
		for _, m := range page.DeleteMarkers {
			entries = append(entries, types.ObjectIdentifier{Key: m.Key, VersionId: m.VersionId})
		}
		if len(entries) >= MaxVersionsToEmpty {
			return len(entries), false, nil
		}
	}
	for start := 0; start < len(entries); start += deleteBatchSize {
		batch := entries[start:min(start+deleteBatchSize, len(entries))]
		if err := c.deleteBatch(ctx, bucket, batch); err != nil {
			return len(entries), false, err
		}
	}
	return len(entries), true, nil
}

// deleteBatch deletes one batch, retrying the keys S3 could not delete with a growing pause.
func (c *cleanup) deleteBatch(ctx context.Context, bucket string, batch []types.ObjectIdentifier) error {
	pause := 100 * time.Millisecond
	for attempt := 0; ; attempt++ {
		out, err := c.s3.DeleteObjects(ctx, &s3.DeleteObjectsInput{
			Bucket: aws.String(bucket), Delete: &types.Delete{Objects: batch, Quiet: aws.Bool(true)},
		})
		if err != nil {
			return wrapError("DeleteObjects", err)
		}
		if len(out.Errors) == 0 {
			return nil
		}
		if attempt == 4 {
			e := out.Errors[0]
			return fmt.Errorf("DeleteObjects: %d keys of %s could not be deleted, e.g. %s: %s",
				len(out.Errors), bucket, aws.ToString(e.Key), aws.ToString(e.Message))
		}
		retry := batch[:0:0]
		for _, e := range out.Errors {
			retry = append(retry, types.ObjectIdentifier{Key: e.Key, VersionId: e.VersionId})
		}
		batch = retry
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(pause):
		}
		pause *= 2
	}
}

func (c *cleanup) ExpireBucket(ctx context.Context, bucket string) error {
	_, err := c.s3.PutBucketLifecycleConfiguration(ctx, &s3.PutBucketLifecycleConfigurationInput{
		Bucket: aws.String(bucket),
		LifecycleConfiguration: &types.BucketLifecycleConfiguration{Rules: []types.LifecycleRule{{
			ID:                             aws.String(ExpireEverythingRule),
			Status:                         types.ExpirationStatusEnabled,
			Filter:                         &types.LifecycleRuleFilter{Prefix: aws.String("")},
			Expiration:                     &types.LifecycleExpiration{Days: aws.Int32(1)},
			NoncurrentVersionExpiration:    &types.NoncurrentVersionExpiration{NoncurrentDays: aws.Int32(1)},
			AbortIncompleteMultipartUpload: &types.AbortIncompleteMultipartUpload{DaysAfterInitiation: aws.Int32(1)},
		}}},
	})
	if err != nil {
		return wrapError("PutBucketLifecycleConfiguration", err)
	}
	// Clearing the notifications is best effort, as in the original: the rule is what matters.
	_, _ = c.s3.PutBucketNotificationConfiguration(ctx, &s3.PutBucketNotificationConfigurationInput{
		Bucket: aws.String(bucket), NotificationConfiguration: &types.NotificationConfiguration{},
	})
	return nil
}

func (c *cleanup) DeleteBucket(ctx context.Context, bucket string) error {
	_, err := c.s3.DeleteBucket(ctx, &s3.DeleteBucketInput{Bucket: aws.String(bucket)})
	if err = wrapError("DeleteBucket", err); errors.Is(err, ErrNotFound) {
		return nil
	}
	return err
}

func (c *cleanup) LogGroups(ctx context.Context, prefix string) (map[string]map[string]string, error) {
	groups := map[string]map[string]string{}
	pages := cloudwatchlogs.NewDescribeLogGroupsPaginator(c.logs,
		&cloudwatchlogs.DescribeLogGroupsInput{LogGroupNamePrefix: aws.String(prefix)})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return nil, wrapError("DescribeLogGroups", err)
		}
		for _, g := range page.LogGroups {
			name := aws.ToString(g.LogGroupName)
			if !strings.HasPrefix(name, prefix) {
				continue
			}
			tags, err := c.logs.ListTagsForResource(ctx, &cloudwatchlogs.ListTagsForResourceInput{
				ResourceArn: aws.String(strings.TrimSuffix(aws.ToString(g.Arn), ":*")),
			})
			if err != nil {
				return nil, wrapError("ListTagsForResource", err)
			}
			groups[name] = tags.Tags
		}
	}
	return groups, nil
}

func (c *cleanup) DeleteLogGroup(ctx context.Context, name string) (bool, error) {
	_, err := c.logs.DeleteLogGroup(ctx, &cloudwatchlogs.DeleteLogGroupInput{LogGroupName: aws.String(name)})
	if err = wrapError("DeleteLogGroup", err); errors.Is(err, ErrNotFound) {
		return false, nil
	}
	return err == nil, err
}
