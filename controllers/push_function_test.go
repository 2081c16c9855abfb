package controllers_test

import (
	"time"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	deployv1alpha1 "github.com/panther-operator/panther-operator/api/v1alpha1"
	"github.com/panther-operator/panther-operator/internal/devpush"
	"github.com/panther-operator/panther-operator/internal/localaws/admin"
	"github.com/panther-operator/panther-operator/internal/testenv"
)

const pushedFunction = "panther-log-processor"

// lambdaClient is the account's Lambda API, as a developer's tools reach it.
func (a account) lambda() *lambda.Client {
	return lambda.NewFromConfig(awssdk.Config{Region: "us-east-1", Credentials: a.credentials()}, func(o *lambda.Options) {
		o.BaseEndpoint = awssdk.String(aws.URL())
	})
}

// codeOf reads a function's CodeSha256 from Lambda.
func codeOf(a account, name string) string {
	GinkgoHelper()
	out, err := a.lambda().GetFunctionConfiguration(ctx, &lambda.GetFunctionConfigurationInput{FunctionName: awssdk.String(name)})
	Expect(err).NotTo(HaveOccurred())
	return awssdk.ToString(out.CodeSha256)
}

// push replaces the function's code with a build of the stand-in function, through the code
// path of `pantherctl dev push-function panther-log-processor --from controllers/testdata/pushed-function`.
func push(a account) string {
	GinkgoHelper()
	res, err := devpush.Push(ctx, devpush.Options{Name: pushedFunction, ModuleDir: testenv.RepoRoot(),
		Dir: "controllers/testdata/pushed-function", Functions: a.clients().Functions, Poll: 100 * time.Millisecond})
	Expect(err).NotTo(HaveOccurred())
	Expect(string(res.Function.Component)).To(Equal("logAnalysis"))
	Expect(codeOf(a, pushedFunction)).To(Equal(res.CodeSHA256))
	return res.CodeSHA256
}

// functionEntries is status.functionCode.functions.
func functionEntries(pd *deployv1alpha1.PantherDeployment) []deployv1alpha1.FunctionStatus {
	if fc := fetch(pd).Status.FunctionCode; fc != nil {
		return fc.Functions
	}
	return nil
}

var _ = Describe("Pushing one function (pantherctl dev push-function)", func() {
	It("reports the pushed function as drifted, restores the release's code on the next deploy, and leaves a pinned one alone", func() {
		acct := newAccount()
		pd := newDeployment(acct, func(spec *deployv1alpha1.PantherDeploymentSpec) { spec.DriftDetection.Interval = "30m" })
		Expect(k8sClient.Create(ctx, pd)).To(Succeed())
		expectReady(pd)
		Eventually(condition(pd, deployv1alpha1.ConditionFunctionsDrifted)).Should(Equal("False/" + deployv1alpha1.ReasonReleaseCode))
		releaseCode := codeOf(acct, pushedFunction)

		By("pushing a changed package: the function runs it at once")
		pushed := push(acct)
		Expect(pushed).NotTo(Equal(releaseCode))
		out, err := acct.lambda().Invoke(ctx, &lambda.InvokeInput{FunctionName: awssdk.String(pushedFunction), Payload: []byte(`{}`)})
		Expect(err).NotTo(HaveOccurred())
		Expect(awssdk.ToString(out.FunctionError)).To(BeEmpty(), string(out.Payload))
		Expect(string(out.Payload)).To(Equal(`"pushed-function"`))

		By("the next check reports it drifted, without touching it: no deploy happened")
		since := time.Now()
		testClock.advance(time.Hour)
		requestReconcile(pd)
		Eventually(condition(pd, deployv1alpha1.ConditionFunctionsDrifted)).Should(Equal("True/" + deployv1alpha1.ReasonFunctionCodeChanged))
		Expect(functionEntries(pd)).To(ConsistOf(deployv1alpha1.FunctionStatus{Name: pushedFunction, Stack: "logAnalysis",
			CodeSHA256: pushed, ReleaseSHA256: releaseCode, State: deployv1alpha1.FunctionDrifted}))
		message := conditionOf(pd, deployv1alpha1.ConditionFunctionsDrifted).Message
		Expect(message).To(ContainSubstring(pushedFunction))
		Expect(message).To(ContainSubstring("functionOverrides"))
		Expect(conditionOf(pd, deployv1alpha1.ConditionReady).Status).To(BeEquivalentTo("True"), "a pushed function does not make a deployment unready")
		Expect(eventMessages(pd)).To(ContainElement(HavePrefix(deployv1alpha1.ReasonFunctionCodeChanged + ": ")))
		Expect(callsOf(acct, since, "UpdateFunctionCode")).To(BeEmpty())
		Expect(codeOf(acct, pushedFunction)).To(Equal(pushed))
		Expect(callsOf(acct, since, "ListFunctions")).To(HaveLen(1), "one ListFunctions per check")

		By("the next deploy (a spec change) restores the release's code")
		update(pd, func(p *deployv1alpha1.PantherDeployment) { p.Spec.DriftDetection.Interval = "45m" })
		Eventually(condition(pd, deployv1alpha1.ConditionFunctionsDrifted)).Should(Equal("False/" + deployv1alpha1.ReasonReleaseCode))
		Expect(codeOf(acct, pushedFunction)).To(Equal(releaseCode))
		Expect(functionEntries(pd)).To(BeEmpty())
		Expect(callsOf(acct, since, "UpdateFunctionCode")).To(ConsistOf(ContainSubstring(pushedFunction)))
		Eventually(func() []string { return eventMessages(pd) }).Should(ContainElement(HavePrefix(deployv1alpha1.ReasonFunctionCodeRestored + ": ")))

		By("pushing again and pinning the pushed code: reported Pinned, left alone")
		pushed = push(acct)
		since = time.Now()
		update(pd, func(p *deployv1alpha1.PantherDeployment) {
			p.Spec.Stacks.LogAnalysis.FunctionOverrides = map[string]deployv1alpha1.CodeSHA256{pushedFunction: deployv1alpha1.CodeSHA256(pushed)}
		})
		Eventually(condition(pd, deployv1alpha1.ConditionFunctionsDrifted)).Should(Equal("False/" + deployv1alpha1.ReasonFunctionsPinned))
		Expect(functionEntries(pd)).To(ConsistOf(HaveField("State", deployv1alpha1.FunctionPinned)))
		Expect(codeOf(acct, pushedFunction)).To(Equal(pushed))
		Expect(callsOf(acct, since, "UpdateFunctionCode")).To(BeEmpty())
	})

	It("stays Ready and names the permission when the operator may not list the functions", func() {
		injectFault(admin.FaultRule{Service: "lambda", Operation: "ListFunctions", ErrorCode: "AccessDeniedException", HTTPStatus: 403})
		acct := newAccount()
		pd := newDeployment(acct, nil)
		Expect(k8sClient.Create(ctx, pd)).To(Succeed())
		expectReady(pd)
		Eventually(condition(pd, deployv1alpha1.ConditionFunctionsDrifted)).Should(Equal("Unknown/" + deployv1alpha1.ReasonFunctionsUnchecked))
		Expect(conditionOf(pd, deployv1alpha1.ConditionFunctionsDrifted).Message).To(ContainSubstring("lambda:ListFunctions"))
		Expect(condition(pd, deployv1alpha1.ConditionReady)()).To(Equal("True/Succeeded"))
	})
})
