package delivery_test

import (
	"strings"
	"testing"
	"time"

	"github.com/panther-operator/panther-operator/lambdas/delivery"
	"github.com/panther-operator/panther-operator/lambdas/delivery/senders"
)

func env(vars map[string]string) func(string) string {
	return func(name string) string { return vars[name] }
}

func TestTheEnvironmentSetsRetriesCachingLinksAndVendorURLs(t *testing.T) {
	c, err := delivery.ConfigFromEnv(env(nil))
	if err != nil || c.Settings != delivery.DefaultSettings() || c.Endpoints != senders.DefaultEndpoints() {
		t.Fatalf("defaults: %+v %v", c, err)
	}
	if d := delivery.DefaultSettings(); d.RetryLimit != 10 || d.MinRetryDelay != 30 || d.MaxRetryDelay != 300 || d.RefreshInterval != 30*time.Second {
		t.Fatalf("the original's settings: %+v", d)
	}
	if e := senders.DefaultEndpoints(); e.PagerDuty != "https://events.pagerduty.com" || e.OpsgenieUS != "https://api.opsgenie.com" ||
		e.OpsgenieEU != "https://api.eu.opsgenie.com" || e.GitHub != "https://api.github.com" || e.Asana != "https://app.asana.com" {
		t.Fatalf("the vendors' hosts: %+v", e)
	}
	c, err = delivery.ConfigFromEnv(env(map[string]string{"ALERT_RETRY_COUNT": "3", "MIN_RETRY_DELAY_SECS": "5", "MAX_RETRY_DELAY_SECS": "900",
		"OUTPUTS_REFRESH_INTERVAL": "2m", "ALERT_URL_PREFIX": "https://p.example/log-analysis/alerts/", "APP_DOMAIN_URL": "https://p.example",
		"PAGERDUTY_API_URL": "http://127.0.0.1:9001/", "OPSGENIE_API_URL": "http://127.0.0.1:9002", "OPSGENIE_EU_API_URL": "http://127.0.0.1:9003",
		"GITHUB_API_URL": "https://github.acme.example/api/v3", "ASANA_API_URL": "http://127.0.0.1:9005"}))
	want := delivery.Config{Settings: delivery.Settings{RetryLimit: 3, MinRetryDelay: 5, MaxRetryDelay: 900, RefreshInterval: 2 * time.Minute},
		Endpoints: senders.Endpoints{PagerDuty: "http://127.0.0.1:9001", OpsgenieUS: "http://127.0.0.1:9002", OpsgenieEU: "http://127.0.0.1:9003",
			GitHub: "https://github.acme.example/api/v3", Asana: "http://127.0.0.1:9005"},
		Links: senders.Links{AlertURLPrefix: "https://p.example/log-analysis/alerts/", AppDomainURL: "https://p.example"}}
	if err != nil || c != want {
		t.Fatalf("overrides: %v\n%+v\nwant\n%+v", err, c, want)
	}
	if c, err := delivery.ConfigFromEnv(env(map[string]string{"OUTPUTS_REFRESH_INTERVAL": "45"})); err != nil || c.Settings.RefreshInterval != 45*time.Second {
		t.Fatalf("seconds: %+v %v", c.Settings, err)
	}
	for _, bad := range []map[string]string{
		{"ALERT_RETRY_COUNT": "ten"},
		{"MIN_RETRY_DELAY_SECS": "-1"},
		{"MIN_RETRY_DELAY_SECS": "400"},
		{"MAX_RETRY_DELAY_SECS": "901"},
		{"OUTPUTS_REFRESH_INTERVAL": "soon"},
		{"GITHUB_API_URL": "api.github.com"},
	} {
		var name string
		for name = range bad {
		}
		if _, err := delivery.ConfigFromEnv(env(bad)); err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("%v: %v", bad, err)
		}
	}
}
