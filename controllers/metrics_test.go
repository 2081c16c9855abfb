package controllers_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"github.com/prometheus/client_golang/prometheus/testutil"
	ctrlmetrics "sigs.k8s.io/controller-runtime/pkg/metrics"

	"github.com/panther-operator/panther-operator/internal/metrics"
)

// seriesOf counts the series of a metric that belong to a namespace.
func seriesOf(namespace, metric string) int {
	GinkgoHelper()
	families, err := ctrlmetrics.Registry.Gather()
	Expect(err).NotTo(HaveOccurred())
	n := 0
	for _, f := range families {
		if f.GetName() != metric {
			continue
		}
		for _, m := range f.GetMetric() {
			for _, l := range m.GetLabel() {
				if l.GetName() == "namespace" && l.GetValue() == namespace {
					n++
				}
			}
		}
	}
	return n
}

var _ = Describe("The manager's metrics", func() {
	It("count AWS requests, stacks by status and reconcile steps", func() {
		acct := newAccount()
		pd := newDeployment(acct, nil)
		// Counters are shared by every story of the suite: assert on what this one adds.
		creates := metrics.AWSRequests.WithLabelValues("CloudFormation", "CreateStack", "success")
		deletedBuckets := metrics.TeardownBuckets.WithLabelValues("Deleted")
		createsBefore, deletedBefore := testutil.ToFloat64(creates), testutil.ToFloat64(deletedBuckets)
		Expect(k8sClient.Create(ctx, pd)).To(Succeed())
		expectReady(pd)

		Expect(testutil.ToFloat64(metrics.Stacks.WithLabelValues(pd.Namespace, pd.Name, "CREATE_COMPLETE"))).To(Equal(9.0))
		Expect(testutil.ToFloat64(creates)-createsBefore).To(Equal(9.0), "one CreateStack per stack")
		buckets := pantherBuckets(acct)
		Expect(buckets).NotTo(BeEmpty())

		families, err := ctrlmetrics.Registry.Gather()
		Expect(err).NotTo(HaveOccurred())
		names := map[string]bool{}
		for _, f := range families {
			names[f.GetName()] = true
		}
		Expect(names).To(HaveKey("panther_operator_reconcile_step_duration_seconds"))
		Expect(names).To(HaveKey("panther_operator_aws_requests_total"))

		Expect(k8sClient.Delete(ctx, pd)).To(Succeed())
		Eventually(gone(pd)).Should(BeTrue())
		for _, bucket := range buckets {
			Expect(bucketExists(acct.s3(), bucket)).To(BeFalse(), "bucket %s is deleted", bucket)
		}
		// At least as many: the counter is shared by every story of the suite, which this one
		// does not wait for; the buckets themselves are checked one by one above.
		Expect(testutil.ToFloat64(deletedBuckets)-deletedBefore).To(BeNumerically(">=", len(buckets)),
			"every deleted bucket of the deployment is counted")
		Expect(seriesOf(pd.Namespace, "panther_operator_stacks")).To(BeZero(), "a deleted deployment's gauges are dropped")
	})
})
