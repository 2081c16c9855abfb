package e2e_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/panther-operator/panther-operator/internal/cloud"
	"github.com/panther-operator/panther-operator/internal/testenv"
)

var _ = Describe("A user with kubectl", Ordered, func() {
	It("applies the samples", func() {
		out, err := kubectl("apply", "-f", filepath.Join(testenv.RepoRoot(), "config", "samples")+"/")
		Expect(err).NotTo(HaveOccurred(), out)
		Expect(out).To(ContainSubstring("pantherdeployment.deploy.panther.io/panther created"))
	})

	It("lists them with the printer columns, by short name and by category", func() {
		for _, resource := range []string{"pd", "pantherdeployments", "panther"} {
			out, err := kubectl("get", resource, "-n", "default")
			Expect(err).NotTo(HaveOccurred(), out)
			header := strings.Fields(strings.SplitN(out, "\n", 2)[0])
			Expect(header).To(Equal([]string{"NAME", "REGION", "VERSION", "READY", "REASON", "DRIFT", "URL", "AGE"}), out)
			Expect(out).To(MatchRegexp(`(?m)^panther\s+us-east-1\s`))
		}
	})

	DescribeTable("is refused a bad manifest, with the field and the fix in kubectl's output",
		func(specLines string, expected ...string) {
			bad := filepath.Join(GinkgoT().TempDir(), "bad.yaml")
			Expect(os.WriteFile(bad, []byte(`apiVersion: deploy.panther.io/v1alpha1
kind: PantherDeployment
metadata: {name: refused, namespace: default}
spec:
`+specLines), 0o600)).To(Succeed())
			out, err := kubectl("apply", "-f", bad)
			Expect(err).To(HaveOccurred(), out)
			for _, text := range expected {
				Expect(out).To(ContainSubstring(text))
			}

			out, err = kubectl("get", "pd", "refused", "-n", "default")
			Expect(err).To(HaveOccurred(), out)
			Expect(out).To(ContainSubstring("NotFound"))
		},
		Entry("a region Panther does not support", `
  region: mars-north-1
  version: "1.16.0"
  release: {bucket: panther-releases}
`, "spec.region", `Unsupported value: "mars-north-1"`, "us-east-1"),
		Entry("a version with a leading v", `
  region: us-east-1
  version: v1.16.0
  release: {bucket: panther-releases}
`, "spec.version", "semantic version without a leading v"),
	)

	It("explains the API from the CRD's descriptions", func() {
		out, err := kubectl("explain", "pantherdeployment.spec.deletionPolicy")
		Expect(err).NotTo(HaveOccurred(), out)
		Expect(out).To(ContainSubstring("leaves AWS untouched"))
	})

	It("follows the deployment with pantherctl watch until it is Ready", func() {
		watch := exec.Command(pantherctl, "watch", "panther", "-n", "default", "--kubeconfig", kubeconfig,
			"--timeout", "3m", "--interval", "200ms")
		out, err := watch.CombinedOutput()
		Expect(err).NotTo(HaveOccurred(), string(out))
		Expect(string(out)).To(ContainSubstring("9/9 stacks complete"))
		Expect(string(out)).To(ContainSubstring("Succeeded: Every enabled stack is complete"))

		status := exec.Command(pantherctl, "status", "panther", "-n", "default", "--kubeconfig", kubeconfig)
		out, err = status.CombinedOutput()
		Expect(err).NotTo(HaveOccurred(), string(out))
		Expect(string(out)).To(MatchRegexp(`(?m)^logAnalysis\s+panther-log-analysis\s+CREATE_COMPLETE`))
	})

	It("waits with kubectl until the operator has deployed the sample", func() {
		out, err := kubectl("wait", "--for=condition=Ready", "pd/panther", "-n", "default", "--timeout=180s")
		Expect(err).NotTo(HaveOccurred(), out)
		out, err = kubectl("get", "pd", "panther", "-n", "default")
		Expect(err).NotTo(HaveOccurred(), out)
		Expect(out).To(MatchRegexp(`(?m)^panther\s+us-east-1\s+1\.16\.0\s+True\s+Succeeded\s+(False\s+)?https://\S+\s`))
	})

	It("has invited the first user into the user pool", func() {
		firstUserInvited()
	})

	It("turns a CloudTrail file dropped in a source bucket into partitioned, cataloged events", func() {
		processesACloudTrailFile()
	})

	It("sends a corrupt file to the DLQ after the retries, without holding back the next", func() {
		sendsACorruptFileToTheDLQ()
	})

	It("alerts on a root login and failed logins: delivered, deduplicated, thresholded and retried", func() {
		alertsOnDetections()
	})

	It("serves the web app, where the first user signs in, triages the alert, writes a rule and adds a destination and a source", func() {
		usesTheWebApp()
	})

	It("refuses, with kubectl, to disable a stack another enabled stack needs, naming both", func() {
		out, err := kubectl("patch", "pd", "panther", "-n", "default", "--type=merge",
			"-p", `{"spec":{"stacks":{"cloudSecurity":{"enabled":false},"onboard":{"enabled":false}}}}`)
		Expect(err).To(HaveOccurred(), out)
		Expect(out).To(ContainSubstring("stacks.web needs stacks.cloudSecurity: enable stacks.cloudSecurity or disable stacks.web"))
	})

	It("changes the spec with kubectl and sees the operator follow", func() {
		out, err := kubectl("patch", "pd", "panther", "-n", "default", "--type=merge",
			"-p", `{"spec":{"stacks":{"onboard":{"enabled":false}}}}`)
		Expect(err).NotTo(HaveOccurred(), out)
		out, err = kubectl("wait", "pd/panther", "-n", "default", "--timeout=180s",
			`--for=jsonpath={.status.stacks[?(@.name=="onboard")].status}=NOT_FOUND`)
		Expect(err).NotTo(HaveOccurred(), out)
		out, err = kubectl("wait", "--for=condition=Ready", "pd/panther", "-n", "default", "--timeout=180s")
		Expect(err).NotTo(HaveOccurred(), out)
	})

	It("deletes it with kubectl, which returns only once the stacks are torn down", func() {
		out, err := kubectl("delete", "pd", "panther", "-n", "default", "--timeout=180s")
		Expect(err).NotTo(HaveOccurred(), out)
		clients, err := (&cloud.Factory{}).Clients(context.Background(), cloud.Target{Region: "us-east-1"})
		Expect(err).NotTo(HaveOccurred())
		names := []string{"panther-bootstrap", "panther-bootstrap-gateway", "panther-appsync", "panther-cloud-security",
			"panther-core", "panther-cw-dashboards", "panther-log-analysis", "panther-web", "panther-onboard"}
		stacks, err := clients.Stacks.List(context.Background(), names)
		Expect(err).NotTo(HaveOccurred())
		Expect(stacks).To(BeEmpty())
	})
})
