package main

import (
	"context"
	"encoding/json"
	"errors"
	"testing"

	"github.com/panther-operator/panther-operator/api/graphql"
	"github.com/panther-operator/panther-operator/lambdas/api/appsync"
	"github.com/panther-operator/panther-operator/lambdas/api/appsync/appsynctest"
	"github.com/panther-operator/panther-operator/lambdas/api/deliveryapi"
)

func TestGraphQLFieldsTranslateIntoRequests(t *testing.T) {
	ev := appsynctest.Event
	appsynctest.CheckTranslations(t, graphql.AlertDeliveryAPI, graphQLFields, []appsynctest.Case{
		{Name: "re-send an alert", Event: ev("Mutation.deliverAlert", `{"input":{"alertId":"a1","outputIds":["o1","o2"]}}`),
			Want: `{"deliverAlert":{"alertId":"a1","outputIds":["o1","o2"]}}`},
		{Name: "test alert", Event: ev("Mutation.sendTestAlert", `{"input":{"outputIds":["o1"]}}`),
			Want: `{"sendTestAlert":{"outputIds":["o1"]}}`},
		{Name: "a field the wire input lacks", Event: ev("Mutation.sendTestAlert", `{"input":{"outputIds":["o1"],"severity":"HIGH"}}`),
			WantErr: `unknown field "severity"`},
	})
}

// Queue batches still reach delivery; AppSync events are answered with the delivery
// responses, or fail with delivery's message.
func TestHandlerAnswersEventsAndPassesOtherPayloadsOn(t *testing.T) {
	handle := func(_ context.Context, req *deliveryapi.Request) (any, error) {
		if req.DeliverAlert != nil {
			return nil, errors.New("alert a1 was sent, but the attempts could not be recorded")
		}
		return []deliveryapi.DeliveryResponse{{OutputID: req.SendTestAlert.OutputIDs[0], StatusCode: 200, Success: true}}, nil
	}
	var passedOn string
	direct := func(_ context.Context, payload json.RawMessage) (any, error) {
		passedOn = string(payload)
		return "queued", nil
	}
	serve := appsync.Handler(graphQLFields, handle, direct)
	out, err := serve(t.Context(), json.RawMessage(appsynctest.Event("Mutation.sendTestAlert", `{"input":{"outputIds":["o1"]}}`)))
	if responses, ok := out.([]deliveryapi.DeliveryResponse); err != nil || !ok || len(responses) != 1 || responses[0].OutputID != "o1" {
		t.Fatalf("test alert: %#v, %v", out, err)
	}
	_, err = serve(t.Context(), json.RawMessage(appsynctest.Event("Mutation.deliverAlert", `{"input":{"alertId":"a1","outputIds":["o1"]}}`)))
	if err == nil || err.Error() != "alert a1 was sent, but the attempts could not be recorded" {
		t.Fatalf("deliver: %v", err)
	}
	batch := `{"Records":[{"messageId":"m1","body":"{}"}]}`
	if out, err := serve(t.Context(), json.RawMessage(batch)); err != nil || out != "queued" || passedOn != batch {
		t.Fatalf("batch: %v, %v, passed on %q", out, err, passedOn)
	}
}
