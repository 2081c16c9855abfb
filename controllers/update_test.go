package controllers_test

import (
	"strings"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	deployv1alpha1 "github.com/panther-operator/panther-operator/api/v1alpha1"
	"github.com/panther-operator/panther-operator/internal/cloud"
	"github.com/panther-operator/panther-operator/internal/panther"
)

// touchedStacks names the stacks of the account that mutating calls went to since a moment.
func touchedStacks(acct account, since time.Time) []string {
	GinkgoHelper()
	seen := map[string]bool{}
	var stacks []string
	for _, call := range mutatingCalls(acct, since) {
		for _, st := range panther.Stacks() {
			if (strings.HasSuffix(call, " "+st.Name) || strings.Contains(call, ":stack/"+st.Name+"/")) && !seen[st.Name] {
				seen[st.Name] = true
				stacks = append(stacks, st.Name)
			}
		}
	}
	return stacks
}

var _ = Describe("A platform engineer changing a Ready deployment", func() {
	var (
		acct account
		pd   *deployv1alpha1.PantherDeployment
	)

	BeforeEach(func() {
		acct = newAccount()
		pd = newDeployment(acct, nil)
		Expect(k8sClient.Create(ctx, pd)).To(Succeed())
		expectReady(pd)
	})

	It("pins log analysis to a newer release, which updates that stack alone", func() {
		since := time.Now()
		update(pd, func(p *deployv1alpha1.PantherDeployment) { p.Spec.Stacks.LogAnalysis.Version = pinnedVersion })
		expectReady(pd)

		Expect(touchedStacks(acct, since)).To(ConsistOf("panther-log-analysis"))
		for _, st := range fetch(pd).Status.Stacks {
			want := baseVersion
			if st.Name == string(panther.LogAnalysis) {
				want = pinnedVersion
			}
			Expect(st.Version).To(Equal(want), st.Name)
		}
	})

	It("renames the company, which updates exactly the stacks that take CompanyDisplayName", func() {
		since := time.Now()
		update(pd, func(p *deployv1alpha1.PantherDeployment) { p.Spec.Config.Company.DisplayName = "Acme Security" })
		expectReady(pd)

		// Both get a change set; CloudFormation changes only what the new value reaches.
		Expect(touchedStacks(acct, since)).To(ConsistOf("panther-bootstrap-gateway", "panther-core"))
	})

	It("forces a resync of the settled deployment, which makes no mutating AWS call", func() {
		since := time.Now()
		update(pd, func(p *deployv1alpha1.PantherDeployment) {
			if p.Annotations == nil {
				p.Annotations = map[string]string{}
			}
			p.Annotations[deployv1alpha1.AnnotationReconcileRequestedAt] = since.Format(time.RFC3339Nano)
		})
		By("waiting for the reconcile to read the stacks")
		Eventually(func() int { return len(callsOf(acct, since, "DescribeStacks")) }).Should(BeNumerically(">", 0))
		expectReady(pd)
		Expect(mutatingCalls(acct, since)).To(BeEmpty())
	})

	It("disables onboard, which deletes it, and enables it again, which creates it", func() {
		update(pd, func(p *deployv1alpha1.PantherDeployment) { p.Spec.Stacks.Onboard.Enabled = ptrTo(false) })
		expectReady(pd)
		Expect(stackStatus(pd, panther.Onboard).Status).To(Equal("NOT_FOUND"))
		_, err := acct.stacks().Describe(ctx, "panther-onboard")
		Expect(err).To(MatchError(cloud.ErrNotFound))

		update(pd, func(p *deployv1alpha1.PantherDeployment) { p.Spec.Stacks.Onboard.Enabled = ptrTo(true) })
		expectReady(pd)
		Expect(stackStatus(pd, panther.Onboard).Status).To(Equal("CREATE_COMPLETE"))
	})

	It("turns config.setup.onboardSelf off, which deletes onboard", func() {
		update(pd, func(p *deployv1alpha1.PantherDeployment) { p.Spec.Config.Setup.OnboardSelf = ptrTo(false) })
		expectReady(pd)
		Expect(stackStatus(pd, panther.Onboard).Status).To(Equal("NOT_FOUND"))
	})
})

func ptrTo[T any](v T) *T { return &v }
