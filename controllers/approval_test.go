package controllers_test

import (
	"strings"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"sigs.k8s.io/cli-utils/pkg/kstatus/status"

	deployv1alpha1 "github.com/panther-operator/panther-operator/api/v1alpha1"
	"github.com/panther-operator/panther-operator/internal/cloud"
	"github.com/panther-operator/panther-operator/internal/panther"
)

// approve sets the approve annotation to hash, as `pantherctl approve` does.
func approve(pd *deployv1alpha1.PantherDeployment, hash string) {
	GinkgoHelper()
	update(pd, func(p *deployv1alpha1.PantherDeployment) {
		if p.Annotations == nil {
			p.Annotations = map[string]string{}
		}
		p.Annotations[deployv1alpha1.AnnotationApprove] = hash
	})
}

// awaitingApproval waits until the deployment awaits approval of a hash other than old, and
// returns it.
func awaitingApproval(pd *deployv1alpha1.PantherDeployment, old string) string {
	GinkgoHelper()
	Eventually(func() string {
		got := fetch(pd)
		if got.Status.PendingApproval == old {
			return "still " + old
		}
		return condition(pd, deployv1alpha1.ConditionReconciling)()
	}).Should(Equal("True/" + deployv1alpha1.ReasonAwaitingApproval))
	return fetch(pd).Status.PendingApproval
}

// heldChangeSets lists stack/changeSet of every change set held for approval.
func heldChangeSets(pd *deployv1alpha1.PantherDeployment) map[string]string {
	held := map[string]string{}
	for _, st := range fetch(pd).Status.Stacks {
		if st.PendingChangeDetail != nil {
			held[st.StackName] = st.PendingChange
		}
	}
	return held
}

var _ = Describe("A platform engineer who approves every change by hand", func() {
	It("gets change sets prepared, none executed, and a deployment that goes on wave by wave as each plan is approved", func() {
		acct := newAccount()
		pd := newDeployment(acct, func(s *deployv1alpha1.PantherDeploymentSpec) { s.Approval = deployv1alpha1.ApprovalManual })
		since := time.Now()
		Expect(k8sClient.Create(ctx, pd)).To(Succeed())

		By("preparing the first stack's change set and stopping there")
		hash := awaitingApproval(pd, "")
		got := fetch(pd)
		Expect(kstatusOf(pd)).To(Equal(status.InProgressStatus))
		Expect(condition(pd, deployv1alpha1.ConditionReady)()).To(Equal("False/" + deployv1alpha1.ReasonAwaitingApproval))
		Expect(conditionOf(pd, deployv1alpha1.ConditionStalled).Status).To(BeEmpty())
		message := conditionOf(pd, deployv1alpha1.ConditionReconciling).Message
		Expect(message).To(ContainSubstring("1 stack(s) have changes awaiting approval (panther-bootstrap)"))
		Expect(message).To(ContainSubstring("pantherctl plan panther -n " + pd.Namespace))
		Expect(message).To(ContainSubstring("pantherctl approve panther -n " + pd.Namespace))
		bootstrap := stackStatus(pd, panther.Bootstrap)
		Expect(bootstrap.Status).To(Equal(string(cloud.StatusReviewInProgress)))
		Expect(bootstrap.PendingChange).NotTo(BeEmpty())
		Expect(bootstrap.PendingChangeDetail).NotTo(BeNil())
		Expect(bootstrap.PendingChangeDetail.Changes).To(ContainElement(And(
			HaveField("Action", "Add"), HaveField("ResourceType", "AWS::S3::Bucket"))))
		Expect(got.Status.PendingApproval).To(HaveLen(16))
		cs, err := acct.stacks().DescribeChangeSet(ctx, "panther-bootstrap", bootstrap.PendingChange)
		Expect(err).NotTo(HaveOccurred())
		Expect(cs.State()).To(Equal(cloud.ChangeSetReady))
		Expect(warningsOf(pd, deployv1alpha1.ReasonAwaitingApproval)).To(HaveLen(1))

		By("making no ExecuteChangeSet call while nothing is approved")
		Consistently(func() []string { return callsOf(acct, since, "ExecuteChangeSet") }, 3*time.Second).Should(BeEmpty())

		By("approving each plan, which executes exactly its change sets, until the deployment is Ready")
		for round := 0; ; round++ {
			Expect(round).To(BeNumerically("<", 10), "too many approval rounds")
			held := heldChangeSets(pd)
			Expect(held).NotTo(BeEmpty())
			approved := time.Now()
			approve(pd, hash)
			Eventually(func() int { return len(callsOf(acct, approved, "ExecuteChangeSet")) }).Should(Equal(len(held)))
			for stack, changeSet := range held {
				Expect(executions(acct, approved, stack)).To(HaveLen(1), stack)
				cs, err := acct.stacks().DescribeChangeSet(ctx, stack, changeSet)
				Expect(err).NotTo(HaveOccurred())
				Expect(cs.State()).NotTo(Equal(cloud.ChangeSetReady), "the approved change set %s of %s ran", changeSet, stack)
			}
			Eventually(func() string {
				if c := condition(pd, deployv1alpha1.ConditionReady)(); c == "True/"+deployv1alpha1.ReasonSucceeded {
					return c
				}
				if p := fetch(pd).Status.PendingApproval; p != "" && p != hash {
					return "pending"
				}
				return "working"
			}, 2*time.Minute).Should(Or(Equal("pending"), Equal("True/"+deployv1alpha1.ReasonSucceeded)))
			if fetch(pd).Status.PendingApproval == "" {
				break
			}
			hash = awaitingApproval(pd, hash)
		}
		expectReady(pd)
		for _, st := range fetch(pd).Status.Stacks {
			Expect(st.PendingChangeDetail).To(BeNil(), st.Name)
		}
	})
})

var _ = Describe("A platform engineer who switches a Ready deployment to manual approval", func() {
	var (
		acct account
		pd   *deployv1alpha1.PantherDeployment
	)

	BeforeEach(func() {
		acct = newAccount()
		pd = newDeployment(acct, nil)
		Expect(k8sClient.Create(ctx, pd)).To(Succeed())
		expectReady(pd)
		update(pd, func(p *deployv1alpha1.PantherDeployment) { p.Spec.Approval = deployv1alpha1.ApprovalManual })
		expectReady(pd)
	})

	It("needs a new approval when the spec changes after an approval", func() {
		const first, second = "1.16.4", "1.16.5"
		publishChangedRelease(acct, first, panther.LogAnalysis, func(body string) string {
			return strings.Replace(body, "VisibilityTimeout: 5400", "VisibilityTimeout: 5500", 1)
		})
		publishChangedRelease(acct, second, panther.LogAnalysis, func(body string) string {
			return strings.Replace(body, "VisibilityTimeout: 5400", "VisibilityTimeout: 5600", 1)
		})
		since := time.Now()
		update(pd, func(p *deployv1alpha1.PantherDeployment) { p.Spec.Stacks.LogAnalysis.Version = first })

		By("holding the update for approval and showing what it changes")
		hash := awaitingApproval(pd, "")
		entry := stackStatus(pd, panther.LogAnalysis)
		Expect(entry.PendingChangeDetail.Changes).NotTo(BeEmpty())
		Expect(entry.PendingChangeDetail.Changes).To(ContainElement(HaveField("Action", "Modify")))
		Expect(heldChangeSets(pd)).To(HaveKey("panther-log-analysis"))
		Consistently(func() []string { return callsOf(acct, since, "ExecuteChangeSet") }, 2*time.Second).Should(BeEmpty())

		By("approving the hash and changing the spec at once, which executes nothing")
		changed := time.Now()
		update(pd, func(p *deployv1alpha1.PantherDeployment) {
			if p.Annotations == nil {
				p.Annotations = map[string]string{}
			}
			p.Annotations[deployv1alpha1.AnnotationApprove] = hash
			p.Spec.Stacks.LogAnalysis.Version = second
		})
		newHash := awaitingApproval(pd, hash)
		Expect(newHash).NotTo(Equal(hash))
		Expect(stackStatus(pd, panther.LogAnalysis).PendingChange).NotTo(Equal(entry.PendingChange))
		Consistently(func() []string { return callsOf(acct, changed, "ExecuteChangeSet") }, 3*time.Second).Should(BeEmpty())
		By("deleting the change set of the approved but superseded desired state")
		_, err := acct.stacks().DescribeChangeSet(ctx, "panther-log-analysis", entry.PendingChange)
		Expect(err).To(MatchError(cloud.ErrNotFound))

		By("approving the new hash, which executes exactly the new change set")
		approved := time.Now()
		held := stackStatus(pd, panther.LogAnalysis).PendingChange
		approve(pd, newHash)
		expectReady(pd)
		Expect(callsOf(acct, approved, "ExecuteChangeSet")).To(ConsistOf(ContainSubstring("panther-log-analysis")))
		cs, err := acct.stacks().DescribeChangeSet(ctx, "panther-log-analysis", held)
		Expect(err).NotTo(HaveOccurred())
		Expect(cs.State()).To(Equal(cloud.ChangeSetExecuted))
		Expect(stackStatus(pd, panther.LogAnalysis).Version).To(Equal(second))
		Expect(fetch(pd).Status.PendingApproval).To(BeEmpty())
	})
})
