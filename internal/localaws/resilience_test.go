package localaws_test

import (
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation/types"

	"github.com/panther-operator/panther-operator/internal/localaws"
	"github.com/panther-operator/panther-operator/internal/localaws/admin"
)

// TestThrottledConcurrentStacks injects 20 % throttling on every
// CloudFormation call; the SDK's standard retryer still completes 20
// concurrent stacks.
func TestThrottledConcurrentStacks(t *testing.T) {
	e := startEnv(t)
	c := ctx(t)
	_, err := e.admin.AddFault(c, admin.Throttle("cloudformation", 0.2))
	must(t, err)
	client := cloudformation.NewFromConfig(e.cfg, func(o *cloudformation.Options) {
		o.Retryer = retry.NewStandard(func(so *retry.StandardOptions) {
			so.MaxAttempts = 10
			so.MaxBackoff = 10 * time.Millisecond
		})
	})
	tmpl := `{"Resources":{"Q":{"Type":"AWS::SQS::Queue"},"L":{"Type":"AWS::Logs::LogGroup","DependsOn":"Q"}}}`
	var wg sync.WaitGroup
	errs := make(chan error, 20)
	for i := range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			name := fmt.Sprintf("throttled-%d", i)
			if _, err := client.CreateStack(c, &cloudformation.CreateStackInput{StackName: aws.String(name), TemplateBody: aws.String(tmpl)}); err != nil {
				errs <- err
				return
			}
			w := cloudformation.NewStackCreateCompleteWaiter(client, func(o *cloudformation.StackCreateCompleteWaiterOptions) {
				o.MinDelay, o.MaxDelay = 5*time.Millisecond, 20*time.Millisecond
			})
			errs <- w.Wait(c, &cloudformation.DescribeStacksInput{StackName: aws.String(name)}, 30*time.Second)
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		must(t, err)
	}
	records, err := e.admin.Requests(c)
	must(t, err)
	throttled := 0
	for _, r := range records {
		if r.ErrorCode == "Throttling" {
			throttled++
		}
	}
	if throttled == 0 {
		t.Fatal("no request was throttled")
	}
}

// TestStateFileResumesStackOperation restarts the emulator in the middle of
// a stack creation; the restarted emulator finishes it.
func TestStateFileResumesStackOperation(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	first := startEnv(t, func(o *localaws.Options) {
		o.StateFile = path
		o.ZeroLatency = false
		o.LatencyScale = 4 // 200 ms per resource step: the chain takes seconds
	})
	c := ctx(t)
	tmpl := `{"Resources":{
		"A":{"Type":"AWS::S3::Bucket"},
		"B":{"Type":"AWS::Logs::LogGroup","DependsOn":"A"},
		"C":{"Type":"AWS::SQS::Queue","DependsOn":"B"},
		"D":{"Type":"AWS::SNS::Topic","DependsOn":"C"},
		"E":{"Type":"AWS::SQS::Queue","DependsOn":"D"},
		"F":{"Type":"AWS::SNS::Topic","DependsOn":"E"}}}`
	out, err := first.cfn.CreateStack(c, &cloudformation.CreateStackInput{StackName: aws.String("resume"), TemplateBody: aws.String(tmpl)})
	must(t, err)
	// Wait until the first resource is done, then restart.
	for {
		res, err := first.cfn.DescribeStackResources(c, &cloudformation.DescribeStackResourcesInput{StackName: aws.String("resume"), LogicalResourceId: aws.String("A")})
		must(t, err)
		if len(res.StackResources) == 1 && res.StackResources[0].ResourceStatus == types.ResourceStatusCreateComplete {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	must(t, first.srv.Close())
	entries, err := os.ReadDir(filepath.Dir(path))
	must(t, err)
	if len(entries) != 1 || entries[0].Name() != "state.json" {
		t.Fatalf("state directory holds %v; writes must be atomic renames", entries)
	}

	srv, err := localaws.Start("127.0.0.1:0", localaws.Options{StateFile: path, ZeroLatency: true})
	must(t, err)
	t.Cleanup(func() { _ = srv.Close() })
	second := newEnv(t, srv, "AKIDEXAMPLE")
	mid := describe(t, second, aws.ToString(out.StackId))
	if mid.StackStatus != types.StackStatusCreateInProgress && mid.StackStatus != types.StackStatusCreateComplete {
		t.Fatalf("after restart: %s", mid.StackStatus)
	}
	waitCreate(t, second, "resume")
	res, err := second.cfn.ListStackResources(c, &cloudformation.ListStackResourcesInput{StackName: aws.String("resume")})
	must(t, err)
	if len(res.StackResourceSummaries) != 6 {
		t.Fatalf("resources after resume: %d", len(res.StackResourceSummaries))
	}
}

// TestStateFileResumesNestedStacks restarts while a parent waits on its
// nested stacks; after the restart both levels finish.
func TestStateFileResumesNestedStacks(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	first := startEnv(t, func(o *localaws.Options) {
		o.StateFile = path
		o.ZeroLatency = false
		o.LatencyScale = 4
	})
	c := ctx(t)
	uploadAssets(t, first)
	out, err := first.cfn.CreateStack(c, &cloudformation.CreateStackInput{StackName: aws.String("root"), TemplateBody: aws.String(rootTemplate)})
	must(t, err)
	// Restart once the first nested stack exists.
	for {
		all, err := first.cfn.DescribeStacks(c, &cloudformation.DescribeStacksInput{})
		must(t, err)
		if len(all.Stacks) > 1 {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	must(t, first.srv.Close())

	srv, err := localaws.Start("127.0.0.1:0", localaws.Options{StateFile: path, ZeroLatency: true})
	must(t, err)
	t.Cleanup(func() { _ = srv.Close() })
	second := newEnv(t, srv, "AKIDEXAMPLE")
	waitCreate(t, second, aws.ToString(out.StackId))
	all, err := second.cfn.DescribeStacks(c, &cloudformation.DescribeStacksInput{})
	must(t, err)
	if len(all.Stacks) != 4 {
		t.Fatalf("stacks after resume: %d", len(all.Stacks))
	}
	for _, s := range all.Stacks {
		if s.StackStatus != types.StackStatusCreateComplete {
			t.Errorf("%s: %s", aws.ToString(s.StackName), s.StackStatus)
		}
	}
}
