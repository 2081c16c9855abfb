package controllers_test

import (
	"strings"
	"sync"
	"time"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	deployv1alpha1 "github.com/panther-operator/panther-operator/api/v1alpha1"
	"github.com/panther-operator/panther-operator/internal/localaws/admin"
)

func (a account) logs() *cloudwatchlogs.Client {
	return cloudwatchlogs.NewFromConfig(awssdk.Config{Region: "us-east-1", Credentials: a.credentials()},
		func(o *cloudwatchlogs.Options) { o.BaseEndpoint = awssdk.String(aws.URL()) })
}

// putVersions writes n versions of one key, a few writers at a time.
func putVersions(s3c *s3.Client, bucket string, n int) {
	GinkgoHelper()
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := w; i < n; i += 8 {
				_, err := s3c.PutObject(ctx, &s3.PutObjectInput{Bucket: awssdk.String(bucket),
					Key: awssdk.String("results.csv"), Body: strings.NewReader("x")})
				if err != nil {
					errs <- err
					return
				}
			}
		}(w)
	}
	wg.Wait()
	close(errs)
	Expect(<-errs).NotTo(HaveOccurred())
}

func bucketExists(s3c *s3.Client, bucket string) bool {
	_, err := s3c.HeadBucket(ctx, &s3.HeadBucketInput{Bucket: awssdk.String(bucket)})
	return err == nil
}

func logGroupExists(a account, name string) bool {
	out, err := a.logs().DescribeLogGroups(ctx, &cloudwatchlogs.DescribeLogGroupsInput{LogGroupNamePrefix: awssdk.String(name)})
	Expect(err).NotTo(HaveOccurred())
	for _, g := range out.LogGroups {
		if awssdk.ToString(g.LogGroupName) == name {
			return true
		}
	}
	return false
}

var _ = Describe("Tearing down after the stacks are gone", func() {
	It("empties and deletes its buckets, leaves a huge one to expire, removes the Lambda log groups, and touches nothing else", func() {
		acct := newAccount()
		pd := newDeployment(acct, nil)
		Expect(k8sClient.Create(ctx, pd)).To(Succeed())
		expectReady(pd)
		outputs := fetch(pd).Status.Outputs
		s3c := acct.s3()

		small, huge := outputs["InputDataBucket"], outputs["AthenaResultsBucket"]
		Expect(small).NotTo(BeEmpty())
		Expect(huge).NotTo(BeEmpty())
		By("filling a bucket with versions and delete markers, and another with 10,000 versions")
		putVersions(s3c, small, 3)
		_, err := s3c.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: awssdk.String(small), Key: awssdk.String("results.csv")})
		Expect(err).NotTo(HaveOccurred())
		putVersions(s3c, huge, 10000)

		By("adding a Panther bucket of another deployment and two log groups")
		other := "other-panther-" + acct.id
		_, err = s3c.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: awssdk.String(other)})
		Expect(err).NotTo(HaveOccurred())
		_, err = s3c.PutBucketTagging(ctx, &s3.PutBucketTaggingInput{Bucket: awssdk.String(other),
			Tagging: &s3types.Tagging{TagSet: []s3types.Tag{
				{Key: awssdk.String("Application"), Value: awssdk.String("Panther")},
				{Key: awssdk.String("Stack"), Value: awssdk.String("panther-bootstrap")},
				{Key: awssdk.String(deployv1alpha1.OwnerTagKey), Value: awssdk.String("elsewhere/panther/0000")},
			}}})
		Expect(err).NotTo(HaveOccurred())
		// A function of an earlier release wrote its log group, as Lambda does; no template
		// declares it, so only the operator's clean-up removes it.
		for _, name := range []string{"/aws/lambda/panther-retired-function", "/aws/lambda/unrelated"} {
			_, err = acct.logs().CreateLogGroup(ctx, &cloudwatchlogs.CreateLogGroupInput{LogGroupName: awssdk.String(name)})
			Expect(err).NotTo(HaveOccurred())
		}

		Expect(k8sClient.Delete(ctx, pd)).To(Succeed())
		Eventually(gone(pd)).Should(BeTrue())

		Expect(bucketExists(s3c, small)).To(BeFalse(), "the emptied bucket is deleted")
		Expect(bucketExists(s3c, huge)).To(BeTrue(), "the bucket with 10,000 versions is left to expire")
		rules, err := s3c.GetBucketLifecycleConfiguration(ctx, &s3.GetBucketLifecycleConfigurationInput{Bucket: awssdk.String(huge)})
		Expect(err).NotTo(HaveOccurred())
		Expect(rules.Rules).To(ContainElement(HaveField("ID", HaveValue(Equal("panther-expire-everything")))))
		Expect(bucketExists(s3c, other)).To(BeTrue(), "another deployment's bucket is not ours")
		Expect(logGroupExists(acct, "/aws/lambda/panther-retired-function")).To(BeFalse())
		Expect(logGroupExists(acct, "/aws/lambda/panther-log-processor")).To(BeFalse(), "the stack's own log group went with the stack")
		Expect(logGroupExists(acct, "/aws/lambda/unrelated")).To(BeTrue())
		// The events of the last reconcile are recorded as the object goes, and are listed a
		// moment later.
		Eventually(func() []string { return eventMessages(pd) }).Should(SatisfyAll(
			ContainElement(HavePrefix("BucketLeftToExpire: Bucket "+huge)),
			ContainElement(SatisfyAll(HavePrefix("BucketDeleted: "), ContainSubstring("Deleted bucket "+small+" (4 object versions)"))),
			ContainElement("LogGroupsDeleted: Deleted 1 Lambda log group")))
	})
})

var _ = Describe("A teardown that may not read a bucket's tags", func() {
	It("keeps the object, stalls naming the bucket and the permission, and finishes once the permission is back", func() {
		acct := newAccount()
		pd := newDeployment(acct, nil)
		Expect(k8sClient.Create(ctx, pd)).To(Succeed())
		expectReady(pd)
		Expect(pantherBuckets(acct)).NotTo(BeEmpty())

		fault, err := awsAdmin.AddFault(ctx, admin.FaultRule{Service: "s3", Operation: "GetBucketTagging",
			ErrorCode: "AccessDenied", Message: "Access Denied", HTTPStatus: 403})
		Expect(err).NotTo(HaveOccurred())
		DeferCleanup(func() { _ = awsAdmin.RemoveFault(ctx, fault.ID) })
		Expect(k8sClient.Delete(ctx, pd)).To(Succeed())

		Eventually(condition(pd, deployv1alpha1.ConditionStalled)).Should(Equal("True/" + deployv1alpha1.ReasonCleanupBlocked))
		message := conditionOf(pd, deployv1alpha1.ConditionStalled).Message
		Expect(message).To(MatchRegexp(`access to bucket \S+ \(AccessDenied\)`))
		Expect(message).To(ContainSubstring("s3:GetBucketTagging"))
		Consistently(gone(pd), 2*time.Second).Should(BeFalse(), "the finalizer stays while a bucket is unconfirmed")
		Expect(fetch(pd).Finalizers).To(ContainElement(deployv1alpha1.Finalizer))

		By("granting the permission again")
		Expect(awsAdmin.RemoveFault(ctx, fault.ID)).To(Succeed())
		Eventually(gone(pd)).Should(BeTrue())
		Expect(pantherBuckets(acct)).To(BeEmpty())
	})
})
