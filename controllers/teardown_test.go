package controllers_test

import (
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"sigs.k8s.io/cli-utils/pkg/kstatus/status"
	"sigs.k8s.io/controller-runtime/pkg/client"

	deployv1alpha1 "github.com/panther-operator/panther-operator/api/v1alpha1"
	"github.com/panther-operator/panther-operator/internal/localaws/admin"
	"github.com/panther-operator/panther-operator/internal/panther"
)

// gone reports whether the deployment object no longer exists.
func gone(pd *deployv1alpha1.PantherDeployment) func() bool {
	return func() bool {
		err := k8sClient.Get(ctx, client.ObjectKeyFromObject(pd), &deployv1alpha1.PantherDeployment{})
		return apierrors.IsNotFound(err)
	}
}

var _ = Describe("Deleting a PantherDeployment", func() {
	It("deletes the stacks in the original's reverse order before the object goes", func() {
		acct := newAccount()
		pd := newDeployment(acct, nil)
		Expect(k8sClient.Create(ctx, pd)).To(Succeed())
		expectReady(pd)

		since := time.Now()
		Expect(k8sClient.Delete(ctx, pd)).To(Succeed())
		Eventually(gone(pd)).Should(BeTrue())

		existing, err := acct.stacks().List(ctx, stackNames())
		Expect(err).NotTo(HaveOccurred())
		Expect(existing).To(BeEmpty())

		By("checking that each group was deleted only after the one before it")
		order := deleteOrder(acct, since)
		groups := panther.TeardownGroups()
		for g := 1; g < len(groups); g++ {
			for _, later := range groups[g] {
				for _, earlier := range groups[g-1] {
					Expect(order[stackName(later)]).To(BeNumerically(">", order[stackName(earlier)]),
						"%s was deleted before %s", later, earlier)
				}
			}
		}
	})

	It("refuses while a stack has termination protection, and proceeds once it is off", func() {
		acct := newAccount()
		pd := newDeployment(acct, func(spec *deployv1alpha1.PantherDeploymentSpec) {
			spec.Stacks.Core.TerminationProtection = true
		})
		Expect(k8sClient.Create(ctx, pd)).To(Succeed())
		expectReady(pd)
		core, err := acct.stacks().Describe(ctx, "panther-core")
		Expect(err).NotTo(HaveOccurred())
		Expect(core.TerminationProtection).To(BeTrue())

		Expect(k8sClient.Delete(ctx, pd)).To(Succeed())
		Eventually(func() string { return conditionOf(pd, deployv1alpha1.ConditionStalled).Reason }).
			Should(Equal(deployv1alpha1.ReasonTerminationProtected))
		Expect(conditionOf(pd, deployv1alpha1.ConditionStalled).Message).To(ContainSubstring("core"))
		Expect(kstatusOf(pd)).To(Equal(status.TerminatingStatus))
		Expect(callsOf(acct, fetch(pd).CreationTimestamp.Time, "DeleteStack")).To(BeEmpty())

		update(pd, func(p *deployv1alpha1.PantherDeployment) { p.Spec.Stacks.Core.TerminationProtection = false })
		Eventually(gone(pd)).Should(BeTrue())
	})

	It("with deletionPolicy Retain leaves AWS untouched", func() {
		acct := newAccount()
		pd := newDeployment(acct, func(spec *deployv1alpha1.PantherDeploymentSpec) {
			spec.DeletionPolicy = deployv1alpha1.DeletionPolicyRetain
		})
		Expect(k8sClient.Create(ctx, pd)).To(Succeed())
		expectReady(pd)

		since := time.Now()
		Expect(k8sClient.Delete(ctx, pd)).To(Succeed())
		Eventually(gone(pd)).Should(BeTrue())
		Expect(allCalls(acct, since)).To(BeEmpty())
		existing, err := acct.stacks().List(ctx, stackNames())
		Expect(err).NotTo(HaveOccurred())
		Expect(existing).To(HaveLen(9))
	})
})

func stackNames() []string {
	var names []string
	for _, st := range panther.Stacks() {
		names = append(names, st.Name)
	}
	return names
}

func stackName(c panther.Component) string {
	st, _ := panther.Lookup(c)
	return st.Name
}

// deleteOrder numbers the account's stacks by when their first DeleteStack call came.
func deleteOrder(a account, since time.Time) map[string]int {
	GinkgoHelper()
	order := map[string]int{}
	for _, resource := range callsOf(a, since, "DeleteStack") {
		for _, name := range stackNames() {
			if resource == name {
				if _, seen := order[name]; !seen {
					order[name] = len(order) + 1
				}
			}
		}
	}
	return order
}

var _ = Describe("A stack that cannot be deleted", func() {
	It("stalls the teardown with the root cause, and the teardown finishes once the cause is gone", func() {
		acct := newAccount()
		pd := newDeployment(acct, nil)
		Expect(k8sClient.Create(ctx, pd)).To(Succeed())
		expectReady(pd)

		fault := injectFault(admin.FaultRule{Service: "cloudformation", Operation: "DeleteResource",
			Resource: "panther-cw-dashboards/", ErrorCode: "AccessDenied", Message: "not allowed to delete the dashboard"})
		Expect(k8sClient.Delete(ctx, pd)).To(Succeed())
		Eventually(condition(pd, deployv1alpha1.ConditionStalled)).Should(Equal("True/" + deployv1alpha1.ReasonStackFailed))
		Expect(conditionOf(pd, deployv1alpha1.ConditionStalled).Message).To(SatisfyAll(
			ContainSubstring("panther-cw-dashboards could not be deleted"), ContainSubstring("not allowed to delete the dashboard")))

		Expect(awsAdmin.RemoveFault(ctx, fault.ID)).To(Succeed())
		Eventually(gone(pd)).Should(BeTrue())
	})
})
