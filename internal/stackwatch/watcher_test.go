package stackwatch

import (
	"context"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/go-logr/logr/testr"
	"k8s.io/apimachinery/pkg/types"

	"github.com/panther-operator/panther-operator/internal/cloud"
	"github.com/panther-operator/panther-operator/internal/localaws"
)

const account = "111122223333"

// fixture is localaws, the clients of one account in it, and a started watcher.
type fixture struct {
	watcher *Watcher
	clients *cloud.Clients
	cfn     *cloudformation.Client
	sqs     *sqs.Client
	key     Key
}

func start(t *testing.T) *fixture {
	t.Helper()
	srv, err := localaws.Start("127.0.0.1:0", localaws.Options{ZeroLatency: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	f := &cloud.Factory{LoadOptions: []func(*config.LoadOptions) error{config.WithBaseEndpoint(srv.URL())}}
	target := cloud.Target{Region: "us-east-1", Credentials: cloud.Credentials{AccessKeyID: account, SecretAccessKey: "s"}}
	clients, err := f.Clients(ctx, target)
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := config.LoadDefaultConfig(ctx, config.WithRegion("us-east-1"), config.WithBaseEndpoint(srv.URL()),
		config.WithCredentialsProvider(aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
			return aws.Credentials{AccessKeyID: account, SecretAccessKey: "s"}, nil
		})))
	if err != nil {
		t.Fatal(err)
	}
	w := New(testr.New(t))
	w.Wait, w.Backoff = 200*time.Millisecond, 20*time.Millisecond
	go func() { _ = w.Start(ctx) }()
	return &fixture{watcher: w, clients: clients, cfn: cloudformation.NewFromConfig(cfg), sqs: sqs.NewFromConfig(cfg),
		key: Key{Account: account, Region: "us-east-1"}}
}

func (f *fixture) createStack(t *testing.T, name string) {
	t.Helper()
	if _, err := f.cfn.CreateStack(context.Background(), &cloudformation.CreateStackInput{StackName: aws.String(name),
		TemplateBody: aws.String(`{"Resources": {"Handle": {"Type": "AWS::CloudFormation::WaitConditionHandle"}}}`)}); err != nil {
		t.Fatal(err)
	}
}

// eventually polls cond for up to ten seconds.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatalf("timed out waiting until %s", what)
}

func (f *fixture) live(dep types.NamespacedName, stacks ...string) func() bool {
	return func() bool { return f.watcher.Track(f.key, dep, f.clients.StackEvents, stacks, true) }
}

func TestASettledStackBecomesARequestForItsDeployment(t *testing.T) {
	f := start(t)
	prod, other := types.NamespacedName{Namespace: "prod", Name: "panther"}, types.NamespacedName{Namespace: "dev", Name: "panther"}
	eventually(t, "the channel is live", f.live(prod, "panther-core"))
	f.watcher.Track(f.key, other, f.clients.StackEvents, []string{"panther-web"}, false)

	f.createStack(t, "panther-core")
	select {
	case e := <-f.watcher.requests:
		if e.Object.GetNamespace() != "prod" || e.Object.GetName() != "panther" {
			t.Fatalf("request for %s/%s, want prod/panther", e.Object.GetNamespace(), e.Object.GetName())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no request after panther-core completed")
	}
	// A stack no deployment has makes no request.
	f.createStack(t, "panther-unowned")
	select {
	case e := <-f.watcher.requests:
		t.Fatalf("a request for %s/%s from a stack nobody owns", e.Object.GetNamespace(), e.Object.GetName())
	case <-time.After(time.Second):
	}
	if last := f.watcher.Forget(f.key, prod); last {
		t.Fatal("Forget says prod was the last deployment, but dev is tracked in the same account")
	}
	if last := f.watcher.Forget(f.key, other); !last {
		t.Fatal("Forget says dev was not the last deployment")
	}
}

func TestThePollStopsWhenNothingIsInProgress(t *testing.T) {
	f := start(t)
	dep := types.NamespacedName{Namespace: "prod", Name: "panther"}
	eventually(t, "the channel is live", f.live(dep, "panther-core"))
	f.watcher.Track(f.key, dep, f.clients.StackEvents, []string{"panther-core"}, false)
	eventually(t, "the poll has stopped", func() bool {
		f.watcher.mu.Lock()
		defer f.watcher.mu.Unlock()
		return f.watcher.channels[f.key].stop == nil
	})
	if f.watcher.Track(f.key, dep, f.clients.StackEvents, nil, false) {
		t.Fatal("a channel that is not polled is reported live")
	}
}

func TestADeletedQueueIsReportedDownAndMadeAgain(t *testing.T) {
	f := start(t)
	dep := types.NamespacedName{Namespace: "prod", Name: "panther"}
	eventually(t, "the channel is live", f.live(dep, "panther-core"))
	ctx := context.Background()
	url, err := f.sqs.GetQueueUrl(ctx, &sqs.GetQueueUrlInput{QueueName: aws.String(cloud.StackEventsName)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.sqs.DeleteQueue(ctx, &sqs.DeleteQueueInput{QueueUrl: url.QueueUrl}); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the channel is reported down", func() bool { return !f.live(dep, "panther-core")() })
	eventually(t, "the channel is live again", f.live(dep, "panther-core"))
	if _, err := f.sqs.GetQueueUrl(ctx, &sqs.GetQueueUrlInput{QueueName: aws.String(cloud.StackEventsName)}); err != nil {
		t.Fatalf("the queue was not made again: %v", err)
	}
	f.createStack(t, "panther-core")
	select {
	case <-f.watcher.requests:
	case <-time.After(10 * time.Second):
		t.Fatal("no request through the queue made again")
	}
}

func TestADeploymentThatMovesStopsThePollOfItsFormerAccount(t *testing.T) {
	f := start(t)
	dep := types.NamespacedName{Namespace: "prod", Name: "panther"}
	eventually(t, "the channel is live", f.live(dep, "panther-core"))
	elsewhere := Key{Account: "999988887777", Region: "us-east-1"}
	f.watcher.Track(elsewhere, dep, f.clients.StackEvents, []string{"panther-core"}, false)
	eventually(t, "the former account's poll has stopped", func() bool {
		f.watcher.mu.Lock()
		defer f.watcher.mu.Unlock()
		return f.watcher.channels[f.key].stop == nil
	})
}
