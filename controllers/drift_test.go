package controllers_test

import (
	"strings"
	"time"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	deployv1alpha1 "github.com/panther-operator/panther-operator/api/v1alpha1"
	"github.com/panther-operator/panther-operator/internal/panther"
)

// requestReconcile asks the operator to look again now, as a user would.
func requestReconcile(pd *deployv1alpha1.PantherDeployment) {
	GinkgoHelper()
	update(pd, func(p *deployv1alpha1.PantherDeployment) {
		if p.Annotations == nil {
			p.Annotations = map[string]string{}
		}
		p.Annotations[deployv1alpha1.AnnotationReconcileRequestedAt] = time.Now().Format(time.RFC3339Nano)
	})
}

// bucketTags reads a bucket's tag set.
func bucketTags(s3c *s3.Client, bucket string) []s3types.Tag {
	GinkgoHelper()
	out, err := s3c.GetBucketTagging(ctx, &s3.GetBucketTaggingInput{Bucket: awssdk.String(bucket)})
	Expect(err).NotTo(HaveOccurred())
	return out.TagSet
}

// putBucketTags replaces a bucket's tag set, as someone with the S3 console would; the aws:
// system tags are AWS's own and cannot be written.
func putBucketTags(s3c *s3.Client, bucket string, tags []s3types.Tag) {
	GinkgoHelper()
	var user []s3types.Tag
	for _, t := range tags {
		if !strings.HasPrefix(awssdk.ToString(t.Key), "aws:") {
			user = append(user, t)
		}
	}
	_, err := s3c.PutBucketTagging(ctx, &s3.PutBucketTaggingInput{Bucket: awssdk.String(bucket),
		Tagging: &s3types.Tagging{TagSet: user}})
	Expect(err).NotTo(HaveOccurred())
}

// withTag returns tags with one key's value replaced.
func withTag(tags []s3types.Tag, key, value string) []s3types.Tag {
	out := make([]s3types.Tag, 0, len(tags))
	for _, t := range tags {
		if awssdk.ToString(t.Key) == key {
			t.Value = awssdk.String(value)
		}
		out = append(out, t)
	}
	return out
}

var _ = Describe("Drift detection", func() {
	It("reports a bucket tag changed by hand as Drifted, and clears it once the change is reverted", func() {
		acct := newAccount()
		pd := newDeployment(acct, func(spec *deployv1alpha1.PantherDeploymentSpec) { spec.DriftDetection.Interval = "30m" })
		Expect(k8sClient.Create(ctx, pd)).To(Succeed())
		expectReady(pd)
		Eventually(condition(pd, deployv1alpha1.ConditionDrifted)).Should(Equal("False/"+deployv1alpha1.ReasonInSync),
			func() string { return conditionOf(pd, deployv1alpha1.ConditionDrifted).Message })

		By("changing a bootstrap bucket's tag outside CloudFormation")
		bucket := fetch(pd).Status.Outputs["InputDataBucket"]
		original := bucketTags(acct.s3(), bucket)
		putBucketTags(acct.s3(), bucket, withTag(original, "Application", "EditedByHand"))
		testClock.advance(time.Hour)
		requestReconcile(pd)
		Eventually(condition(pd, deployv1alpha1.ConditionDrifted)).Should(Equal("True/" + deployv1alpha1.ReasonDriftDetected))
		Expect(conditionOf(pd, deployv1alpha1.ConditionDrifted).Message).To(ContainSubstring("panther-bootstrap"))
		drift := stackStatus(pd, panther.Bootstrap).Drift
		Expect(drift.Status).To(Equal("DRIFTED"))
		Expect(drift.DriftedResources).To(BeNumerically(">=", 1))
		Expect(drift.Resources).To(ContainElement(SatisfyAll(
			HaveField("ResourceType", "AWS::S3::Bucket"), HaveField("Status", "MODIFIED"),
			HaveField("LogicalID", "InputDataBucket"), HaveField("Properties", ContainElement(ContainSubstring("/Tags"))))))
		Expect(conditionOf(pd, deployv1alpha1.ConditionReady).Status).To(BeEquivalentTo("True"), "drift does not make a deployment unready")
		Expect(eventMessages(pd)).To(ContainElement(HavePrefix(deployv1alpha1.ReasonDriftDetected + ": ")))

		By("reverting the change")
		putBucketTags(acct.s3(), bucket, original)
		testClock.advance(time.Hour)
		requestReconcile(pd)
		Eventually(condition(pd, deployv1alpha1.ConditionDrifted)).Should(Equal("False/" + deployv1alpha1.ReasonInSync))
		Eventually(func() []string { return eventMessages(pd) }).Should(ContainElement(HavePrefix(deployv1alpha1.ReasonInSync + ": ")))
	})

	It("is off with interval 0", func() {
		acct := newAccount()
		pd := newDeployment(acct, func(spec *deployv1alpha1.PantherDeploymentSpec) { spec.DriftDetection.Interval = "0" })
		Expect(k8sClient.Create(ctx, pd)).To(Succeed())
		expectReady(pd)
		Expect(callsOf(acct, fetch(pd).CreationTimestamp.Time, "DetectStackDrift")).To(BeEmpty())
		Expect(conditionOf(pd, deployv1alpha1.ConditionDrifted).Type).To(BeEmpty())
	})
})
