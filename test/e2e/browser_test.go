package e2e_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/panther-operator/panther-operator/internal/localaws/admin"
	"github.com/panther-operator/panther-operator/internal/localweb"
	"github.com/panther-operator/panther-operator/internal/testenv"
	"github.com/panther-operator/panther-operator/lambdas/api/alertsapi"
	"github.com/panther-operator/panther-operator/lambdas/api/deliveryapi"
	"github.com/panther-operator/panther-operator/lambdas/awsx"
)

// manyAlerts is how many alerts the alerts list's budget is measured with.
const manyAlerts = 1000

// browserBudget is what the browser suite measured (web/e2e writes it).
type browserBudget struct {
	FirstLoadScriptBytes     int     `json:"firstLoadScriptBytes"`
	FirstLoadScriptRawBytes  int     `json:"firstLoadScriptRawBytes"`
	AlertsListMillis         float64 `json:"alertsListMillis"`
	AlertsListAPIMillis      float64 `json:"alertsListApiMillis"`
	AlertsListRequestMillis  float64 `json:"alertsListRequestStartMillis"`
	AlertsListNavMillis      float64 `json:"alertsListNavigationMillis"`
	AlertsInTable            int     `json:"alertsInTable"`
	ScreenshotsDir           string  `json:"screenshotsDir"`
	AlertsListRenderedRows   int     `json:"alertsListRenderedRows"`
	FirstLoadScriptResources int     `json:"firstLoadScriptResources"`
}

// usesTheWebApp serves the built app against the deployment, as the web stack's task does, and
// drives it in Chromium (web/e2e, playwright-core): the first user signs in and sets a
// password, triages the alert the CloudTrail file raised, writes and tests a rule, adds a
// webhook destination that a local server receives a test alert at, and an S3 source.
func usesTheWebApp() {
	dist := os.Getenv("WEB_DIST_DIR")
	if dist == "" {
		dist = filepath.Join(testenv.RepoRoot(), "web", "dist")
	}
	if _, err := os.Stat(filepath.Join(dist, "index.html")); err != nil {
		Fail(fmt.Sprintf("the web app is not built in %s (%v): run make web, or make test, which builds it", dist, err))
	}
	chromium := os.Getenv("CHROMIUM")
	if chromium == "" {
		chromium = "/usr/bin/chromium"
	}
	if _, err := os.Stat(chromium); err != nil {
		Fail(fmt.Sprintf("no Chromium at %s (%v): run make setup-browser (apt-get install chromium)", chromium, err))
	}
	ctx := context.Background()
	cfg, err := config.LoadDefaultConfig(ctx)
	Expect(err).NotTo(HaveOccurred())

	By("seeding the alerts table with " + fmt.Sprint(manyAlerts) + " older alerts, for the list's budget")
	seedAlerts(ctx, cfg, manyAlerts)

	By("serving the web app against the deployment in localaws")
	settings, err := localweb.Settings(ctx, cloudformation.NewFromConfig(cfg), aws.URL(), cfg.Region, "123456789012", dist, "e2e")
	Expect(err).NotTo(HaveOccurred())
	web, err := localweb.Start(settings, "127.0.0.1:0", slog.New(slog.NewTextHandler(GinkgoWriter, nil)))
	Expect(err).NotTo(HaveOccurred())
	DeferCleanup(web.Stop)

	messages, err := admin.New(aws.URL()).CognitoMessages(ctx, settings.UserPoolID)
	Expect(err).NotTo(HaveOccurred())
	var email, password string
	for _, m := range messages {
		if m.Kind == "INVITATION" {
			email, password = m.Email, m.TemporaryPassword
		}
	}
	Expect(email).NotTo(BeEmpty(), "the first user's invitation")

	webhook := newDestination(200)
	DeferCleanup(webhook.Close)
	screenshots := filepath.Join(testenv.RepoRoot(), "test", "e2e", "screenshots")
	Expect(os.MkdirAll(screenshots, 0o755)).To(Succeed())
	budgetFile := filepath.Join(screenshots, "budget.json")

	By("driving the app in Chromium: web/e2e/app.e2e.mjs (screenshots in " + screenshots + ")")
	run := exec.CommandContext(ctx, "node", "--test", "--test-reporter=spec", filepath.Join("e2e", "app.e2e.mjs"))
	run.Dir = filepath.Join(testenv.RepoRoot(), "web")
	run.Env = append(os.Environ(),
		"PANTHER_URL="+web.URL, "PANTHER_EMAIL="+email, "PANTHER_TEMP_PASSWORD="+password,
		"WEBHOOK_URL="+webhook.URL, "SCREENSHOTS="+screenshots, "BUDGET_FILE="+budgetFile,
		"CHROMIUM="+chromium, "ALERT_TITLE=AWS root account console login from 198.51.100.7",
		fmt.Sprintf("MANY_ALERTS=%d", manyAlerts))
	run.Stdout, run.Stderr = GinkgoWriter, GinkgoWriter
	Expect(run.Run()).To(Succeed(), "the browser suite failed: its output is above, screenshots in "+screenshots)

	By("checking what the browser did reached the deployment")
	Eventually(func() []string {
		var titles []string
		for _, body := range webhook.received() {
			titles = append(titles, fmt.Sprint(body["title"]))
		}
		return titles
	}).WithTimeout(30*time.Second).WithPolling(time.Second).Should(ContainElement(ContainSubstring("test alert")),
		"the test alert sent from the destinations page reaches the webhook")

	data, err := os.ReadFile(budgetFile) //nolint:gosec // the suite's own output
	Expect(err).NotTo(HaveOccurred())
	var budget browserBudget
	Expect(json.Unmarshal(data, &budget)).To(Succeed())
	AddReportEntry("web app budget", budget)
	_, _ = fmt.Fprintf(GinkgoWriter, "web app budget: first load %d KB of compressed JavaScript (%d KB raw, %d scripts); alerts list of %d alerts in %.0f ms from a reload (its request sent at %.0f ms, the API %.0f ms of it), %.0f ms from the navigation\n",
		budget.FirstLoadScriptBytes/1000, budget.FirstLoadScriptRawBytes/1000, budget.FirstLoadScriptResources, budget.AlertsInTable, budget.AlertsListMillis, budget.AlertsListRequestMillis, budget.AlertsListAPIMillis, budget.AlertsListNavMillis)
	// Bytes are not timing: the first page's JavaScript is held to its budget here.
	Expect(budget.FirstLoadScriptBytes).To(BeNumerically("<=", 300_000), "the first page loads at most 300 KB of compressed JavaScript")
}

// seedAlerts writes n alerts a day old through the forwarder's own table writer, so that they
// are exactly what the alerts API lists.
func seedAlerts(ctx context.Context, cfg awssdk.Config, n int) {
	table := &awsx.AlertsTable{Client: dynamodb.NewFromConfig(cfg), Name: "panther-log-alert-info"}
	severities := []string{"INFO", "LOW", "MEDIUM", "HIGH", "CRITICAL"}
	base := time.Now().UTC().Add(-24 * time.Hour).Truncate(time.Second)
	for i := range n {
		at := base.Add(-time.Duration(i) * time.Minute)
		created, err := table.CreateAlert(ctx, &alertsapi.Alert{
			ID: fmt.Sprintf("seeded-%04d", i), TimePartition: alertsapi.TimePartition, Type: "RULE",
			RuleID: "Seeded.Rule", RuleVersion: "v1", Dedup: fmt.Sprint(i),
			Title: fmt.Sprintf("Seeded alert %d", i), Severity: severities[i%len(severities)],
			FirstEventMatchTime: at, CreationTime: at, UpdateTime: at, EventCount: 1 + i%7,
			LogTypes: []string{"AWS.CloudTrail"}, DeliveryResponses: []deliveryapi.DeliveryResponse{},
		})
		Expect(err).NotTo(HaveOccurred())
		Expect(created).To(BeTrue())
	}
}
