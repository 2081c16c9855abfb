package controllers_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"sigs.k8s.io/cli-utils/pkg/kstatus/status"

	deployv1alpha1 "github.com/panther-operator/panther-operator/api/v1alpha1"
	"github.com/panther-operator/panther-operator/internal/cloud"
	"github.com/panther-operator/panther-operator/internal/panther"
)

var _ = Describe("A platform engineer deploying Panther in Root mode", func() {
	It("gets one root stack whose nested stacks are reported per component, and tears it down", func() {
		acct := newAccount()
		pd := newDeployment(acct, func(spec *deployv1alpha1.PantherDeploymentSpec) {
			spec.Mode = deployv1alpha1.ModeRoot
		})
		Expect(k8sClient.Create(ctx, pd)).To(Succeed())
		expectReady(pd)
		Expect(kstatusOf(pd)).To(Equal(status.CurrentStatus))

		got := fetch(pd)
		Expect(got.Status.URL).To(HavePrefix("https://"))
		Expect(got.Status.Stacks).To(HaveLen(10))
		Expect(got.Status.Stacks[0].Name).To(Equal("root"))
		Expect(got.Status.Stacks[0].StackName).To(Equal(panther.RootStackName))
		Expect(got.Status.Stacks[0].Status).To(Equal("CREATE_COMPLETE"))
		for _, st := range got.Status.Stacks[1:] {
			Expect(st.Status).To(Equal("CREATE_COMPLETE"), st.Name)
			Expect(st.StackName).To(HavePrefix("panther-"), st.Name)
			Expect(st.StackID).NotTo(BeEmpty(), st.Name)
		}

		top, err := acct.stacks().List(ctx, stackNames())
		Expect(err).NotTo(HaveOccurred())
		Expect(top).To(BeEmpty(), "Root mode must not create top-level Panther stacks")

		Expect(k8sClient.Delete(ctx, pd)).To(Succeed())
		Eventually(gone(pd)).Should(BeTrue())
		_, err = acct.stacks().Describe(ctx, panther.RootStackName)
		Expect(err).To(MatchError(cloud.ErrNotFound))
	})
})
