package controllers_test

import (
	"time"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	deployv1alpha1 "github.com/panther-operator/panther-operator/api/v1alpha1"
	"github.com/panther-operator/panther-operator/internal/cloud"
)

func (a account) sqs() *sqs.Client {
	return sqs.NewFromConfig(awssdk.Config{Region: "us-east-1", Credentials: a.credentials()}, func(o *sqs.Options) {
		o.BaseEndpoint = awssdk.String(aws.URL())
	})
}

func (a account) eventBridge() *eventbridge.Client {
	return eventbridge.NewFromConfig(awssdk.Config{Region: "us-east-1", Credentials: a.credentials()}, func(o *eventbridge.Options) {
		o.BaseEndpoint = awssdk.String(aws.URL())
	})
}

// stackEventsQueue returns the URL of the account's stack events queue, or "" when there is none.
func stackEventsQueue(a account) string {
	out, err := a.sqs().GetQueueUrl(ctx, &sqs.GetQueueUrlInput{QueueName: awssdk.String(cloud.StackEventsName)})
	if err != nil {
		return ""
	}
	return awssdk.ToString(out.QueueUrl)
}

var _ = Describe("Stack events", func() {
	It("carry a deploy; with the queue and rule deleted under the manager it converges by polling; the last teardown removes them", func() {
		acct := newAccount()
		pd := newDeployment(acct, nil)
		Expect(k8sClient.Create(ctx, pd)).To(Succeed())
		expectReady(pd)

		By("finding the channel the operator made in the account, and that it received the stacks' changes")
		Expect(stackEventsQueue(acct)).NotTo(BeEmpty())
		rule, err := acct.eventBridge().DescribeRule(ctx, &eventbridge.DescribeRuleInput{Name: awssdk.String(cloud.StackEventsName)})
		Expect(err).NotTo(HaveOccurred())
		Expect(awssdk.ToString(rule.EventPattern)).To(ContainSubstring("CloudFormation Stack Status Change"))
		Expect(callsOf(acct, fetch(pd).CreationTimestamp.Time, "ReceiveMessage")).NotTo(BeEmpty(),
			"the manager never received from the queue during the deploy")

		By("deleting the rule under the manager: no change arrives any more, and a spec change converges by polling")
		_, err = acct.eventBridge().RemoveTargets(ctx, &eventbridge.RemoveTargetsInput{Rule: awssdk.String(cloud.StackEventsName), Ids: []string{"queue"}})
		Expect(err).NotTo(HaveOccurred())
		_, err = acct.eventBridge().DeleteRule(ctx, &eventbridge.DeleteRuleInput{Name: awssdk.String(cloud.StackEventsName)})
		Expect(err).NotTo(HaveOccurred())
		update(pd, func(p *deployv1alpha1.PantherDeployment) { p.Spec.Config.Company.DisplayName = "Events Lost Inc" })
		expectReady(pd)

		By("deleting the queue under the manager: receiving fails, and the next spec change converges all the same")
		_, err = acct.sqs().DeleteQueue(ctx, &sqs.DeleteQueueInput{QueueUrl: awssdk.String(stackEventsQueue(acct))})
		Expect(err).NotTo(HaveOccurred())
		update(pd, func(p *deployv1alpha1.PantherDeployment) { p.Spec.Config.Company.DisplayName = "Queue Lost Inc" })
		expectReady(pd)

		By("deleting the deployment, the last of its account: the queue and the rule go with it")
		Expect(k8sClient.Delete(ctx, pd)).To(Succeed())
		Eventually(gone(pd)).WithTimeout(2 * time.Minute).Should(BeTrue())
		Expect(stackEventsQueue(acct)).To(BeEmpty())
		_, err = acct.eventBridge().DescribeRule(ctx, &eventbridge.DescribeRuleInput{Name: awssdk.String(cloud.StackEventsName)})
		Expect(err).To(HaveOccurred(), "the rule is still there")
	})
})
