package cloud

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	ebtypes "github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
)

// StackEventsName names the operator's queue and EventBridge rule in every account and region
// where it deploys Panther: one channel of stack status changes, shared by the deployments there.
const StackEventsName = "panther-operator-stack-events"

// ManagedByTag marks the AWS resources the operator itself owns (not a deployment's).
const ManagedByTag, ManagedByValue = "deploy.panther.io/managed-by", "panther-operator"

// StackChange is one CloudFormation stack status change that reached a settled status.
type StackChange struct {
	StackID   string
	StackName string
	Status    StackStatus
}

// StackEventQueue is the channel of stack status changes of one account and region: an
// EventBridge rule routes CloudFormation's "Stack Status Change" events of Panther stacks that
// settled to an SQS queue, which the manager long-polls. See docs/stack-events.md.
type StackEventQueue interface {
	// Ensure creates the queue and the rule, or finds them: it is idempotent.
	Ensure(ctx context.Context, account string) error
	// Receive waits up to wait for changes; ErrNotFound when the queue is gone. A change is
	// received once: its message stays hidden until the queue's retention deletes it.
	Receive(ctx context.Context, wait time.Duration) ([]StackChange, error)
	// Remove deletes the rule and the queue; what is already gone is not an error.
	Remove(ctx context.Context, account string) error
}

type stackEventQueue struct {
	sqs    *sqs.Client
	events *eventbridge.Client
	region string
	// url is the queue's URL once Ensure found it.
	url string
}

// A received message is hidden for longer than the queue keeps any message, so that it never
// comes back and needs no DeleteMessage call: the queue's retention deletes it.
const retention, hidden = "3600", 12 * 60 * 60

// settledStatuses are the statuses that end a stack operation: the ones the operator waits for.
var settledStatuses = []string{
	"CREATE_COMPLETE", "CREATE_FAILED", "ROLLBACK_COMPLETE", "ROLLBACK_FAILED",
	"UPDATE_COMPLETE", "UPDATE_FAILED", "UPDATE_ROLLBACK_COMPLETE", "UPDATE_ROLLBACK_FAILED",
	"DELETE_COMPLETE", "DELETE_FAILED", "IMPORT_COMPLETE", "IMPORT_ROLLBACK_COMPLETE", "IMPORT_ROLLBACK_FAILED",
}

// partition is the AWS partition of a region, for ARNs.
func partition(region string) string {
	switch {
	case strings.HasPrefix(region, "cn-"):
		return "aws-cn"
	case strings.HasPrefix(region, "us-gov-"):
		return "aws-us-gov"
	}
	return "aws"
}

func (q *stackEventQueue) arns(account string) (queueARN, ruleARN string) {
	p := partition(q.region)
	return fmt.Sprintf("arn:%s:sqs:%s:%s:%s", p, q.region, account, StackEventsName),
		fmt.Sprintf("arn:%s:events:%s:%s:rule/%s", p, q.region, account, StackEventsName)
}

// eventPattern matches the settled status changes of stacks named panther* in one account.
func (q *stackEventQueue) eventPattern(account string) string {
	pattern := map[string]any{
		"source":      []string{"aws.cloudformation"},
		"detail-type": []string{"CloudFormation Stack Status Change"},
		"resources": []any{map[string]string{
			"prefix": fmt.Sprintf("arn:%s:cloudformation:%s:%s:stack/panther", partition(q.region), q.region, account)}},
		"detail": map[string]any{"status-details": map[string]any{"status": settledStatuses}},
	}
	data, _ := json.Marshal(pattern)
	return string(data)
}

func (q *stackEventQueue) Ensure(ctx context.Context, account string) error {
	queueARN, ruleARN := q.arns(account)
	policy, _ := json.Marshal(map[string]any{
		"Version": "2012-10-17",
		"Statement": []any{map[string]any{
			"Sid": "StackEventsFromTheRule", "Effect": "Allow",
			"Principal": map[string]string{"Service": "events.amazonaws.com"},
			"Action":    "sqs:SendMessage", "Resource": queueARN,
			"Condition": map[string]any{"ArnEquals": map[string]string{"aws:SourceArn": ruleARN}},
		}},
	})
	created, err := q.sqs.CreateQueue(ctx, &sqs.CreateQueueInput{
		QueueName: aws.String(StackEventsName),
		Attributes: map[string]string{
			// An hour: a change nobody received by then is found by polling anyway.
			"MessageRetentionPeriod": retention, "SqsManagedSseEnabled": "true", "Policy": string(policy),
		},
		Tags: map[string]string{ManagedByTag: ManagedByValue},
	})
	if err != nil {
		return wrapError("CreateQueue", err)
	}
	if _, err := q.events.PutRule(ctx, &eventbridge.PutRuleInput{
		Name:         aws.String(StackEventsName),
		EventPattern: aws.String(q.eventPattern(account)),
		State:        ebtypes.RuleStateEnabled,
		Description:  aws.String("Panther stacks' settled status changes, for the Panther operator"),
		Tags:         []ebtypes.Tag{{Key: aws.String(ManagedByTag), Value: aws.String(ManagedByValue)}},
	}); err != nil {
		return wrapError("PutRule", err)
	}
	if _, err := q.events.PutTargets(ctx, &eventbridge.PutTargetsInput{
		Rule:    aws.String(StackEventsName),
		Targets: []ebtypes.Target{{Id: aws.String("queue"), Arn: aws.String(queueARN)}},
	}); err != nil {
		return wrapError("PutTargets", err)
	}
	q.url = aws.ToString(created.QueueUrl)
	return nil
}

// stackStatusEvent is the part of EventBridge's event the operator reads.
type stackStatusEvent struct {
	Detail struct {
		StackID       string `json:"stack-id"`
		StatusDetails struct {
			Status string `json:"status"`
		} `json:"status-details"`
	} `json:"detail"`
}

func (q *stackEventQueue) Receive(ctx context.Context, wait time.Duration) ([]StackChange, error) {
	if q.url == "" {
		return nil, fmt.Errorf("ReceiveMessage: %w", ErrNotFound)
	}
	out, err := q.sqs.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{
		QueueUrl: aws.String(q.url), MaxNumberOfMessages: 10, WaitTimeSeconds: int32(wait / time.Second),
		VisibilityTimeout: hidden,
	})
	if err != nil {
		return nil, wrapError("ReceiveMessage", err)
	}
	changes := make([]StackChange, 0, len(out.Messages))
	for _, m := range out.Messages {
		var change StackChange
		var event stackStatusEvent
		// A message that is not a stack status change is acknowledged and otherwise ignored.
		if json.Unmarshal([]byte(aws.ToString(m.Body)), &event) == nil {
			change.StackID, change.Status = event.Detail.StackID, StackStatus(event.Detail.StatusDetails.Status)
			change.StackName = stackNameOf(change.StackID)
		}
		changes = append(changes, change)
	}
	return changes, nil
}

// stackNameOf reads the name out of a stack ID: arn:…:stack/NAME/UUID.
func stackNameOf(stackID string) string {
	_, rest, ok := strings.Cut(stackID, ":stack/")
	if !ok {
		return ""
	}
	name, _, _ := strings.Cut(rest, "/")
	return name
}

func (q *stackEventQueue) Remove(ctx context.Context, account string) error {
	_, err := q.events.RemoveTargets(ctx, &eventbridge.RemoveTargetsInput{Rule: aws.String(StackEventsName), Ids: []string{"queue"}})
	if err = wrapError("RemoveTargets", err); err != nil && !errors.Is(err, ErrNotFound) {
		return err
	}
	_, err = q.events.DeleteRule(ctx, &eventbridge.DeleteRuleInput{Name: aws.String(StackEventsName)})
	if err = wrapError("DeleteRule", err); err != nil && !errors.Is(err, ErrNotFound) {
		return err
	}
	url := q.url
	if url == "" {
		got, err := q.sqs.GetQueueUrl(ctx, &sqs.GetQueueUrlInput{QueueName: aws.String(StackEventsName), QueueOwnerAWSAccountId: aws.String(account)})
		if err = wrapError("GetQueueUrl", err); err != nil {
			if errors.Is(err, ErrNotFound) {
				return nil
			}
			return err
		}
		url = aws.ToString(got.QueueUrl)
	}
	_, err = q.sqs.DeleteQueue(ctx, &sqs.DeleteQueueInput{QueueUrl: aws.String(url)})
	if err = wrapError("DeleteQueue", err); err != nil && !errors.Is(err, ErrNotFound) {
		return err
	}
	q.url = ""
	return nil
}
