package controllers_test

import (
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

func setVersioning(s3c *s3.Client, bucket string, status s3types.BucketVersioningStatus) {
	GinkgoHelper()
	_, err := s3c.PutBucketVersioning(ctx, &s3.PutBucketVersioningInput{Bucket: awssdk.String(bucket),
		VersioningConfiguration: &s3types.VersioningConfiguration{Status: status}})
	Expect(err).NotTo(HaveOccurred())
}

var _ = Describe("Drift detection", func() {
	It("reports a bucket changed by hand as Drifted, and clears it once the change is reverted", func() {
		acct := newAccount()
		pd := newDeployment(acct, func(spec *deployv1alpha1.PantherDeploymentSpec) { spec.DriftDetection.Interval = "30m" })
		Expect(k8sClient.Create(ctx, pd)).To(Succeed())
		expectReady(pd)
		Eventually(condition(pd, deployv1alpha1.ConditionDrifted)).Should(Equal("False/"+deployv1alpha1.ReasonInSync),
			func() string { return conditionOf(pd, deployv1alpha1.ConditionDrifted).Message })

		By("suspending a bootstrap bucket's versioning outside CloudFormation")
		bucket := fetch(pd).Status.Outputs["InputDataBucket"]
		setVersioning(acct.s3(), bucket, s3types.BucketVersioningStatusSuspended)
		testClock.advance(time.Hour)
		requestReconcile(pd)
		Eventually(condition(pd, deployv1alpha1.ConditionDrifted)).Should(Equal("True/" + deployv1alpha1.ReasonDriftDetected))
		Expect(conditionOf(pd, deployv1alpha1.ConditionDrifted).Message).To(ContainSubstring("panther-bootstrap"))
		drift := stackStatus(pd, panther.Bootstrap).Drift
		Expect(drift.Status).To(Equal("DRIFTED"))
		Expect(drift.DriftedResources).To(BeNumerically(">=", 1))
		Expect(drift.Resources).To(ContainElement(SatisfyAll(
			HaveField("ResourceType", "AWS::S3::Bucket"), HaveField("Status", "MODIFIED"),
			HaveField("Properties", ContainElement(ContainSubstring("VersioningConfiguration"))))))
		Expect(conditionOf(pd, deployv1alpha1.ConditionReady).Status).To(BeEquivalentTo("True"), "drift does not make a deployment unready")
		Expect(eventMessages(pd)).To(ContainElement(HavePrefix(deployv1alpha1.ReasonDriftDetected + ": ")))

		By("reverting the change")
		setVersioning(acct.s3(), bucket, s3types.BucketVersioningStatusEnabled)
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
