package panther

import (
	"testing"

	deployv1alpha1 "github.com/panther-operator/panther-operator/api/v1alpha1"
)

// TestConfigValuesCoverEveryConfigKey proves that every parameter the catalog takes from config
// has a value, so that a catalog change cannot silently leave a parameter unset.
func TestConfigValuesCoverEveryConfigKey(t *testing.T) {
	values := ConfigValues(deployv1alpha1.PantherConfig{})
	for _, key := range ConfigKeys() {
		if _, ok := values[key]; !ok {
			t.Errorf("config key %s has no value in ConfigValues", key)
		}
	}
	known := map[string]bool{}
	for _, key := range ConfigKeys() {
		known[key] = true
	}
	for key := range values {
		if !known[key] {
			t.Errorf("ConfigValues sets %s, which no stack takes from config", key)
		}
	}
}

func TestConfigValuesFormats(t *testing.T) {
	off := false
	cfg := deployv1alpha1.PantherConfig{
		Monitoring: deployv1alpha1.MonitoringConfig{CloudWatchLogRetentionDays: 30, Debug: true},
		Web:        deployv1alpha1.WebConfig{Image: "registry.example.com/panther-web:1.16.0"},
		Setup: deployv1alpha1.SetupConfig{
			EnableS3AccessLogs:           &off,
			InitialAnalysisSets:          []string{"https://a.example/p.zip", "https://b.example/q.zip"},
			LogSubscriptionPrincipalARNs: []string{"arn:aws:iam::123456789012:root"},
		},
	}
	values := ConfigValues(cfg)
	for key, want := range map[string]string{
		"CloudWatchLogRetentionDays": "30",
		"Debug":                      "true",
		"EnableS3AccessLogs":         "false",
		"EnableCloudTrail":           "false",
		"InitialAnalysisPackUrls":    "https://a.example/p.zip,https://b.example/q.zip",
		"LogSubscriptionPrincipals":  "arn:aws:iam::123456789012:root",
		"LayerVersionArns":           "",
		"WebImage":                   "registry.example.com/panther-web:1.16.0",
	} {
		if got := values[key]; got != want {
			t.Errorf("%s = %q, want %q", key, got, want)
		}
	}
	if !OnboardSelf(cfg) {
		t.Error("OnboardSelf of an unset setting is false, want true")
	}
}
