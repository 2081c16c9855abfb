package sqs

import (
	"context"
	"testing"
	"time"

	"github.com/panther-operator/panther-operator/internal/localaws/internal/state"
)

// TestBackendSendWaitReceiveDelete drives the methods other services use:
// Wait blocks without the lock until Send, then Receive and Delete.
func TestBackendSendWaitReceiveDelete(t *testing.T) {
	store := state.NewStore(state.NewLayout(Tables()...), nil, 0)
	s := New(store, nil)
	store.Lock()
	_, arn, err := s.CreateQueue("111111111111", "eu-west-1", "events", nil, nil)
	store.Unlock()
	if err != nil {
		t.Fatal(err)
	}
	woke := make(chan bool)
	go func() { woke <- s.Wait(context.Background(), arn, 5*time.Second) }()
	time.Sleep(50 * time.Millisecond)
	store.Lock() // Wait does not hold the lock while it waits
	if !s.QueueExists(arn) || s.QueueExists(arn+"x") {
		t.Error("QueueExists")
	}
	if _, err := s.Send(arn, "sns.amazonaws.com", "hello", map[string]MessageAttribute{"k": {DataType: "String", StringValue: "v"}}); err != nil {
		t.Fatal(err)
	}
	store.Unlock()
	if !<-woke {
		t.Fatal("Wait did not report the message")
	}
	store.Lock()
	defer store.Unlock()
	msgs, err := s.Receive(arn, 10, time.Minute)
	if err != nil || len(msgs) != 1 || msgs[0].Body != "hello" || msgs[0].Attributes["SenderId"] != "sns.amazonaws.com" ||
		msgs[0].Attributes["ApproximateReceiveCount"] != "1" || msgs[0].MessageAttributes["k"].StringValue != "v" {
		t.Fatalf("Receive %+v %v", msgs, err)
	}
	if err := s.Delete(arn, []string{msgs[0].ReceiptHandle}); err != nil {
		t.Fatal(err)
	}
	if q := s.queueByArn(arn); len(q.Messages) != 0 {
		t.Fatalf("messages after Delete %d", len(q.Messages))
	}
	store.Unlock()
	if s.Wait(context.Background(), arn, 100*time.Millisecond) {
		t.Error("Wait on an empty queue reported a message")
	}
	store.Lock()
}
