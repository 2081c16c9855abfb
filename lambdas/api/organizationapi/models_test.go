package organizationapi_test

import (
	"encoding/json"
	"testing"

	"github.com/panther-operator/panther-operator/lambdas/api/organizationapi"
)

// The field names are the contract the web app's resolvers build their payloads with.
func TestTheWireNames(t *testing.T) {
	got, err := json.Marshal(organizationapi.GeneralSettings{DisplayName: "Acme", Email: "sec@acme.example", ErrorReportingConsent: true})
	if err != nil {
		t.Fatal(err)
	}
	const want = `{"displayName":"Acme","email":"sec@acme.example","errorReportingConsent":true,"analyticsConsent":false}`
	if string(got) != want {
		t.Fatalf("got %s, want %s", got, want)
	}
	req, _ := json.Marshal(organizationapi.Request{GetSettings: &organizationapi.GetSettingsInput{}})
	if string(req) != `{"getSettings":{}}` {
		t.Fatalf("request %s", req)
	}
}

// An update carries only the fields the caller sent: absent ones stay nil, false stays false.
func TestUpdateKeepsAbsentFieldsNil(t *testing.T) {
	var req organizationapi.Request
	if err := json.Unmarshal([]byte(`{"updateSettings":{"email":"a@b.example","analyticsConsent":false}}`), &req); err != nil {
		t.Fatal(err)
	}
	in := req.UpdateSettings
	if in == nil || req.GetSettings != nil {
		t.Fatalf("operation not recognized: %+v", req)
	}
	if in.DisplayName != nil || in.ErrorReportingConsent != nil {
		t.Fatalf("absent fields were set: %+v", in)
	}
	if in.Email == nil || *in.Email != "a@b.example" || in.AnalyticsConsent == nil || *in.AnalyticsConsent {
		t.Fatalf("given fields lost: %+v", in)
	}
	back, _ := json.Marshal(req)
	if string(back) != `{"updateSettings":{"email":"a@b.example","analyticsConsent":false}}` {
		t.Fatalf("round trip %s", back)
	}
}
