package controllers

import (
	"context"
	"fmt"

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
// deletes the retained bootstrap buckets this deployment owns (or leaves the largest to
// expire), then deletes the Panther Lambda log groups of the region.
func (r *PantherDeploymentReconciler) cleanUp(ctx context.Context, s *scope) error {
	report := &deployv1alpha1.TeardownStatus{}
	s.obj.Status.Teardown = report
	buckets, err := s.clients.Cleanup.Buckets(ctx, map[string]string{
		"Application": "Panther", "Stack": "panther-bootstrap", deployv1alpha1.OwnerTagKey: ownerValue(s.obj),
	})
	if err != nil {
		return transient(deployv1alpha1.ReasonAWSError, err)
	}
	for _, bucket := range buckets {
		versions, emptied, err := s.clients.Cleanup.EmptyBucket(ctx, bucket)
		if err != nil {
			return transient(deployv1alpha1.ReasonAWSError, err)
		}
		entry := deployv1alpha1.BucketCleanup{Name: bucket, Versions: int32(min(versions, 1<<30))}
		if !emptied {
			if err := s.clients.Cleanup.ExpireBucket(ctx, bucket); err != nil {
				return transient(deployv1alpha1.ReasonAWSError, err)
			}
			entry.Result = bucketLeftToExpire
			s.note(corev1.EventTypeWarning, "BucketLeftToExpire", "Delete", fmt.Sprintf(
				"Bucket %s holds %d or more object versions: it got the %s lifecycle rule and is left to expire; delete it once it is empty",
				bucket, cloud.MaxVersionsToEmpty, cloud.ExpireEverythingRule))
		} else {
			if err := s.clients.Cleanup.DeleteBucket(ctx, bucket); err != nil {
				return transient(deployv1alpha1.ReasonAWSError, err)
			}
			entry.Result = bucketDeleted
			s.note(corev1.EventTypeNormal, "BucketDeleted", "Delete",
				fmt.Sprintf("Deleted bucket %s (%d object versions)", bucket, versions))
		}
		metrics.TeardownBuckets.WithLabelValues(entry.Result).Inc()
		report.Buckets = append(report.Buckets, entry)
	}

	groups, err := s.clients.Cleanup.LogGroups(ctx, lambdaLogGroupPrefix)
	if err != nil {
		return transient(deployv1alpha1.ReasonAWSError, err)
	}
	for name, tags := range groups {
		// Functions create their log groups untagged; a group another deployment tagged as
		// its own is not ours to delete.
		if owner, tagged := tags[deployv1alpha1.OwnerTagKey]; tagged && owner != ownerValue(s.obj) {
			continue
		}
		if err := s.clients.Cleanup.DeleteLogGroup(ctx, name); err != nil {
			return transient(deployv1alpha1.ReasonAWSError, err)
		}
		report.LogGroupsDeleted++
	}
	if report.LogGroupsDeleted > 0 {
		s.note(corev1.EventTypeNormal, "LogGroupsDeleted", "Delete",
			fmt.Sprintf("Deleted %d %s* log groups", report.LogGroupsDeleted, lambdaLogGroupPrefix))
	}
	return nil
}
