package senders_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/panther-operator/panther-operator/lambdas/api/deliveryapi"
	"github.com/panther-operator/panther-operator/lambdas/api/outputsapi"
	"github.com/panther-operator/panther-operator/lambdas/delivery/senders"
)

// server records the path, headers and JSON body of each request and answers status and body.
type server struct {
	*httptest.Server
	mu     sync.Mutex
	paths  []string
	auth   []string
	bodies []map[string]any
}

func newServer(t *testing.T, status int, answer string) *server {
	t.Helper()
	s := &server{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		raw, _ := io.ReadAll(r.Body)
		var body map[string]any
		_ = json.Unmarshal(raw, &body)
		s.mu.Lock()
		s.paths, s.auth, s.bodies = append(s.paths, r.URL.Path), append(s.auth, r.Header.Get("Authorization")), append(s.bodies, body)
		s.mu.Unlock()
		w.WriteHeader(status)
		_, _ = io.WriteString(w, answer)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *server) last(t *testing.T) map[string]any {
	t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.bodies) == 0 {
		t.Fatal("nothing was received")
	}
	return s.bodies[len(s.bodies)-1]
}

func ptr(s string) *string { return &s }

func alert(change func(*deliveryapi.Alert)) *deliveryapi.Alert {
	a := &deliveryapi.Alert{AlertID: ptr("alert-1"), AnalysisID: "Rule.ID", AnalysisName: ptr("Rule name"), Type: deliveryapi.TypeRule,
		Severity: "HIGH", Title: "generated title", CreatedAt: time.Date(2024, 5, 1, 12, 0, 0, 0, time.FixedZone("CEST", 2*3600))}
	if change != nil {
		change(a)
	}
	return a
}

func webhook(url string) *outputsapi.Output {
	return &outputsapi.Output{OutputType: "customwebhook", OutputConfig: &outputsapi.OutputConfig{CustomWebhook: &outputsapi.CustomWebhookConfig{WebhookURL: url}}}
}

func TestTitlesNameTheAlertByItsType(t *testing.T) {
	srv := newServer(t, http.StatusOK, "")
	s := &senders.Senders{Links: senders.Links{AlertURLPrefix: "https://p.example/alerts/"}}
	cases := []struct {
		change func(*deliveryapi.Alert)
		want   string
	}{
		{nil, "New Alert: generated title"},
		{func(a *deliveryapi.Alert) { a.Title = "" }, "New Alert: Rule name"},
		{func(a *deliveryapi.Alert) { a.Title, a.AnalysisName = "", nil }, "New Alert: Rule.ID"},
		{func(a *deliveryapi.Alert) { a.Type = deliveryapi.TypeRuleError }, "New rule error: generated title"},
		{func(a *deliveryapi.Alert) { a.Type = deliveryapi.TypePolicy }, "Policy Failure: Rule name"},
		{func(a *deliveryapi.Alert) { a.IsResent = true }, "[Re-sent]: generated title"},
		{func(a *deliveryapi.Alert) { a.IsResent, a.Type = true, deliveryapi.TypeRuleError }, "[Re-sent]: generated title"},
	}
	for _, c := range cases {
		if r := s.Send(context.Background(), webhook(srv.URL), alert(c.change)); !r.Success {
			t.Fatalf("%+v", r)
		}
		if got := srv.last(t)["title"]; got != c.want {
			t.Errorf("title %q, want %q", got, c.want)
		}
	}
}

func TestTheNotificationHasNoNulls(t *testing.T) {
	srv := newServer(t, http.StatusOK, "")
	s := &senders.Senders{Links: senders.Links{AlertURLPrefix: "https://p.example/alerts/", AppDomainURL: "https://p.example"}}
	s.Send(context.Background(), webhook(srv.URL), alert(nil))
	body := srv.last(t)
	if tags, ok := body["tags"].([]any); !ok || len(tags) != 0 {
		t.Errorf("tags: %#v", body["tags"])
	}
	if ctx, ok := body["alertContext"].(map[string]any); !ok || len(ctx) != 0 {
		t.Errorf("alertContext: %#v", body["alertContext"])
	}
	if body["link"] != "https://p.example/alerts/alert-1" || body["createdAt"] != "2024-05-01T12:00:00+02:00" {
		t.Errorf("notification: %+v", body)
	}
	s.Send(context.Background(), webhook(srv.URL), alert(func(a *deliveryapi.Alert) { a.IsTest = true }))
	if link := srv.last(t)["link"]; link != "https://p.example" {
		t.Errorf("a test alert links to %v", link)
	}
}

func TestSeveritiesMapOntoEachVendorsScale(t *testing.T) {
	srv := newServer(t, http.StatusAccepted, "")
	s := &senders.Senders{Endpoints: senders.Endpoints{PagerDuty: srv.URL, OpsgenieUS: srv.URL}}
	pagerDuty := &outputsapi.Output{OutputType: "pagerduty", OutputConfig: &outputsapi.OutputConfig{PagerDuty: &outputsapi.PagerDutyConfig{IntegrationKey: "k"}}}
	opsgenie := &outputsapi.Output{OutputType: "opsgenie", OutputConfig: &outputsapi.OutputConfig{Opsgenie: &outputsapi.OpsgenieConfig{APIKey: "k", ServiceRegion: "US"}}}
	slack := &outputsapi.Output{OutputType: "slack", OutputConfig: &outputsapi.OutputConfig{Slack: &outputsapi.SlackConfig{WebhookURL: srv.URL}}}
	want := map[string][2]string{"INFO": {"info", "P5"}, "LOW": {"info", "P4"}, "MEDIUM": {"warning", "P3"}, "HIGH": {"error", "P2"}, "CRITICAL": {"critical", "P1"}}
	colors := map[string]bool{}
	for severity, w := range want {
		a := alert(func(a *deliveryapi.Alert) { a.Severity = severity })
		s.Send(context.Background(), pagerDuty, a)
		payload := srv.last(t)["payload"].(map[string]any)
		if payload["severity"] != w[0] || payload["timestamp"] != "2024-05-01T10:00:00Z" {
			t.Errorf("%s: PagerDuty payload %+v", severity, payload)
		}
		s.Send(context.Background(), opsgenie, a)
		if p := srv.last(t)["priority"]; p != w[1] {
			t.Errorf("%s: Opsgenie priority %v, want %s", severity, p, w[1])
		}
		s.Send(context.Background(), slack, a)
		colors[srv.last(t)["attachments"].([]any)[0].(map[string]any)["color"].(string)] = true
	}
	if len(colors) != len(want) {
		t.Errorf("Slack colours do not tell the severities apart: %v", colors)
	}
}

func TestHTTPOutcomes(t *testing.T) {
	long := strings.Repeat("x", 5000)
	created, missing, tooLong := newServer(t, http.StatusCreated, `{"id":1}`), newServer(t, http.StatusNotFound, "no such hook"), newServer(t, http.StatusOK, long)
	release := make(chan struct{})
	hanging := httptest.NewServer(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		select {
		case <-r.Context().Done():
		case <-release:
		}
	}))
	t.Cleanup(hanging.Close)
	t.Cleanup(func() { close(release) }) // runs first: cleanups run last-in, first-out
	s := &senders.Senders{}
	if r := s.Send(context.Background(), webhook(created.URL), alert(nil)); r != (senders.Result{StatusCode: 201, Message: `{"id":1}`, Success: true}) {
		t.Errorf("201: %+v", r)
	}
	if r := s.Send(context.Background(), webhook(missing.URL), alert(nil)); r != (senders.Result{StatusCode: 404, Message: "no such hook", Retryable: true}) {
		t.Errorf("404: %+v", r)
	}
	if r := s.Send(context.Background(), webhook(tooLong.URL), alert(nil)); !r.Success || r.Message != long[:4096] {
		t.Errorf("a long answer keeps %d bytes", len(r.Message))
	}
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	if r := s.Send(ctx, webhook(hanging.URL+"/hook-secret"), alert(nil)); r.StatusCode != http.StatusGatewayTimeout || !r.Retryable ||
		strings.Contains(r.Message, "hook-secret") {
		t.Errorf("an output that does not answer in time: %+v", r)
	}
	if r := s.Send(context.Background(), webhook("http://127.0.0.1:1/refused-secret"), alert(nil)); r.StatusCode != http.StatusBadGateway ||
		!r.Retryable || !strings.HasPrefix(r.Message, "request failed: ") || strings.Contains(r.Message, "refused-secret") {
		t.Errorf("a refused connection: %+v", r)
	}
	if r := s.Send(context.Background(), webhook("::not a url secret"), alert(nil)); r.StatusCode != 500 || r.Retryable || strings.Contains(r.Message, "secret") {
		t.Errorf("an invalid URL: %+v", r)
	}
}

func TestTicketPayloadsFitTheirLimits(t *testing.T) {
	srv := newServer(t, http.StatusCreated, "")
	s := &senders.Senders{Endpoints: senders.Endpoints{GitHub: srv.URL + "/api/v3", OpsgenieEU: srv.URL}}
	long := alert(func(a *deliveryapi.Alert) { a.Title = "first line\nsecond line " + strings.Repeat("é", 300) })
	jira := &outputsapi.Output{OutputType: "jira", OutputConfig: &outputsapi.OutputConfig{Jira: &outputsapi.JiraConfig{OrgDomain: srv.URL + "/",
		ProjectKey: "SEC", UserName: "u", APIKey: "k", IssueType: "Task"}}}
	s.Send(context.Background(), jira, long)
	fields := srv.last(t)["fields"].(map[string]any)
	summary := fields["summary"].(string)
	if strings.Contains(summary, "\n") || utf8.RuneCountInString(summary) != 255 || !strings.HasPrefix(summary, "New Alert: first line second line é") {
		t.Errorf("summary %q", summary)
	}
	if labels, ok := fields["labels"].([]any); !ok || len(labels) != 0 {
		t.Errorf("labels %#v", fields["labels"])
	}
	if _, ok := fields["assignee"]; ok {
		t.Error("an issue without an assignee names one")
	}
	if srv.paths[len(srv.paths)-1] != "/rest/api/latest/issue/" {
		t.Errorf("jira path %s", srv.paths[len(srv.paths)-1])
	}
	opsgenie := &outputsapi.Output{OutputType: "opsgenie", OutputConfig: &outputsapi.OutputConfig{Opsgenie: &outputsapi.OpsgenieConfig{APIKey: "k", ServiceRegion: "EU"}}}
	s.Send(context.Background(), opsgenie, long)
	if m := srv.last(t)["message"].(string); utf8.RuneCountInString(m) != 130 {
		t.Errorf("Opsgenie message of %d characters", utf8.RuneCountInString(m))
	}
	github := &outputsapi.Output{OutputType: "github", OutputConfig: &outputsapi.OutputConfig{GitHub: &outputsapi.GitHubConfig{RepoName: "acme/sec", Token: "t"}}}
	s.Send(context.Background(), github, long)
	if p := srv.paths[len(srv.paths)-1]; p != "/api/v3/repos/acme/sec/issues" {
		t.Errorf("a GitHub Enterprise base keeps its path: %s", p)
	}
}

// topicsFunc is a Topics made of a function, to see what the sender publishes.
type topicsFunc func(ctx context.Context, topicARN, subject, message string) (string, error)

func (f topicsFunc) PublishJSON(ctx context.Context, topicARN, subject, message string) (string, error) {
	return f(ctx, topicARN, subject, message)
}

func TestSNSSubjectsAreOneLineOfAtMost100Bytes(t *testing.T) {
	var subjects []string
	s := &senders.Senders{Topics: topicsFunc(func(_ context.Context, _, subject, _ string) (string, error) {
		subjects = append(subjects, subject)
		return "m-1", nil
	})}
	out := &outputsapi.Output{OutputType: "sns", OutputConfig: &outputsapi.OutputConfig{SNS: &outputsapi.SNSConfig{TopicARN: "arn:aws:sns:us-east-1:123456789012:t"}}}
	for _, title := range []string{"short\r\ntitle", strings.Repeat("a", 88) + "€€€€€€"} {
		if r := s.Send(context.Background(), out, alert(func(a *deliveryapi.Alert) { a.Title = title })); !r.Success || r.Message != "published as message m-1" {
			t.Fatalf("%+v", r)
		}
	}
	// "New Alert: " is 11 bytes; 88 a's make 99, and a 3-byte € does not fit after them.
	if subjects[0] != "New Alert: short  title" || subjects[1] != "New Alert: "+strings.Repeat("a", 88) || !utf8.ValidString(subjects[1]) {
		t.Fatalf("subjects %q", subjects)
	}
}
