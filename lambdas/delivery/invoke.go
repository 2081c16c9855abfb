package delivery

import (
	"bytes"
	"context"
	"encoding/json"

	"github.com/aws/aws-lambda-go/events"

	"github.com/panther-operator/panther-operator/lambdas/api/deliveryapi"
)

// Invoke handles whatever invoked the function: a batch of the alerts queue (a payload with a
// Records array) is answered with its batch item failures; anything else is a one-key request,
// answered with the attempts.
func (s *Service) Invoke(ctx context.Context, payload json.RawMessage) (any, error) {
	var probe struct {
		Records json.RawMessage `json:"Records"`
	}
	if json.Unmarshal(payload, &probe) == nil && bytes.HasPrefix(bytes.TrimSpace(probe.Records), []byte("[")) {
		var event events.SQSEvent
		if err := json.Unmarshal(payload, &event); err != nil {
			return nil, err
		}
		messages := make([]QueuedMessage, len(event.Records))
		for i, r := range event.Records {
			messages[i] = QueuedMessage{ID: r.MessageId, Body: r.Body}
		}
		answer := events.SQSEventResponse{BatchItemFailures: []events.SQSBatchItemFailure{}}
		for _, id := range s.DeliverQueued(ctx, messages) {
			answer.BatchItemFailures = append(answer.BatchItemFailures, events.SQSBatchItemFailure{ItemIdentifier: id})
		}
		return answer, nil
	}
	var req deliveryapi.Request
	if err := json.Unmarshal(payload, &req); err != nil {
		return nil, invalid("the payload is neither a queue batch nor a request: %v", err)
	}
	return s.Handle(ctx, &req)
}
