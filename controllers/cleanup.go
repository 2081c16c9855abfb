package controllers

import (
	"context"
	"errors"
	"fmt"
	"slices"

	corev1 "k8s.io/api/core/v1"

	deployv1alpha1 "github.com/panther-operator/panther-operator/api/v1alpha1"
	"github.com/panther-operator/panther-operator/internal/cloud"
	"github.com/panther-operator/panther-operator/internal/metrics"
)

// lambdaLogGroupPrefix names the log groups of Panther's functions, which the functions
// recreate after their stacks delete them and which would make the next deploy fail.
const lambdaLogGroupPrefix = "/aws/lambda/panther-"

// Bucket clean-up results.
const (
	bucketDeleted      = "Deleted"
	bucketLeftToExpire = "LeftToExpire"
)

// cleanUp runs after every stack is gone, as the original's teardown did: it empties and
// deletes the buckets the stacks declared and left behind (or leaves the largest to expire),
// then deletes the log groups of the stacks' functions. Every bucket is confirmed by its
// ownership tags first; a bucket or log group the operator may not read or delete stalls the
// teardown with the permission to grant, and the finalizer stays.
func (r *PantherDeploymentReconciler) cleanUp(ctx context.Context, s *scope) error {
	report := &deployv1alpha1.TeardownStatus{}
	s.obj.Status.Teardown = report
	for _, bucket := range recordedBuckets(s.obj) {
		entry, err := r.cleanUpBucket(ctx, s, bucket)
		if err != nil {
			return err
		}
		if entry != nil {
			metrics.TeardownBuckets.WithLabelValues(entry.Result).Inc()
			report.Buckets = append(report.Buckets, *entry)
		}
	}
	deleted, err := r.cleanUpLogGroups(ctx, s)
	report.LogGroupsDeleted = int32(min(deleted, 1<<30))
	if deleted > 0 {
		s.note(corev1.EventTypeNormal, "LogGroupsDeleted", "Delete", fmt.Sprintf("Deleted %d Lambda log group%s", deleted,
			map[bool]string{true: "", false: "s"}[deleted == 1]))
	}
	return err
}

// cleanUpBucket empties and deletes one recorded bucket that carries the deployment's
// ownership tags; it returns nil for a bucket that is gone or not the deployment's.
func (r *PantherDeploymentReconciler) cleanUpBucket(ctx context.Context, s *scope, bucket string) (*deployv1alpha1.BucketCleanup, error) {
	tags, err := s.clients.Cleanup.BucketTags(ctx, bucket)
	switch {
	case errors.Is(err, cloud.ErrNotFound):
		return nil, nil
	case err != nil:
		return nil, cleanupError(err, "bucket "+bucket, "s3:GetBucketTagging")
	case !ownsBucket(tags, s.obj):
		s.log.Info("Leaving a bucket without this deployment's ownership tags", "bucket", bucket)
		return nil, nil
	}
	versions, emptied, err := s.clients.Cleanup.EmptyBucket(ctx, bucket)
	if err != nil {
		return nil, cleanupError(err, "bucket "+bucket, "s3:ListBucketVersions and s3:DeleteObjectVersion")
	}
	entry := &deployv1alpha1.BucketCleanup{Name: bucket, Versions: int32(min(versions, 1<<30))}
	if !emptied {
		if err := s.clients.Cleanup.ExpireBucket(ctx, bucket); err != nil {
			return nil, cleanupError(err, "bucket "+bucket, "s3:PutLifecycleConfiguration")
		}
		entry.Result = bucketLeftToExpire
		s.note(corev1.EventTypeWarning, "BucketLeftToExpire", "Delete", fmt.Sprintf(
			"Bucket %s holds %d or more object versions: it got the %s lifecycle rule and is left to expire; delete it once it is empty",
			bucket, cloud.MaxVersionsToEmpty, cloud.ExpireEverythingRule))
		return entry, nil
	}
	if err := s.clients.Cleanup.DeleteBucket(ctx, bucket); err != nil {
		return nil, cleanupError(err, "bucket "+bucket, "s3:DeleteBucket")
	}
	entry.Result = bucketDeleted
	s.note(corev1.EventTypeNormal, "BucketDeleted", "Delete",
		fmt.Sprintf("Deleted bucket %s (%d object versions)", bucket, versions))
	return entry, nil
}

// ownsBucket reports whether a bucket's tags say it is this deployment's Panther bucket.
func ownsBucket(tags map[string]string, obj *deployv1alpha1.PantherDeployment) bool {
	return tags["Application"] == "Panther" && tags[deployv1alpha1.OwnerTagKey] == ownerValue(obj)
}

// cleanUpLogGroups deletes the log groups of the functions the stacks declared and, for the
// deployment that owns the account and region, every other /aws/lambda/panther- group not
// tagged as another deployment's: functions create their groups untagged. It returns how many
// it deleted.
func (r *PantherDeploymentReconciler) cleanUpLogGroups(ctx context.Context, s *scope) (int, error) {
	names := recordedLogGroups(s.obj)
	if s.obj.Status.ClaimedAt != nil {
		groups, err := s.clients.Cleanup.LogGroups(ctx, lambdaLogGroupPrefix)
		if err != nil {
			return 0, cleanupError(err, "the "+lambdaLogGroupPrefix+" log groups", "logs:DescribeLogGroups and logs:ListTagsForResource")
		}
		for name, tags := range groups {
			if owner, tagged := tags[deployv1alpha1.OwnerTagKey]; !tagged || owner == ownerValue(s.obj) {
				names = append(names, name)
			}
		}
	}
	slices.Sort(names)
	deleted := 0
	for _, name := range slices.Compact(names) {
		existed, err := s.clients.Cleanup.DeleteLogGroup(ctx, name)
		if err != nil {
			return deleted, cleanupError(err, "log group "+name, "logs:DeleteLogGroup")
		}
		if existed {
			deleted++
		}
	}
	return deleted, nil
}

// cleanupError is what a failed clean-up call means for the teardown: a permission to grant
// (Stalled, naming what and which permission), or an AWS error to retry.
func cleanupError(err error, what, permission string) error {
	if errors.Is(err, cloud.ErrAccessDenied) {
		return stalled(deployv1alpha1.ReasonCleanupBlocked,
			"AWS denied the operator access to %s (%s): grant %s to the deployment's role; the teardown waits and retries",
			what, cloud.ErrorCode(err), permission)
	}
	return transient(deployv1alpha1.ReasonAWSError, err)
}
