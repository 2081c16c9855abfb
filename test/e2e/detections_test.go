package e2e_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/lambda"

	"github.com/panther-operator/panther-operator/internal/localaws/admin"
	"github.com/panther-operator/panther-operator/internal/testenv"
	"github.com/panther-operator/panther-operator/lambdas/analysis"
	"github.com/panther-operator/panther-operator/lambdas/api/alertsapi"
	"github.com/panther-operator/panther-operator/lambdas/api/analysisapi"
	"github.com/panther-operator/panther-operator/lambdas/api/outputsapi"
)

// destination is a local HTTP server standing in for Slack or a webhook: it records every
// request body and answers with status.
type destination struct {
	*httptest.Server
	mu     sync.Mutex
	bodies []map[string]any
}

func newDestination(status int) *destination {
	d := &destination{}
	d.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		data, _ := io.ReadAll(r.Body)
		var body map[string]any
		_ = json.Unmarshal(data, &body)
		d.mu.Lock()
		d.bodies = append(d.bodies, body)
		d.mu.Unlock()
		w.WriteHeader(status)
		_, _ = w.Write([]byte(`{"ok":true}`))
	}))
	return d
}

func (d *destination) received() []map[string]any {
	d.mu.Lock()
	defer d.mu.Unlock()
	return slices.Clone(d.bodies)
}

// invoke calls a Panther function with a one-key request and decodes its answer.
func (p *pipeline) invoke(function string, request, response any) {
	payload, err := json.Marshal(request)
	Expect(err).NotTo(HaveOccurred())
	out, err := p.lambda.Invoke(context.Background(), &lambda.InvokeInput{FunctionName: awssdk.String(function), Payload: payload})
	Expect(err).NotTo(HaveOccurred())
	Expect(out.FunctionError).To(BeNil(), string(out.Payload))
	Expect(json.Unmarshal(out.Payload, response)).To(Succeed(), string(out.Payload))
}

func (p *pipeline) analysisAPI(request analysisapi.Request, response any) {
	var resp analysisapi.Response
	p.invoke("panther-analysis-api", request, &resp)
	Expect(resp.StatusCode).To(BeNumerically("<", 300), resp.Body)
	Expect(json.Unmarshal([]byte(resp.Body), response)).To(Succeed())
}

func (p *pipeline) alerts() []alertsapi.Summary {
	var out alertsapi.ListAlertsOutput
	p.invoke("panther-alerts-api", alertsapi.Request{ListAlerts: &alertsapi.ListAlertsInput{PageSize: 50}}, &out)
	return out.Alerts
}

func alertFor(alerts []alertsapi.Summary, ruleID string) *alertsapi.Summary {
	for i := range alerts {
		if alerts[i].RuleID == ruleID {
			return &alerts[i]
		}
	}
	return nil
}

// consoleLogins is a CloudTrail delivery of console logins: root from rootIP (with MFA), and
// failed logins per IAM user.
func consoleLogins(hour string, rootLogins int, rootIP string, failures map[string]int) []byte {
	var records []string
	for i := range rootLogins {
		records = append(records, fmt.Sprintf(`{"eventVersion":"1.08","userIdentity":{"type":"Root","principalId":"123456789012","arn":"arn:aws:iam::123456789012:root","accountId":"123456789012"},"eventTime":"%s:%02d:00Z","eventSource":"signin.amazonaws.com","eventName":"ConsoleLogin","awsRegion":"us-east-1","sourceIPAddress":"%s","userAgent":"Mozilla/5.0","responseElements":{"ConsoleLogin":"Success"},"additionalEventData":{"MFAUsed":"Yes","LoginTo":"https://console.aws.amazon.com/console/home"},"eventID":"root-%s-%d","eventType":"AwsConsoleSignIn","recipientAccountId":"123456789012"}`,
			hour, i, rootIP, hour, i))
	}
	users := make([]string, 0, len(failures))
	for user := range failures {
		users = append(users, user)
	}
	slices.Sort(users)
	for _, user := range users {
		for i := range failures[user] {
			records = append(records, fmt.Sprintf(`{"eventVersion":"1.08","userIdentity":{"type":"IAMUser","principalId":"AIDA%s","arn":"arn:aws:iam::123456789012:user/%s","accountId":"123456789012","userName":"%s"},"eventTime":"%s:%02d:%02dZ","eventSource":"signin.amazonaws.com","eventName":"ConsoleLogin","awsRegion":"us-east-1","sourceIPAddress":"203.0.113.50","userAgent":"Mozilla/5.0","errorMessage":"Failed authentication","responseElements":{"ConsoleLogin":"Failure"},"additionalEventData":{"MFAUsed":"No","LoginTo":"https://console.aws.amazon.com/console/home"},"eventID":"fail-%s-%s-%d","eventType":"AwsConsoleSignIn","recipientAccountId":"123456789012"}`,
				strings.ToUpper(user), user, user, hour, 10+i/60, i%60, user, hour, i))
		}
	}
	return gzipped(`{"Records":[` + strings.Join(records, ",") + `]}`)
}

// alertsOnDetections is detections and alerts end to end, on the deployed Panther: our pack
// uploaded with pantherctl, two destinations and a failing one, CloudTrail files with a root
// login and failed logins, alerts delivered, deduplicated, thresholded and retried.
func alertsOnDetections() {
	p := newPipeline()
	DeferCleanup(reportFunctionLogs, "panther-rules-engine", "panther-log-alert-forwarder", "panther-alert-delivery-api", "panther-analysis-api", "panther-outputs-api")

	By("uploading our detection pack with pantherctl analysis upload")
	pack, err := analysis.LoadDir(filepath.Join(testenv.RepoRoot(), "detections"))
	Expect(err).NotTo(HaveOccurred())
	upload := exec.CommandContext(context.Background(), pantherctl, "analysis", "upload", filepath.Join(testenv.RepoRoot(), "detections"))
	out, err := upload.CombinedOutput()
	Expect(err).NotTo(HaveOccurred(), string(out))
	Expect(string(out)).To(ContainSubstring(fmt.Sprintf("rules:       %d (%d new, 0 modified)", len(pack.Rules), len(pack.Rules))))

	By("testing an unsaved rule through analysis-api, which runs it in the rules engine")
	var tested analysisapi.TestRuleOutput
	p.analysisAPI(analysisapi.Request{TestRule: &analysisapi.TestRuleInput{LogTypes: []string{"AWS.CloudTrail"},
		Body: "from panther_base_helpers import deep_get\n\ndef rule(e):\n    return deep_get(e, 'userIdentity', 'type') == 'Root'\n\ndef title(e):\n    return 'root did ' + e['eventName']\n",
		Tests: []analysisapi.UnitTest{
			{Name: "root", ExpectedResult: true, Resource: `{"eventName":"ListBuckets","userIdentity":{"type":"Root"}}`},
			{Name: "user", ExpectedResult: true, Resource: `{"eventName":"ListBuckets","userIdentity":{"type":"IAMUser"}}`},
		}}}, &tested)
	Expect(tested.Results).To(HaveLen(2))
	Expect(tested.Results[0].Passed).To(BeTrue(), "%+v", tested.Results[0])
	Expect(*tested.Results[0].Functions["title"].Output).To(Equal("root did ListBuckets"), "the global from the pack is importable")
	Expect(tested.Results[1].Passed).To(BeFalse(), "rule() returned false where the test expects true")

	By("adding a rule that raises on every CloudTrail event")
	var raising analysisapi.Rule
	p.analysisAPI(analysisapi.Request{CreateRule: &analysisapi.RuleInput{UserID: "e2e", Rule: analysisapi.Rule{
		ID: "E2E.Raises", Enabled: true, LogTypes: []string{"AWS.CloudTrail"}, Severity: "Low",
		Body: "def rule(event):\n    return event['no_such_field'] == 1\n"}}}, &raising)

	By("registering a webhook and a Slack destination, and a webhook that fails")
	webhook, slack, failing := newDestination(200), newDestination(200), newDestination(500)
	DeferCleanup(webhook.Close)
	DeferCleanup(slack.Close)
	DeferCleanup(failing.Close)
	all := []string{"INFO", "LOW", "MEDIUM", "HIGH", "CRITICAL"}
	addOutput := func(name string, config outputsapi.OutputConfig, severities, types []string) string {
		var o outputsapi.Output
		p.invoke("panther-outputs-api", outputsapi.Request{AddOutput: &outputsapi.AddOutputInput{UserID: "e2e", DisplayName: name,
			OutputConfig: &config, DefaultForSeverity: severities, AlertTypes: types}}, &o)
		Expect(o.OutputID).NotTo(BeEmpty())
		return o.OutputID
	}
	addOutput("e2e webhook", outputsapi.OutputConfig{CustomWebhook: &outputsapi.CustomWebhookConfig{WebhookURL: webhook.URL}}, all, []string{"RULE", "RULE_ERROR"})
	addOutput("e2e slack", outputsapi.OutputConfig{Slack: &outputsapi.SlackConfig{WebhookURL: slack.URL}}, []string{"HIGH", "CRITICAL"}, []string{"RULE"})
	failingID := addOutput("e2e failing", outputsapi.OutputConfig{CustomWebhook: &outputsapi.CustomWebhookConfig{WebhookURL: failing.URL}}, []string{"HIGH"}, []string{"RULE"})

	By("dropping a CloudTrail file with a root console login, 20 failed logins of alice and 3 of bob")
	prefix := "AWSLogs/123456789012/CloudTrail/us-east-1/2026/03/15/123456789012_CloudTrail_us-east-1_20260315T"
	p.put("e2e-cloudtrail", prefix+"1100Z_e2eAlerts0001.json.gz", consoleLogins("2026-03-15T11", 1, "198.51.100.7", map[string]int{"alice": 20, "bob": 3}))
	dropped := time.Now()

	titles := func(d *destination) []string {
		var out []string
		for _, body := range d.received() {
			out = append(out, fmt.Sprint(body["title"]))
		}
		slices.Sort(out)
		return out
	}
	expected := []string{
		"New Alert: AWS root account console login from 198.51.100.7",
		"New Alert: Repeated failed AWS console logins for arn:aws:iam::123456789012:user/alice in account 123456789012",
		"New rule error: KeyError('no_such_field')",
	}
	Eventually(func() []string { return titles(webhook) }).WithTimeout(60 * time.Second).WithPolling(time.Second).Should(Equal(expected))
	GinkgoWriter.Printf("delivered %v after the upload\n", time.Since(dropped).Round(time.Second))

	By("finding the Notification JSON at the webhook and the attachment at Slack")
	var root map[string]any
	for _, body := range webhook.received() {
		if strings.Contains(fmt.Sprint(body["title"]), "root account") {
			root = body
		}
	}
	Expect(root).To(HaveKeyWithValue("severity", "HIGH"))
	Expect(root).To(HaveKeyWithValue("type", "RULE"))
	Expect(root).To(HaveKeyWithValue("name", "Root account console login"))
	Expect(root).To(HaveKey("alertId"))
	Expect(root["alertContext"]).To(HaveKeyWithValue("sourceIPAddress", "198.51.100.7"))
	Expect(root["link"]).To(HaveSuffix("/log-analysis/alerts/" + fmt.Sprint(root["alertId"])))
	Eventually(func() int { return len(slack.received()) }).WithTimeout(10 * time.Second).Should(Equal(1))
	attachment := slack.received()[0]["attachments"].([]any)[0].(map[string]any)
	Expect(attachment["title"]).To(Equal("New Alert: AWS root account console login from 198.51.100.7"))
	Expect(attachment["fallback"]).To(Equal(attachment["title"]))

	By("reading the alerts and the root login's events through panther-alerts-api")
	alerts := p.alerts()
	Expect(alerts).To(HaveLen(3))
	rootAlert := alertFor(alerts, "AWS.CloudTrail.RootConsoleLogin")
	Expect(rootAlert).NotTo(BeNil())
	Expect(rootAlert.AlertID).To(Equal(root["alertId"]))
	Expect(rootAlert.Status).To(Equal("OPEN"))
	Expect(alertFor(alerts, "E2E.Raises").Type).To(Equal("RULE_ERROR"))
	Expect(alertFor(alerts, "AWS.CloudTrail.ConsoleLoginFailed").EventsMatched).To(Equal(20))
	var detail alertsapi.GetAlertOutput
	p.invoke("panther-alerts-api", alertsapi.Request{GetAlert: &alertsapi.GetAlertInput{AlertID: rootAlert.AlertID, EventsPageSize: 10}}, &detail)
	Expect(detail.Events).To(HaveLen(1))
	Expect(string(detail.Events[0])).To(ContainSubstring(`"sourceIPAddress":"198.51.100.7"`))
	Expect(string(detail.Events[0])).To(ContainSubstring(`"p_alert_id":"` + rootAlert.AlertID + `"`))

	By("dropping a second file within the dedup period: the root alert counts it, bob crosses the threshold")
	p.put("e2e-cloudtrail", prefix+"1130Z_e2eAlerts0002.json.gz", consoleLogins("2026-03-15T11", 1, "198.51.100.7", map[string]int{"bob": 3}))
	Eventually(func() []string { return titles(webhook) }).WithTimeout(60 * time.Second).WithPolling(time.Second).Should(Equal(append(slices.Clone(expected[:2]),
		"New Alert: Repeated failed AWS console logins for arn:aws:iam::123456789012:user/bob in account 123456789012", expected[2])))
	Eventually(func() int { return alertFor(p.alerts(), "AWS.CloudTrail.RootConsoleLogin").EventsMatched }).
		WithTimeout(30 * time.Second).WithPolling(time.Second).Should(Equal(2))
	Expect(p.alerts()).To(HaveLen(4), "the second file opened bob's alert and nothing else")
	Expect(slack.received()).To(HaveLen(1), "the merged root login is not delivered again")

	By("retrying the failing destination, every attempt recorded on the alert")
	Eventually(func() int {
		// Let the retry's delay (30 to 300 s) pass on the SQS clock.
		sqsClock.advance(301 * time.Second)
		attempts := 0
		for _, r := range alertFor(p.alerts(), "AWS.CloudTrail.RootConsoleLogin").DeliveryResponses {
			if r.OutputID == failingID {
				Expect(r.StatusCode).To(Equal(500))
				Expect(r.Success).To(BeFalse())
				attempts++
			}
		}
		return attempts
	}).WithTimeout(60*time.Second).WithPolling(3*time.Second).Should(BeNumerically(">=", 3), "three attempts at the failing webhook")
	Expect(len(failing.received())).To(BeNumerically(">=", 3))
}

func gzipped(s string) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	_, _ = zw.Write([]byte(s))
	Expect(zw.Close()).To(Succeed())
	return buf.Bytes()
}

// reportFunctionLogs prints the latest log lines of Panther's functions when the spec failed,
// so a failure in a function shows in the test's output.
func reportFunctionLogs(functions ...string) {
	if !CurrentSpecReport().Failed() {
		return
	}
	cfg, err := config.LoadDefaultConfig(context.Background())
	Expect(err).NotTo(HaveOccurred())
	logs := cloudwatchlogs.NewFromConfig(cfg)
	for _, fn := range functions {
		out, err := logs.FilterLogEvents(context.Background(), &cloudwatchlogs.FilterLogEventsInput{LogGroupName: awssdk.String("/aws/lambda/" + fn)})
		if err != nil {
			GinkgoWriter.Printf("--- %s: %v\n", fn, err)
			continue
		}
		events := out.Events[max(0, len(out.Events)-40):]
		GinkgoWriter.Printf("--- %s: last %d of %d log events\n", fn, len(events), len(out.Events))
		for _, e := range events {
			GinkgoWriter.Printf("%s\n", strings.TrimRight(awssdk.ToString(e.Message), "\n"))
		}
	}
}

// firstUserInvited: the sample's config.firstUser is in the user pool, with the temporary
// password localaws recorded instead of emailing it.
func firstUserInvited() {
	p := newPipeline()
	pool := p.output("panther-bootstrap", "UserPoolId")
	cfg, err := config.LoadDefaultConfig(context.Background())
	Expect(err).NotTo(HaveOccurred())
	user, err := cognitoidentityprovider.NewFromConfig(cfg).AdminGetUser(context.Background(),
		&cognitoidentityprovider.AdminGetUserInput{UserPoolId: awssdk.String(pool), Username: awssdk.String("ada@example.com")})
	Expect(err).NotTo(HaveOccurred())
	Expect(string(user.UserStatus)).To(Equal("FORCE_CHANGE_PASSWORD"))
	messages, err := admin.New(aws.URL()).CognitoMessages(context.Background(), pool)
	Expect(err).NotTo(HaveOccurred())
	Expect(messages).To(ContainElement(HaveField("Kind", "INVITATION")))
}
