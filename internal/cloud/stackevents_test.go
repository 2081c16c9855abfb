package cloud

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/panther-operator/panther-operator/internal/localaws"
)

// localClients are the clients of one localaws account, built by the Factory as the operator
// builds them.
func localClients(t *testing.T, account string) (*Clients, aws.Config) {
	t.Helper()
	srv, err := localaws.Start("127.0.0.1:0", localaws.Options{ZeroLatency: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	opts := []func(*config.LoadOptions) error{config.WithBaseEndpoint(srv.URL())}
	f := &Factory{LoadOptions: opts}
	target := Target{Region: "us-east-1", Credentials: Credentials{AccessKeyID: account, SecretAccessKey: "secret"}}
	clients, err := f.Clients(context.Background(), target)
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := f.loadConfig(context.Background(), target)
	if err != nil {
		t.Fatal(err)
	}
	return clients, cfg
}

const waitHandleTemplate = `{"Resources": {"Handle": {"Type": "AWS::CloudFormation::WaitConditionHandle"}}}`

func TestStackEventsDeliverSettledChangesOfPantherStacks(t *testing.T) {
	ctx := context.Background()
	clients, cfg := localClients(t, "111122223333")
	account := "111122223333"
	q := clients.StackEvents
	for range 2 { // idempotent: a restarted manager ensures it again
		if err := q.Ensure(ctx, account); err != nil {
			t.Fatal(err)
		}
	}
	cfn := cloudformation.NewFromConfig(cfg)
	for _, name := range []string{"billing", "panther-core"} {
		if _, err := cfn.CreateStack(ctx, &cloudformation.CreateStackInput{StackName: aws.String(name), TemplateBody: aws.String(waitHandleTemplate)}); err != nil {
			t.Fatal(err)
		}
	}

	var got []StackChange
	deadline := time.Now().Add(10 * time.Second)
	for len(got) == 0 && time.Now().Before(deadline) {
		changes, err := q.Receive(ctx, time.Second)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, changes...)
	}
	if len(got) != 1 || got[0].StackName != "panther-core" || got[0].Status != "CREATE_COMPLETE" || got[0].StackID == "" {
		t.Fatalf("changes = %+v, want panther-core's CREATE_COMPLETE only (billing is not Panther's, IN_PROGRESS is not settled)", got)
	}
	// Received once: nothing comes again.
	if again, err := q.Receive(ctx, time.Second); err != nil || len(again) != 0 {
		t.Fatalf("received again: %+v, %v", again, err)
	}

	// The queue deleted under the operator: receiving says so, and Ensure makes it again.
	queues := sqs.NewFromConfig(cfg)
	url, err := queues.GetQueueUrl(ctx, &sqs.GetQueueUrlInput{QueueName: aws.String(StackEventsName)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := queues.DeleteQueue(ctx, &sqs.DeleteQueueInput{QueueUrl: url.QueueUrl}); err != nil {
		t.Fatal(err)
	}
	if _, err := q.Receive(ctx, 0); !errors.Is(err, ErrNotFound) {
		t.Fatalf("receiving from a deleted queue: %v, want ErrNotFound", err)
	}
	if err := q.Ensure(ctx, account); err != nil {
		t.Fatal(err)
	}

	// Removal deletes the queue and the rule, and is idempotent.
	for range 2 {
		if err := q.Remove(ctx, account); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := queues.GetQueueUrl(ctx, &sqs.GetQueueUrlInput{QueueName: aws.String(StackEventsName)}); err == nil {
		t.Fatal("the queue is still there after Remove")
	}
}

func TestStackNameOf(t *testing.T) {
	for id, want := range map[string]string{
		"arn:aws:cloudformation:us-east-1:123456789012:stack/panther-core/8c2d4a40-1f5e": "panther-core",
		"arn:aws-cn:cloudformation:cn-north-1:123456789012:stack/panther/uuid":           "panther",
		"not an arn": "",
	} {
		if got := stackNameOf(id); got != want {
			t.Errorf("stackNameOf(%q) = %q, want %q", id, got, want)
		}
	}
}
