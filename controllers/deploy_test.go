package controllers_test

import (
	"strings"
	"time"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"sigs.k8s.io/cli-utils/pkg/kstatus/status"

	deployv1alpha1 "github.com/panther-operator/panther-operator/api/v1alpha1"
	"github.com/panther-operator/panther-operator/internal/localaws/admin"
	"github.com/panther-operator/panther-operator/internal/panther"
)

var _ = Describe("A platform engineer deploying Panther", func() {
	It("gets a Ready deployment whose nine stacks were created in dependency order", func() {
		acct := newAccount()
		pd := newDeployment(acct, nil)
		Expect(k8sClient.Create(ctx, pd)).To(Succeed())

		Eventually(func() status.Status { return kstatusOf(pd) }).Should(Equal(status.InProgressStatus))
		expectReady(pd)
		Expect(kstatusOf(pd)).To(Equal(status.CurrentStatus))

		got := fetch(pd)
		Expect(got.Status.AccountID).To(BeEquivalentTo(acct.id))
		Expect(got.Status.Version).To(Equal(baseVersion))
		Expect(got.Status.URL).To(HavePrefix("https://"))
		Expect(got.Status.ObservedGeneration).To(Equal(got.Generation))
		Expect(got.Status.Stacks).To(HaveLen(9))
		for _, st := range got.Status.Stacks {
			Expect(st.Status).To(Equal("CREATE_COMPLETE"), st.Name)
			Expect(st.Version).To(Equal(baseVersion), st.Name)
			Expect(st.StackID).To(HavePrefix("arn:aws:cloudformation:us-east-1:"+acct.id+":stack/"), st.Name)
		}

		By("checking from the stacks' own times that every stack started after its dependencies")
		windows := map[panther.Component]stackWindow{}
		for _, st := range panther.Stacks() {
			windows[st.Component] = windowOf(acct, st.Name)
		}
		for _, st := range panther.Stacks() {
			for _, dep := range st.Predecessors(func(panther.Component) bool { return true }) {
				Expect(windows[st.Component].start).NotTo(BeTemporally("<", windows[dep].end),
					"%s started before %s was complete", st.Component, dep)
			}
		}

		By("checking that the siblings after the gateway were started together, not one after another")
		// They are created in one pass of one reconcile: no DescribeStacks (the
		// start of every reconcile) comes between the first and the last. Timing windows would
		// say the same on an idle machine, but not on a busy one, where a stack can complete
		// before the next API call is made.
		siblings := map[string]bool{"panther-appsync": true, "panther-cloud-security": true, "panther-core": true,
			"panther-cw-dashboards": true}
		calls := requestsOf(acct, time.Time{}, func(r admin.RequestRecord) (string, bool) {
			return r.Operation + " " + r.Resource, r.Service == "cloudformation"
		})
		first, last := -1, -1
		for i, call := range calls {
			op, stack, _ := strings.Cut(call, " ")
			if op == "CreateStack" && siblings[stack] {
				if first < 0 {
					first = i
				}
				last = i
				delete(siblings, stack)
			}
		}
		Expect(siblings).To(BeEmpty(), "a sibling's CreateStack is missing")
		for _, call := range calls[first : last+1] {
			Expect(call).NotTo(HavePrefix("DescribeStacks"), "the siblings' creates spanned reconciles: %v", calls[first:last+1])
		}

		By("reporting the transitions as events")
		Eventually(func() []string {
			var reasons []string
			for _, e := range eventsOf(pd) {
				reasons = append(reasons, e.Reason)
			}
			return reasons
		}).Should(ContainElements("StackCreated", deployv1alpha1.ReasonSucceeded, "StaticCredentials"))
	})
})

var _ = Describe("A second PantherDeployment for the same account and region", func() {
	It("stalls with Conflict and touches nothing, while the first stays Ready; deleting it touches nothing either", func() {
		acct := newAccount()
		first := newDeployment(acct, nil)
		Expect(k8sClient.Create(ctx, first)).To(Succeed())
		expectReady(first)
		By("a function of an earlier release having written its log group, untagged, as Lambda does")
		_, err := acct.logs().CreateLogGroup(ctx, &cloudwatchlogs.CreateLogGroupInput{LogGroupName: awssdk.String("/aws/lambda/panther-retired-function")})
		Expect(err).NotTo(HaveOccurred())
		buckets := pantherBuckets(acct)
		Expect(buckets).NotTo(BeEmpty())

		since := time.Now()
		second := newDeployment(acct, nil)
		second.Name = "panther-again"
		Expect(k8sClient.Create(ctx, second)).To(Succeed())
		Eventually(condition(second, deployv1alpha1.ConditionStalled)).Should(Equal("True/" + deployv1alpha1.ReasonConflict))
		Expect(conditionOf(second, deployv1alpha1.ConditionStalled).Message).To(ContainSubstring(first.Namespace + "/" + first.Name))
		Expect(mutatingCalls(acct, since)).To(BeEmpty())
		Expect(condition(first, deployv1alpha1.ConditionReady)()).To(Equal("True/Succeeded"))
		Expect(fetch(second).Status.ClaimedAt).To(BeNil())

		By("deleting the second, which leaves the first's stacks, buckets and log groups alone")
		Expect(k8sClient.Delete(ctx, second)).To(Succeed())
		Eventually(gone(second)).Should(BeTrue())
		Expect(mutatingCalls(acct, since)).To(BeEmpty())
		Expect(logGroupExists(acct, "/aws/lambda/panther-log-processor")).To(BeTrue())
		Expect(logGroupExists(acct, "/aws/lambda/panther-retired-function")).To(BeTrue())
		Expect(pantherBuckets(acct)).To(Equal(buckets))
		existing, err := acct.stacks().List(ctx, stackNames())
		Expect(err).NotTo(HaveOccurred())
		Expect(existing).To(HaveLen(len(stackNames())))
		Expect(condition(first, deployv1alpha1.ConditionReady)()).To(Equal("True/Succeeded"))
	})
})
