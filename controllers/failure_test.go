package controllers_test

import (
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"sigs.k8s.io/cli-utils/pkg/kstatus/status"

	deployv1alpha1 "github.com/panther-operator/panther-operator/api/v1alpha1"
	"github.com/panther-operator/panther-operator/internal/localaws/admin"
	"github.com/panther-operator/panther-operator/internal/panther"
)

// injectFault adds a localaws fault rule and removes it when the story ends.
func injectFault(rule admin.FaultRule) admin.FaultRule {
	GinkgoHelper()
	added, err := awsAdmin.AddFault(ctx, rule)
	Expect(err).NotTo(HaveOccurred())
	DeferCleanup(func() { _ = awsAdmin.RemoveFault(ctx, added.ID) })
	return added
}

// eventMessages lists "Reason: message" of the deployment's events.
func eventMessages(pd *deployv1alpha1.PantherDeployment) []string {
	var out []string
	for _, e := range eventsOf(pd) {
		out = append(out, e.Reason+": "+e.Note)
	}
	return out
}

var _ = Describe("A deployment whose stacks fail", func() {
	It("rolls back an injected create failure and succeeds on the next try", func() {
		acct := newAccount()
		injectFault(admin.FaultRule{Service: "cloudformation", Operation: "CreateResource",
			Resource: "panther-cw-dashboards/", ErrorCode: "InternalFailure", Message: "injected once", Count: 1})
		pd := newDeployment(acct, nil)
		Expect(k8sClient.Create(ctx, pd)).To(Succeed())

		expectReady(pd)
		dashboards := stackStatus(pd, panther.Dashboards)
		Expect(dashboards.Status).To(Equal("CREATE_COMPLETE"))
		Expect(eventMessages(pd)).To(ContainElement(HavePrefix("StackRolledBack: Stack panther-cw-dashboards rolled back")))
		Expect(eventMessages(pd)).To(ContainElement(HavePrefix("StackRecovered")))
	})

	It("stalls on a permanent failure with the resource and reason, and recovers once the spec changes", func() {
		acct := newAccount()
		fault := injectFault(admin.FaultRule{Service: "cloudformation", Operation: "CreateResource",
			Resource: "panther-cw-dashboards/", ErrorCode: "InvalidRequest", Message: "the dashboard body is refused"})
		pd := newDeployment(acct, nil)
		Expect(k8sClient.Create(ctx, pd)).To(Succeed())

		Eventually(condition(pd, deployv1alpha1.ConditionStalled)).Should(Equal("True/" + deployv1alpha1.ReasonStackFailed))
		Expect(kstatusOf(pd)).To(Equal(status.FailedStatus))
		failure := stackStatus(pd, panther.Dashboards).Failure
		Expect(failure).NotTo(BeNil())
		Expect(failure.LogicalID).NotTo(BeEmpty())
		Expect(failure.ResourceType).To(Equal("AWS::CloudWatch::Dashboard"))
		Expect(failure.Reason).To(ContainSubstring("the dashboard body is refused"))
		Eventually(func() []string { return eventMessages(pd) }).Should(ContainElement(SatisfyAll(
			HavePrefix(deployv1alpha1.ReasonStackFailed+": "), ContainSubstring(failure.LogicalID),
			ContainSubstring("the dashboard body is refused"))))

		By("fixing the cause and changing the spec")
		Expect(awsAdmin.RemoveFault(ctx, fault.ID)).To(Succeed())
		update(pd, func(p *deployv1alpha1.PantherDeployment) { p.Spec.Tags = map[string]string{"retry": "1"} })
		expectReady(pd)
		Expect(fetch(pd).Status.Conditions).NotTo(ContainElement(HaveField("Type", deployv1alpha1.ConditionStalled)))
	})

	It("recovers an update whose rollback failed by continuing the rollback", func() {
		acct := newAccount()
		pd := newDeployment(acct, nil)
		Expect(k8sClient.Create(ctx, pd)).To(Succeed())
		expectReady(pd)

		// The update fails, and so does the first try to roll it back.
		injectFault(admin.FaultRule{Service: "cloudformation", Operation: "UpdateResource",
			Resource: "panther-core/", ErrorCode: "InternalFailure", Message: "injected update failure", Count: 2})
		update(pd, func(p *deployv1alpha1.PantherDeployment) { p.Spec.Config.Database.KvTableBillingMode = "PROVISIONED" })

		Eventually(func() []string { return callsOf(acct, fetch(pd).CreationTimestamp.Time, "ContinueUpdateRollback") }).
			ShouldNot(BeEmpty())
		expectReady(pd)
		Expect(stackStatus(pd, panther.Core).Status).To(Equal("UPDATE_COMPLETE"))
		Expect(eventMessages(pd)).To(ContainElement(HavePrefix("StackFailed: Stack panther-core failed (UPDATE_ROLLBACK_FAILED)")))
		Expect(eventMessages(pd)).To(ContainElement(SatisfyAll(HavePrefix("StackRecovered"), ContainSubstring("panther-core"))))
	})
})

var _ = Describe("Template parameters from a Secret", func() {
	It("reach the stack but never the status or the events; a missing Secret stalls until it exists", func() {
		acct := newAccount()
		const secretEmail = "hidden-contact-7f3a@example.com"
		pd := newDeployment(acct, func(spec *deployv1alpha1.PantherDeploymentSpec) {
			spec.ParametersFrom = []deployv1alpha1.ParametersSource{{Kind: deployv1alpha1.ParametersFromSecret, Name: "panther-params"}}
		})
		Expect(k8sClient.Create(ctx, pd)).To(Succeed())

		Eventually(condition(pd, deployv1alpha1.ConditionStalled)).Should(Equal("True/" + deployv1alpha1.ReasonParametersSourceNotFound))
		stalledCondition := conditionOf(pd, deployv1alpha1.ConditionStalled)
		Expect(stalledCondition.Message).To(ContainSubstring("panther-params"))

		By("creating the Secret")
		createSecret(acct.namespace, "panther-params", map[string]string{"CompanyEmail": secretEmail})
		expectReady(pd)

		core, err := acct.stacks().Describe(ctx, "panther-core")
		Expect(err).NotTo(HaveOccurred())
		Expect(core.Parameters).To(HaveKeyWithValue("CompanyEmail", secretEmail))

		Expect(objectJSON(fetch(pd))).NotTo(ContainSubstring(secretEmail))
		for _, message := range eventMessages(pd) {
			Expect(message).NotTo(ContainSubstring(secretEmail))
		}
		for _, tag := range core.Tags {
			Expect(strings.Contains(tag, secretEmail)).To(BeFalse())
		}
	})
})

var _ = Describe("Template parameters from a ConfigMap with a misspelt key", func() {
	It("stall naming the key instead of ignoring it", func() {
		acct := newAccount()
		Expect(k8sClient.Create(ctx, &corev1.ConfigMap{
			ObjectMeta: metav1.ObjectMeta{Name: "panther-settings", Namespace: acct.namespace},
			Data:       map[string]string{"CompanyEmial": "secops@example.com"},
		})).To(Succeed())
		pd := newDeployment(acct, func(spec *deployv1alpha1.PantherDeploymentSpec) {
			spec.ParametersFrom = []deployv1alpha1.ParametersSource{{Kind: deployv1alpha1.ParametersFromConfigMap, Name: "panther-settings"}}
		})
		Expect(k8sClient.Create(ctx, pd)).To(Succeed())
		Eventually(condition(pd, deployv1alpha1.ConditionStalled)).Should(Equal("True/" + deployv1alpha1.ReasonParametersInvalid))
		Expect(conditionOf(pd, deployv1alpha1.ConditionStalled).Message).To(ContainSubstring("CompanyEmial"))
	})
})

var _ = Describe("Suspending a deployment", func() {
	It("stops every AWS call until it is resumed", func() {
		acct := newAccount()
		pd := newDeployment(acct, nil)
		Expect(k8sClient.Create(ctx, pd)).To(Succeed())
		expectReady(pd)

		update(pd, func(p *deployv1alpha1.PantherDeployment) { p.Spec.Suspend = true })
		Eventually(func() string { return conditionOf(pd, deployv1alpha1.ConditionReady).Reason }).
			Should(Equal(deployv1alpha1.ReasonSuspended))
		since := time.Now() // every reconcile from here on is suspended

		By("changing the spec and asking for a reconcile while suspended")
		update(pd, func(p *deployv1alpha1.PantherDeployment) {
			p.Spec.Stacks.Onboard.Enabled = ptrTo(false)
			p.Annotations = map[string]string{deployv1alpha1.AnnotationReconcileRequestedAt: "now"}
		})
		Consistently(func() []string { return allCalls(acct, since) }, "2s").Should(BeEmpty())
		Expect(stackStatus(pd, panther.Onboard).Status).To(Equal("CREATE_COMPLETE"))

		By("resuming")
		update(pd, func(p *deployv1alpha1.PantherDeployment) { p.Spec.Suspend = false })
		expectReady(pd)
		Expect(stackStatus(pd, panther.Onboard).Status).To(Equal("NOT_FOUND"))
	})
})
