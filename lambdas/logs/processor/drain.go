package processor

import (
	"context"
	"time"
)

// Message is one input-queue message.
type Message struct {
	ID, Body, ReceiptHandle string
}

// Queue is the input queue.
type Queue interface {
	Receive(ctx context.Context, limit int) ([]Message, error)
	Delete(ctx context.Context, receiptHandles []string) error
}

// MaxMessagesPerRun is how many messages one invocation reads at most.
const MaxMessagesPerRun = 5000

// DrainResult is what one drain did.
type DrainResult struct {
	Received, Deleted, Failed int
}

// Drain reads the queue until it is empty, until is passed or MaxMessagesPerRun were read,
// processing each message; then writes every buffered file and deletes the messages that
// succeeded. A message that failed is left for redelivery (and, after the queue's
// maxReceiveCount, its DLQ); a failure to write output fails the drain and deletes nothing.
func (p *Processor) Drain(ctx context.Context, q Queue, batch int, until time.Time) (DrainResult, error) {
	var res DrainResult
	var done []string
	now := p.Now
	if now == nil {
		now = time.Now
	}
	for res.Received < MaxMessagesPerRun && now().Before(until) {
		msgs, err := q.Receive(ctx, batch)
		if err != nil {
			return res, err
		}
		if len(msgs) == 0 {
			break
		}
		res.Received += len(msgs)
		for _, m := range msgs {
			if err := p.ProcessMessage(ctx, m.Body); err != nil {
				res.Failed++
				p.logger().Warn("message not processed; it will be retried", "messageId", m.ID, "error", err.Error())
				continue
			}
			done = append(done, m.ReceiptHandle)
		}
	}
	if err := p.Output.Flush(ctx); err != nil {
		return res, err
	}
	if len(done) > 0 {
		if err := q.Delete(ctx, done); err != nil {
			return res, err
		}
	}
	res.Deleted = len(done)
	return res, nil
}
