package controllers_test

import (
	"strings"
	"time"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	deployv1alpha1 "github.com/panther-operator/panther-operator/api/v1alpha1"
	"github.com/panther-operator/panther-operator/internal/localaws/admin"
	"github.com/panther-operator/panther-operator/internal/panther"
)

var _ = Describe("Deploying with an assumed role", func() {
	const rightID, wrongID = "right-external-id-5d1e", "wrong-external-id-9c2b"

	It("deploys with the external ID from a Secret, and stalls on a wrong one without showing it", func() {
		acct := newAccount()
		roleARN := "arn:aws:iam::" + acct.id + ":role/PantherDeploymentRole"
		Expect(awsAdmin.PutRoleTrust(ctx, admin.RoleTrust{RoleArn: roleARN, ExternalID: rightID})).To(Succeed())
		createSecret(acct.namespace, "external-id", map[string]string{"externalID": wrongID})

		pd := newDeployment(acct, func(spec *deployv1alpha1.PantherDeploymentSpec) {
			spec.Credentials = &deployv1alpha1.Credentials{
				RoleARN:             roleARN,
				ExternalIDSecretRef: &deployv1alpha1.SecretKeyReference{Name: "external-id"},
			}
		})
		Expect(k8sClient.Create(ctx, pd)).To(Succeed())
		Eventually(condition(pd, deployv1alpha1.ConditionStalled)).Should(Equal("True/" + deployv1alpha1.ReasonCredentialsInvalid))
		Expect(conditionOf(pd, deployv1alpha1.ConditionStalled).Message).To(ContainSubstring("external ID"))
		Expect(objectJSON(fetch(pd))).NotTo(ContainSubstring(wrongID))
		for _, message := range eventMessages(pd) {
			Expect(message).NotTo(ContainSubstring(wrongID))
		}

		By("fixing the external ID in the Secret")
		secret := getSecret(acct.namespace, "external-id")
		secret.Data = map[string][]byte{"externalID": []byte(rightID)}
		Expect(k8sClient.Update(ctx, secret)).To(Succeed())
		expectReady(pd)
		Expect(fetch(pd).Status.AccountID).To(BeEquivalentTo(acct.id))
		Expect(objectJSON(fetch(pd))).NotTo(ContainSubstring(rightID))
	})

	It("refuses to act when the credentials resolve to another account than spec.accountID", func() {
		acct := newAccount()
		since := time.Now()
		pd := newDeployment(acct, func(spec *deployv1alpha1.PantherDeploymentSpec) { spec.AccountID = "999999999999" })
		Expect(k8sClient.Create(ctx, pd)).To(Succeed())
		Eventually(condition(pd, deployv1alpha1.ConditionStalled)).Should(Equal("True/" + deployv1alpha1.ReasonAccountMismatch))
		Expect(conditionOf(pd, deployv1alpha1.ConditionStalled).Message).To(SatisfyAll(
			ContainSubstring(acct.id), ContainSubstring("999999999999")))
		Expect(mutatingCalls(acct, since)).To(BeEmpty())
	})
})

var _ = Describe("A Panther stack the deployment does not own", func() {
	It("stalls naming it, and is taken over once the deployment is annotated to adopt it", func() {
		acct := newAccount()
		cfn := cloudformation.NewFromConfig(awssdk.Config{Region: "us-east-1", Credentials: acct.credentials()},
			func(o *cloudformation.Options) { o.BaseEndpoint = awssdk.String(aws.URL()) })
		_, err := cfn.CreateStack(ctx, &cloudformation.CreateStackInput{
			StackName:    awssdk.String("panther-core"),
			TemplateBody: awssdk.String("Resources:\n  Handle:\n    Type: AWS::CloudFormation::WaitConditionHandle\n"),
		})
		Expect(err).NotTo(HaveOccurred())

		pd := newDeployment(acct, nil)
		Expect(k8sClient.Create(ctx, pd)).To(Succeed())
		Eventually(condition(pd, deployv1alpha1.ConditionStalled)).Should(Equal("True/" + deployv1alpha1.ReasonStackNotOwned))
		Expect(conditionOf(pd, deployv1alpha1.ConditionStalled).Message).To(SatisfyAll(
			ContainSubstring("panther-core"), ContainSubstring(deployv1alpha1.AnnotationAdopt)))

		update(pd, func(p *deployv1alpha1.PantherDeployment) {
			p.Annotations = map[string]string{deployv1alpha1.AnnotationAdopt: "true"}
		})
		expectReady(pd)
		core, err := acct.stacks().Describe(ctx, "panther-core")
		Expect(err).NotTo(HaveOccurred())
		Expect(core.Tags).To(HaveKeyWithValue(deployv1alpha1.OwnerTagKey, pd.Namespace+"/"+pd.Name+"/"+string(fetch(pd).UID)))
		Expect(stackStatus(pd, panther.Core).Status).To(Equal("UPDATE_COMPLETE"))
	})
})

var _ = Describe("A deployment under AWS faults", func() {
	It("reaches Ready and tears down with 20 % throttling and 5 % server errors", func() {
		acct := newAccount()
		for _, service := range []string{"cloudformation", "s3", "sts", "logs"} {
			injectFault(admin.Throttle(service, 0.2))
			injectFault(admin.FaultRule{Service: service, ErrorCode: "InternalFailure", HTTPStatus: 500, Probability: 0.05})
		}
		pd := newDeployment(acct, nil)
		Expect(k8sClient.Create(ctx, pd)).To(Succeed())
		expectReady(pd)

		Expect(k8sClient.Delete(ctx, pd)).To(Succeed())
		Eventually(gone(pd)).Should(BeTrue())
		existing, err := acct.stacks().List(ctx, stackNames())
		Expect(err).NotTo(HaveOccurred())
		Expect(existing).To(BeEmpty())
		throttled := requestsOf(acct, time.Time{}, func(r admin.RequestRecord) (string, bool) {
			return r.Operation, strings.Contains(r.ErrorCode, "Throttl")
		})
		Expect(throttled).NotTo(BeEmpty(), "the faults did not fire")
	})
})

var _ = Describe("Restarting the operator", func() {
	It("in the middle of a deploy and of a teardown duplicates nothing and leaves nothing behind", func() {
		acct := newAccount()
		pd := newDeployment(acct, nil)
		Expect(k8sClient.Create(ctx, pd)).To(Succeed())

		By("stopping the operator while the first stacks are being created")
		Eventually(func() string { return stackStatus(pd, panther.BootstrapGateway).Status }).
			Should(Or(Equal("CREATE_IN_PROGRESS"), Equal("REVIEW_IN_PROGRESS"), Equal("CREATE_COMPLETE")))
		stopManager()
		stopManager = startManager()
		expectReady(pd)
		since := fetch(pd).CreationTimestamp.Time
		for _, name := range stackNames() {
			Expect(callsOf(acct, since, "CreateStack")).To(ContainElement(name))
		}
		created := map[string]int{}
		for _, name := range callsOf(acct, since, "CreateStack") {
			created[name]++
		}
		for name, n := range created {
			Expect(n).To(Equal(1), "%s was created %d times", name, n)
		}

		By("stopping the operator while the stacks are being deleted")
		Expect(k8sClient.Delete(ctx, pd)).To(Succeed())
		Eventually(func() []string { return callsOf(acct, since, "DeleteStack") }).ShouldNot(BeEmpty())
		stopManager()
		stopManager = startManager()
		Eventually(gone(pd)).Should(BeTrue())

		existing, err := acct.stacks().List(ctx, stackNames())
		Expect(err).NotTo(HaveOccurred())
		Expect(existing).To(BeEmpty())
		clients := acct.cleanupClients()
		Expect(pantherBuckets(acct)).To(BeEmpty())
		groups, err := clients.LogGroups(ctx, "/aws/lambda/panther-")
		Expect(err).NotTo(HaveOccurred())
		Expect(groups).To(BeEmpty())
	})
})
