package localaws_test

import (
	"encoding/json"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	ebtypes "github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/panther-operator/panther-operator/internal/localaws"
)

func (e *env) events() *eventbridge.Client { return eventbridge.NewFromConfig(e.cfg) }

// shiftedClock is a clock a test moves forward, for schedules and SQS timers.
type shiftedClock struct{ shift atomic.Int64 }

func (c *shiftedClock) now() time.Time          { return time.Now().Add(time.Duration(c.shift.Load())) }
func (c *shiftedClock) advance(d time.Duration) { c.shift.Add(int64(d)) }

// receiveBodies long-polls a queue for up to n messages within a few seconds.
func receiveBodies(t *testing.T, e *env, url string, n int) []string {
	t.Helper()
	var bodies []string
	deadline := time.Now().Add(10 * time.Second)
	for len(bodies) < n && time.Now().Before(deadline) {
		out, err := e.sqs.ReceiveMessage(ctx(t), &sqs.ReceiveMessageInput{QueueUrl: aws.String(url), WaitTimeSeconds: 1, MaxNumberOfMessages: 10})
		must(t, err)
		for _, m := range out.Messages {
			bodies = append(bodies, aws.ToString(m.Body))
		}
	}
	return bodies
}

func TestEventBridgeScheduleInvokesAFunction(t *testing.T) {
	clock := &shiftedClock{}
	e := startEnv(t, func(o *localaws.Options) { o.Clock = clock.now })
	createGoFunction(t, e, "scheduled", 5, nil)
	rule, err := e.events().PutRule(ctx(t), &eventbridge.PutRuleInput{Name: aws.String("every-minute"), ScheduleExpression: aws.String("rate(1 minute)")})
	must(t, err)
	if !strings.HasPrefix(aws.ToString(rule.RuleArn), "arn:aws:events:us-east-1:000000000000:rule/every-minute") {
		t.Errorf("rule ARN %s", aws.ToString(rule.RuleArn))
	}
	_, err = e.events().PutTargets(ctx(t), &eventbridge.PutTargetsInput{Rule: aws.String("every-minute"), Targets: []ebtypes.Target{{
		Id: aws.String("fn"), Arn: aws.String("arn:aws:lambda:us-east-1:000000000000:function:scheduled"),
		Input: aws.String(`{"action":"print","value":"tick"}`)}}})
	must(t, err)
	clock.advance(61 * time.Second)
	waitForLog(t, e, "scheduled", "printed: tick")
}

func TestEventBridgePatternRuleDeliversToAQueue(t *testing.T) {
	e := startEnv(t)
	url := createQueue(t, e, "matched", nil)
	pattern := `{"source":["my.app"],"detail":{"level":[{"anything-but":"debug"}]}}`
	_, err := e.events().PutRule(ctx(t), &eventbridge.PutRuleInput{Name: aws.String("errors"), EventPattern: aws.String(pattern)})
	must(t, err)
	_, err = e.events().PutTargets(ctx(t), &eventbridge.PutTargetsInput{Rule: aws.String("errors"), Targets: []ebtypes.Target{{
		Id: aws.String("q"), Arn: aws.String("arn:aws:sqs:us-east-1:000000000000:matched"), InputPath: aws.String("$.detail")}}})
	must(t, err)
	out, err := e.events().PutEvents(ctx(t), &eventbridge.PutEventsInput{Entries: []ebtypes.PutEventsRequestEntry{
		{Source: aws.String("my.app"), DetailType: aws.String("log"), Detail: aws.String(`{"level":"debug"}`)},
		{Source: aws.String("my.app"), DetailType: aws.String("log"), Detail: aws.String(`{"level":"error","msg":"boom"}`)},
		{Source: aws.String("my.app"), DetailType: aws.String("log"), Detail: aws.String(`not json`)},
	}})
	must(t, err)
	if out.FailedEntryCount != 1 || aws.ToString(out.Entries[2].ErrorCode) != "MalformedDetail" {
		t.Errorf("PutEvents: %d failed, entries %+v", out.FailedEntryCount, out.Entries)
	}
	bodies := receiveBodies(t, e, url, 1)
	if len(bodies) != 1 || bodies[0] != `{"level":"error","msg":"boom"}` {
		t.Errorf("queue got %q, want only the error event's detail", bodies)
	}
	_, err = e.events().DeleteRule(ctx(t), &eventbridge.DeleteRuleInput{Name: aws.String("errors")})
	wantCode(t, err, "ValidationException")
}

func TestEventBridgeCarriesCloudFormationStatusChanges(t *testing.T) {
	e := startEnv(t)
	url := createQueue(t, e, "stack-events", nil)
	_, err := e.events().PutRule(ctx(t), &eventbridge.PutRuleInput{Name: aws.String("stacks"),
		EventPattern: aws.String(`{"source":["aws.cloudformation"],"detail-type":["CloudFormation Stack Status Change"]}`)})
	must(t, err)
	_, err = e.events().PutTargets(ctx(t), &eventbridge.PutTargetsInput{Rule: aws.String("stacks"), Targets: []ebtypes.Target{{
		Id: aws.String("q"), Arn: aws.String("arn:aws:sqs:us-east-1:000000000000:stack-events")}}})
	must(t, err)
	_, err = e.cfn.CreateStack(ctx(t), &cloudformation.CreateStackInput{StackName: aws.String("watched"),
		TemplateBody: aws.String(`{"Resources":{"Q":{"Type":"AWS::SQS::Queue"}}}`)})
	must(t, err)
	waitCreate(t, e, "watched")
	for _, body := range receiveBodies(t, e, url, 1) {
		var event struct {
			Source string `json:"source"`
			Detail struct {
				StackID       string            `json:"stack-id"`
				StatusDetails map[string]string `json:"status-details"`
			} `json:"detail"`
		}
		must(t, json.Unmarshal([]byte(body), &event))
		if event.Detail.StatusDetails["status"] == "CREATE_COMPLETE" && strings.Contains(event.Detail.StackID, ":stack/watched/") {
			return
		}
	}
	t.Fatal("no CREATE_COMPLETE status-change event reached the queue")
}

func TestCloudFormationEventRuleSchedulesAFunction(t *testing.T) {
	clock := &shiftedClock{}
	e := startEnv(t, func(o *localaws.Options) { o.Clock = clock.now })
	createGoFunction(t, e, "nightly", 5, nil)
	tmpl := `{"Resources":{"Nightly":{"Type":"AWS::Events::Rule","Properties":{"ScheduleExpression":"rate(5 minutes)",
	  "Targets":[{"Id":"fn","Arn":"arn:aws:lambda:us-east-1:000000000000:function:nightly","Input":"{\"action\":\"print\",\"value\":\"nightly run\"}"}]}}},
	  "Outputs":{"Arn":{"Value":{"Fn::GetAtt":["Nightly","Arn"]}}}}`
	_, err := e.cfn.CreateStack(ctx(t), &cloudformation.CreateStackInput{StackName: aws.String("cron"), TemplateBody: aws.String(tmpl)})
	must(t, err)
	waitCreate(t, e, "cron")
	if arn := stackOutputs(t, e, "cron")["Arn"]; !strings.Contains(arn, ":rule/cron-Nightly-") {
		t.Errorf("rule ARN %s", arn)
	}
	clock.advance(301 * time.Second)
	waitForLog(t, e, "nightly", "nightly")
}

// TestTimeScaleRunsRateSchedulesFaster: with TimeScale 0.02, rate(1 minute) fires every
// 1.2 s of real time, several times within a few seconds, without moving any clock.
func TestTimeScaleRunsRateSchedulesFaster(t *testing.T) {
	e := startEnv(t, func(o *localaws.Options) { o.TimeScale = 0.02 })
	url := createQueue(t, e, "ticks", nil)
	_, err := e.events().PutRule(ctx(t), &eventbridge.PutRuleInput{Name: aws.String("minutely"), ScheduleExpression: aws.String("rate(1 minute)")})
	must(t, err)
	_, err = e.events().PutTargets(ctx(t), &eventbridge.PutTargetsInput{Rule: aws.String("minutely"), Targets: []ebtypes.Target{{
		Id: aws.String("q"), Arn: aws.String("arn:aws:sqs:us-east-1:000000000000:ticks"), Input: aws.String(`{"tick":true}`)}}})
	must(t, err)
	if bodies := receiveBodies(t, e, url, 2); len(bodies) < 2 || bodies[0] != `{"tick":true}` {
		t.Fatalf("ticks %q, want two within seconds", bodies)
	}
}
