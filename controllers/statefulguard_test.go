package controllers_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"time"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	deployv1alpha1 "github.com/panther-operator/panther-operator/api/v1alpha1"
	"github.com/panther-operator/panther-operator/internal/cloud"
	"github.com/panther-operator/panther-operator/internal/panther"
)

// publishChangedRelease publishes into the account's release bucket a release of version,
// made from the pinned test release with one stack's template changed by edit: what a new
// Panther release with a changed template looks like to the operator. Only the manifest and
// the templates are published; the templates keep naming the pinned release's function zips.
func publishChangedRelease(acct account, version string, c panther.Component, edit func(string) string) {
	GinkgoHelper()
	dir := releases[pinnedVersion]
	data, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
	Expect(err).NotTo(HaveOccurred())
	m, err := panther.ParseManifest(data)
	Expect(err).NotTo(HaveOccurred())
	m.Version = version

	files := map[string][]byte{}
	for i, st := range m.Stacks {
		body, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(st.TemplateKey)))
		Expect(err).NotTo(HaveOccurred())
		if st.Component == c {
			changed := edit(string(body))
			Expect(changed).NotTo(Equal(string(body)), "the edit changed nothing")
			body = []byte(changed)
			sum := sha256.Sum256(body)
			m.Stacks[i].TemplateSHA256 = hex.EncodeToString(sum[:])
			m.Stacks[i].TemplateKey = panther.TemplateKey(m.Stacks[i].TemplateSHA256)
		}
		files[m.Stacks[i].TemplateKey] = body
	}
	root, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(m.Root.TemplateKey)))
	Expect(err).NotTo(HaveOccurred())
	files[m.Root.TemplateKey] = root
	manifest, err := m.Marshal()
	Expect(err).NotTo(HaveOccurred())
	files["manifest.json"] = manifest

	s3c := acct.s3()
	for key, body := range files {
		_, err := s3c.PutObject(ctx, &s3.PutObjectInput{
			Bucket: awssdk.String(acct.bucket), Key: awssdk.String(panther.VersionPrefix(version) + key),
			Body: bytes.NewReader(body),
		})
		Expect(err).NotTo(HaveOccurred())
	}
}

// executions lists the ExecuteChangeSet calls of the account that went to a stack.
func executions(acct account, since time.Time, stackName string) []string {
	var out []string
	for _, resource := range callsOf(acct, since, "ExecuteChangeSet") {
		if strings.Contains(resource, stackName) {
			out = append(out, resource)
		}
	}
	return out
}

// warningsOf lists the messages of the deployment's events of one reason.
func warningsOf(pd *deployv1alpha1.PantherDeployment, reason string) []string {
	var out []string
	for _, e := range eventsOf(pd) {
		if e.Reason == reason {
			out = append(out, e.Note)
		}
	}
	return out
}

var _ = Describe("A platform engineer deploying a release that changes a stateful resource", func() {
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

	It("is stopped before the alerts table is replaced, and goes on once the spec allows it", func() {
		const replacing = "1.16.2"
		publishChangedRelease(acct, replacing, panther.LogAnalysis, func(body string) string {
			return strings.Replace(body, "TableName: panther-log-alert-info\n", "TableName: panther-log-alert-info-v2\n", 1)
		})
		since := time.Now()
		update(pd, func(p *deployv1alpha1.PantherDeployment) { p.Spec.Stacks.LogAnalysis.Version = replacing })

		By("stalling with StatefulReplacement, naming the stack, the resource and the fix")
		Eventually(condition(pd, deployv1alpha1.ConditionStalled)).Should(Equal("True/" + deployv1alpha1.ReasonStatefulReplacement))
		message := conditionOf(pd, deployv1alpha1.ConditionStalled).Message
		for _, want := range []string{"panther-log-analysis", "replace AlertsTable (AWS::DynamoDB::Table",
			"spec.stacks.logAnalysis.allowReplacement", "kept for review"} {
			Expect(message).To(ContainSubstring(want))
		}
		Expect(condition(pd, deployv1alpha1.ConditionReady)()).To(HavePrefix("False/"))

		By("keeping the change set, unexecuted, and naming it in the status")
		held := stackStatus(pd, panther.LogAnalysis).PendingChange
		Expect(held).NotTo(BeEmpty())
		Expect(message).To(ContainSubstring(held))
		cs, err := acct.stacks().DescribeChangeSet(ctx, "panther-log-analysis", held)
		Expect(err).NotTo(HaveOccurred())
		Expect(cs.State()).To(Equal(cloud.ChangeSetReady))
		Expect(cs.Changes).To(ContainElement(And(
			HaveField("LogicalID", "AlertsTable"), HaveField("Replacement", cloud.ReplacementTrue))))

		By("making no ExecuteChangeSet call for the stack, over several reconciles, and one warning event")
		Consistently(func() []string { return executions(acct, since, "panther-log-analysis") }, 4*time.Second).Should(BeEmpty())
		Expect(warningsOf(pd, deployv1alpha1.ReasonStatefulReplacement)).To(HaveLen(1))
		Expect(stackStatus(pd, panther.LogAnalysis).Status).To(Or(Equal("UPDATE_COMPLETE"), Equal("CREATE_COMPLETE")))

		By("allowing AlertsTable, which executes the held change set without making another")
		allowed := time.Now()
		update(pd, func(p *deployv1alpha1.PantherDeployment) {
			p.Spec.Stacks.LogAnalysis.AllowReplacement = []string{"AlertsTable"}
		})
		expectReady(pd)
		Expect(executions(acct, allowed, "panther-log-analysis")).To(HaveLen(1))
		Expect(callsOf(acct, allowed, "CreateChangeSet")).To(BeEmpty())
		Expect(stackStatus(pd, panther.LogAnalysis).PendingChange).To(BeEmpty())
		Expect(stackStatus(pd, panther.LogAnalysis).Version).To(Equal(replacing))
		resources, err := acct.stacks().Resources(ctx, "panther-log-analysis")
		Expect(err).NotTo(HaveOccurred())
		Expect(resources).To(ContainElement(And(
			HaveField("LogicalID", "AlertsTable"), HaveField("PhysicalID", "panther-log-alert-info-v2"))))
	})

	It("lets a change that replaces nothing stateful through without any allowance", func() {
		const tuned = "1.16.3"
		publishChangedRelease(acct, tuned, panther.LogAnalysis, func(body string) string {
			return strings.Replace(body, "VisibilityTimeout: 5400", "VisibilityTimeout: 5500", 1)
		})
		since := time.Now()
		update(pd, func(p *deployv1alpha1.PantherDeployment) { p.Spec.Stacks.LogAnalysis.Version = tuned })
		expectReady(pd)
		Expect(executions(acct, since, "panther-log-analysis")).To(HaveLen(1))
		Expect(stackStatus(pd, panther.LogAnalysis).Version).To(Equal(tuned))
		Expect(stackStatus(pd, panther.LogAnalysis).PendingChange).To(BeEmpty())
		Expect(warningsOf(pd, deployv1alpha1.ReasonStatefulReplacement)).To(BeEmpty())
	})
})
