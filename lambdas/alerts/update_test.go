package alerts_test

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/panther-operator/panther-operator/lambdas/api/alertsapi"
	"github.com/panther-operator/panther-operator/lambdas/api/deliveryapi"
)

// stored is an alert's item as the table holds it.
func (w *world) stored(t *testing.T, id string) map[string]ddbtypes.AttributeValue {
	t.Helper()
	out, err := w.ddb.GetItem(context.Background(), &dynamodb.GetItemInput{TableName: aws.String(alertsTable),
		Key: map[string]ddbtypes.AttributeValue{"id": &ddbtypes.AttributeValueMemberS{Value: id}}})
	must(t, err)
	return out.Item
}

func TestUpdateAlertStatus(t *testing.T) {
	w := newWorld(t)
	seedAlerts(t, w)
	one, two := seedID(4), seedID(8) // both open

	out, err := w.call(t, alertsapi.Request{UpdateAlertStatus: &alertsapi.UpdateAlertStatusInput{AlertIDs: []string{two, one, two}, Status: "TRIAGED", UserID: "user-1"}})
	if err != nil {
		t.Fatal(err)
	}
	summaries := out.([]alertsapi.Summary)
	if len(summaries) != 2 || summaries[0].AlertID != two || summaries[1].AlertID != one {
		t.Fatalf("summaries %+v", summaries)
	}
	for _, s := range summaries {
		if s.Status != "TRIAGED" || s.LastUpdatedBy != "user-1" || s.LastUpdatedByTime == nil || !s.LastUpdatedByTime.Equal(now) || s.Title == "" {
			t.Fatalf("triaged summary %+v", s)
		}
	}
	if item := w.stored(t, one); item["status"].(*ddbtypes.AttributeValueMemberS).Value != "TRIAGED" {
		t.Fatalf("stored status %v", item["status"])
	}
	triaged := list(t, w, alertsapi.ListAlertsInput{Status: []string{"TRIAGED"}, CreatedAtBefore: ptr(base.Add(10 * time.Minute))}, 10)
	if want := []string{seedID(9), two, seedID(5), one, seedID(1)}; !reflect.DeepEqual(triaged, want) {
		t.Fatalf("triaged alerts %v, want %v", triaged, want)
	}

	// OPEN is the absence of a status.
	out, err = w.call(t, alertsapi.Request{UpdateAlertStatus: &alertsapi.UpdateAlertStatusInput{AlertIDs: []string{one}, Status: "OPEN", UserID: "user-2"}})
	if err != nil {
		t.Fatal(err)
	}
	if s := out.([]alertsapi.Summary)[0]; s.Status != "OPEN" || s.LastUpdatedBy != "user-2" {
		t.Fatalf("reopened summary %+v", s)
	}
	if item := w.stored(t, one); item["status"] != nil || item["lastUpdatedBy"].(*ddbtypes.AttributeValueMemberS).Value != "user-2" {
		t.Fatalf("reopened item %v", item)
	}

	// An unknown ID changes nothing and is named.
	_, err = w.call(t, alertsapi.Request{UpdateAlertStatus: &alertsapi.UpdateAlertStatusInput{AlertIDs: []string{two, "0bad", "1bad"}, Status: "CLOSED", UserID: "user-3"}})
	if err == nil || err.Type != "DoesNotExistError" || !strings.Contains(err.Message, "0bad, 1bad") || strings.Contains(err.Message, two) {
		t.Fatalf("unknown IDs: %v", err)
	}
	if item := w.stored(t, two); item["status"].(*ddbtypes.AttributeValueMemberS).Value != "TRIAGED" {
		t.Fatalf("a refused update changed %s: %v", two, item["status"])
	}

	for _, c := range []struct {
		in    alertsapi.UpdateAlertStatusInput
		field string
	}{
		{alertsapi.UpdateAlertStatusInput{Status: "CLOSED", UserID: "u"}, "alertIds"},
		{alertsapi.UpdateAlertStatusInput{AlertIDs: []string{one}, Status: "DONE", UserID: "u"}, "status"},
		{alertsapi.UpdateAlertStatusInput{AlertIDs: []string{one}, Status: "CLOSED"}, "userId"},
	} {
		w.wantInvalid(t, alertsapi.Request{UpdateAlertStatus: &c.in}, c.field)
	}
}

func TestUpdateAlertDeliveryAppends(t *testing.T) {
	w := newWorld(t)
	w.create(t, &alertsapi.Alert{ID: alertA, Type: "RULE", RuleID: "R", Title: "t", Severity: "LOW", CreationTime: now, UpdateTime: now})
	// An item without the list (written by something other than the forwarder) gets one.
	_, err := w.ddb.PutItem(context.Background(), &dynamodb.PutItemInput{TableName: aws.String(alertsTable), Item: map[string]ddbtypes.AttributeValue{
		"id": &ddbtypes.AttributeValueMemberS{Value: alertB}, "type": &ddbtypes.AttributeValueMemberS{Value: "RULE"}}})
	must(t, err)

	at := time.Date(2026, 3, 14, 11, 0, 0, 0, time.UTC)
	first := deliveryapi.DeliveryResponse{OutputID: "out-1", Message: "timeout", StatusCode: 504, DispatchedAt: at}
	second := deliveryapi.DeliveryResponse{OutputID: "out-1", Message: "ok", StatusCode: 200, Success: true, DispatchedAt: at.Add(time.Minute)}
	third := deliveryapi.DeliveryResponse{OutputID: "out-2", Message: "ok", StatusCode: 200, Success: true, DispatchedAt: at.Add(time.Minute)}
	for _, id := range []string{alertA, alertB} {
		if _, err := w.call(t, alertsapi.Request{UpdateAlertDelivery: &alertsapi.UpdateAlertDeliveryInput{AlertID: id, DeliveryResponses: []deliveryapi.DeliveryResponse{first}}}); err != nil {
			t.Fatalf("%s: %v", id, err)
		}
		out, err := w.call(t, alertsapi.Request{UpdateAlertDelivery: &alertsapi.UpdateAlertDeliveryInput{AlertID: id, DeliveryResponses: []deliveryapi.DeliveryResponse{second, third}}})
		if err != nil {
			t.Fatalf("%s: %v", id, err)
		}
		if got := out.(*alertsapi.Summary).DeliveryResponses; !reflect.DeepEqual(got, []deliveryapi.DeliveryResponse{first, second, third}) {
			t.Fatalf("%s: delivery responses %+v", id, got)
		}
	}
	// The table holds them under their JSON names.
	item := w.stored(t, alertA)["deliveryResponses"].(*ddbtypes.AttributeValueMemberL).Value[0].(*ddbtypes.AttributeValueMemberM).Value
	if item["outputId"].(*ddbtypes.AttributeValueMemberS).Value != "out-1" || item["statusCode"].(*ddbtypes.AttributeValueMemberN).Value != "504" {
		t.Fatalf("stored delivery response %v", item)
	}

	_, apiErr := w.call(t, alertsapi.Request{UpdateAlertDelivery: &alertsapi.UpdateAlertDeliveryInput{AlertID: "0bad", DeliveryResponses: []deliveryapi.DeliveryResponse{first}}})
	if apiErr == nil || apiErr.Type != "DoesNotExistError" || !strings.Contains(apiErr.Message, "0bad") {
		t.Fatalf("unknown alert: %v", apiErr)
	}
	w.wantInvalid(t, alertsapi.Request{UpdateAlertDelivery: &alertsapi.UpdateAlertDeliveryInput{DeliveryResponses: []deliveryapi.DeliveryResponse{first}}}, "alertId")
	w.wantInvalid(t, alertsapi.Request{UpdateAlertDelivery: &alertsapi.UpdateAlertDeliveryInput{AlertID: alertA}}, "deliveryResponses")
	w.wantInvalid(t, alertsapi.Request{UpdateAlertDelivery: &alertsapi.UpdateAlertDeliveryInput{AlertID: alertA,
		DeliveryResponses: []deliveryapi.DeliveryResponse{{Message: "no output"}}}}, "deliveryResponses.outputId")
}
