package controllers_test

import (
	"encoding/json"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/types"
	"sigs.k8s.io/cli-utils/pkg/kstatus/status"
	"sigs.k8s.io/controller-runtime/pkg/client"

	deployv1alpha1 "github.com/panther-operator/panther-operator/api/v1alpha1"
	"github.com/panther-operator/panther-operator/internal/panther"
)

// mergePatch applies a JSON merge patch to the deployment's spec, as `kubectl patch --type
// merge` does, and returns the API server's answer.
func mergePatch(pd *deployv1alpha1.PantherDeployment, spec map[string]any) error {
	data, err := json.Marshal(map[string]any{"spec": spec})
	Expect(err).NotTo(HaveOccurred())
	return k8sClient.Patch(ctx, fetch(pd), client.RawPatch(types.MergePatchType, data))
}

func disabled() map[string]any { return map[string]any{"enabled": false} }

var _ = Describe("Disabling stacks on a Ready deployment", func() {
	It("refuses to disable a stack another enabled stack needs, naming both, and deploys a stack whose predecessor is only preferred", func() {
		acct := newAccount()
		pd := newDeployment(acct, nil)
		Expect(k8sClient.Create(ctx, pd)).To(Succeed())
		expectReady(pd)

		By("disabling cloudSecurity and onboard while web stays enabled")
		err := mergePatch(pd, map[string]any{"stacks": map[string]any{"cloudSecurity": disabled(), "onboard": disabled()}})
		Expect(err).To(HaveOccurred())
		Expect(err.Error()).To(ContainSubstring("stacks.web needs stacks.cloudSecurity: enable stacks.cloudSecurity or disable stacks.web"))

		By("disabling the gateway and everything that needs it, keeping dashboards, which only follows the gateway")
		Expect(mergePatch(pd, map[string]any{"stacks": map[string]any{
			"bootstrapGateway": disabled(), "appsync": disabled(), "cloudSecurity": disabled(), "core": disabled(),
			"logAnalysis": disabled(), "web": disabled(), "onboard": disabled(),
		}})).To(Succeed())
		Eventually(func() []string {
			var complete []string
			for _, st := range fetch(pd).Status.Stacks {
				if st.Status == "CREATE_COMPLETE" || st.Status == "UPDATE_COMPLETE" {
					complete = append(complete, st.Name)
				}
			}
			return complete
		}).Should(ConsistOf(string(panther.Bootstrap), string(panther.Dashboards)))
		expectReady(pd)
		existing, err := acct.stacks().List(ctx, stackNames())
		Expect(err).NotTo(HaveOccurred())
		Expect(existing).To(HaveLen(2))
		Expect(existing).To(HaveKey("panther-cw-dashboards"))
	})
})

// withoutStackRules removes the CRD's admission rules on spec.stacks until the story ends, as
// an older CRD or a hand-edited one would.
func withoutStackRules() {
	GinkgoHelper()
	crd := &unstructured.Unstructured{}
	crd.SetAPIVersion("apiextensions.k8s.io/v1")
	crd.SetKind("CustomResourceDefinition")
	key := client.ObjectKey{Name: "pantherdeployments.deploy.panther.io"}
	Expect(k8sClient.Get(ctx, key, crd)).To(Succeed())
	original := crd.DeepCopy()
	path := []string{"spec", "properties", "stacks", "x-kubernetes-validations"}
	versions, _, _ := unstructured.NestedSlice(crd.Object, "spec", "versions")
	for i := range versions {
		version := versions[i].(map[string]any)
		schema := version["schema"].(map[string]any)["openAPIV3Schema"].(map[string]any)
		unstructured.RemoveNestedField(schema, append([]string{"properties"}, path...)...)
	}
	Expect(unstructured.SetNestedSlice(crd.Object, versions, "spec", "versions")).To(Succeed())
	Expect(k8sClient.Update(ctx, crd)).To(Succeed())
	DeferCleanup(func() {
		current := &unstructured.Unstructured{}
		current.SetGroupVersionKind(crd.GroupVersionKind())
		Expect(k8sClient.Get(ctx, key, current)).To(Succeed())
		original.SetResourceVersion(current.GetResourceVersion())
		Expect(k8sClient.Update(ctx, original)).To(Succeed())
	})
}

var _ = Describe("A deployment that got past admission with a needed stack disabled", func() {
	It("stalls with StackDependencyDisabled naming both stacks on its first reconcile, and never waits for ever", func() {
		withoutStackRules()
		acct := newAccount()
		pd := newDeployment(acct, func(spec *deployv1alpha1.PantherDeploymentSpec) {
			spec.Stacks.CloudSecurity.Enabled = ptrTo(false)
			spec.Stacks.Onboard.Enabled = ptrTo(false)
		})
		// The API server may take a moment to serve the updated schema.
		Eventually(func() error { return k8sClient.Create(ctx, pd) }).WithTimeout(10 * time.Second).Should(Succeed())
		since := time.Now()

		Eventually(condition(pd, deployv1alpha1.ConditionStalled)).
			Should(Equal("True/" + deployv1alpha1.ReasonStackDependencyDisabled))
		Expect(conditionOf(pd, deployv1alpha1.ConditionStalled).Message).To(Equal(
			"stacks.web needs stacks.cloudSecurity, which the spec disables: enable stacks.cloudSecurity or disable stacks.web"))
		Expect(kstatusOf(pd)).To(Equal(status.FailedStatus))
		Expect(conditionOf(pd, deployv1alpha1.ConditionACKTerminal).Status).To(BeEquivalentTo("True"))
		Expect(callsOf(acct, since, "CreateStack")).NotTo(ContainElement("panther-web"))

		By("the stacks that can deploy still deploy, and web is never attempted")
		Eventually(func() string { return stackStatus(pd, panther.Core).Status }).Should(Equal("CREATE_COMPLETE"))
		Expect(condition(pd, deployv1alpha1.ConditionStalled)()).To(Equal("True/" + deployv1alpha1.ReasonStackDependencyDisabled))
		Expect(stackStatus(pd, panther.Web).Status).To(Equal("NOT_FOUND"))

		By("disabling web too, which the deployment accepts and completes")
		update(pd, func(p *deployv1alpha1.PantherDeployment) { p.Spec.Stacks.Web.Enabled = ptrTo(false) })
		expectReady(pd)
	})
})
