package ruletest

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/panther-operator/panther-operator/lambdas/analysis"
	"github.com/panther-operator/panther-operator/lambdas/api/analysisapi"
)

// detections is our own detection pack, at the top of the repository.
const detections = "../../../detections"

func loadDetections(t *testing.T) *analysis.Pack {
	t.Helper()
	pack, err := analysis.LoadDir(detections)
	if err != nil {
		t.Fatalf("the detection pack does not load:\n%v", err)
	}
	return pack
}

func TestTheDetectionPackPassesEveryTest(t *testing.T) {
	pack := loadDetections(t)
	logTypes := map[string]bool{}
	enabled := 0
	for _, r := range pack.Rules {
		if !r.Enabled {
			continue
		}
		enabled++
		for _, lt := range r.LogTypes {
			logTypes[lt] = true
		}
	}
	if enabled < 25 || len(logTypes) < 8 {
		t.Fatalf("%d enabled rules over %d log types; the pack promises at least 25 over 8", enabled, len(logTypes))
	}
	if len(pack.DataModels) == 0 || len(pack.Globals) == 0 {
		t.Fatalf("the pack has %d data models and %d globals", len(pack.DataModels), len(pack.Globals))
	}
	// --minimum-tests 2: each rule has a matching and a non-matching test.
	report, err := Run(context.Background(), pack, pack.Rules, Options{MinimumTests: 2, Stderr: os.Stderr})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range append(report.Globals, report.DataModels...) {
		if s.SetupError != nil {
			t.Errorf("%s: %s", s.ID, s.SetupError)
		}
	}
	for i := range report.Rules {
		r := &report.Rules[i]
		if r.SetupError != nil || r.CoverageError != "" {
			t.Errorf("%s: setup %v, coverage %q", r.ID, r.SetupError, r.CoverageError)
		}
		for _, test := range r.Tests {
			if !test.Passed {
				failure, _ := json.Marshal(test)
				t.Errorf("%s: test %q failed: %s", r.ID, test.Name, failure)
			}
		}
	}
	if !report.Passed() {
		t.Fatal("the report does not pass")
	}
}

func TestTheRulesTheEndToEndTestUses(t *testing.T) {
	pack := loadDetections(t)
	byID := map[string]analysisapi.Rule{}
	for _, r := range pack.Rules {
		byID[r.ID] = r
	}
	root, ok := byID["AWS.CloudTrail.RootConsoleLogin"]
	if !ok || !root.Enabled || root.Severity != "HIGH" || !slices.Equal(root.LogTypes, []string{"AWS.CloudTrail"}) || root.Threshold != 1 {
		t.Errorf("AWS.CloudTrail.RootConsoleLogin: %+v", root)
	}
	for _, fn := range []string{"def title(", "def dedup(", "def alert_context(", "sourceIPAddress", "userAgent"} {
		if !strings.Contains(root.Body, fn) {
			t.Errorf("AWS.CloudTrail.RootConsoleLogin has no %s", fn)
		}
	}
	failed, ok := byID["AWS.CloudTrail.ConsoleLoginFailed"]
	if !ok || !failed.Enabled || failed.Severity != "MEDIUM" || failed.Threshold != 5 || failed.DedupPeriodMinutes != 60 {
		t.Errorf("AWS.CloudTrail.ConsoleLoginFailed: %+v", failed)
	}
}

func TestADataModelIsUsedThroughUDM(t *testing.T) {
	pack := loadDetections(t)
	modelled := map[string]bool{}
	for _, d := range pack.DataModels {
		for _, lt := range d.LogTypes {
			modelled[lt] = true
		}
	}
	for _, r := range pack.Rules {
		if strings.Contains(r.Body, ".udm(") && slices.ContainsFunc(r.LogTypes, func(lt string) bool { return modelled[lt] }) {
			return
		}
	}
	t.Fatal("no rule reads a data model with event.udm()")
}

// TestTheRulesRunCleanlyOnParsedSamples runs every rule over the normalized sample events of
// its log types, exactly as the log processor writes them: whatever a rule decides, neither
// rule() nor a function of a match may raise on a real event.
func TestTheRulesRunCleanlyOnParsedSamples(t *testing.T) {
	pack := loadDetections(t)
	rules := make([]analysisapi.Rule, 0, len(pack.Rules))
	for _, r := range pack.Rules {
		r.Tests = nil
		for _, lt := range r.LogTypes {
			for i, event := range goldenEvents(t, lt) {
				r.Tests = append(r.Tests, analysisapi.UnitTest{Name: lt + " sample " + strconv.Itoa(i+1), Resource: event})
			}
		}
		rules = append(rules, r)
	}
	report, err := Run(context.Background(), pack, rules, Options{})
	if err != nil {
		t.Fatal(err)
	}
	// Samples these rules are known to match: their field names are the parser's.
	unmatched := map[string]bool{
		"AWS.CloudTrail.ConsoleLoginFailed": true, "AWS.GuardDuty.HighSeverityFinding": true,
		"AWS.S3ServerAccess.AccessDeniedBurst": true, "Box.Event.BruteForceLogin": true,
		"GSuite.Reports.AdminRoleGranted": true, "OneLogin.Events.BruteForce": true,
	}
	samples := 0
	for _, r := range report.Rules {
		for _, test := range r.Tests {
			samples++
			if out := test.Functions["rule"].Output; out != nil && *out == "true" {
				delete(unmatched, r.ID)
			}
			for name, f := range test.Functions {
				if f.Error != nil {
					t.Errorf("%s on %s: %s(): %s", r.ID, test.Name, name, f.Error.Message)
				}
			}
			if test.Error != nil {
				t.Errorf("%s on %s: %s", r.ID, test.Name, test.Error.Message)
			}
		}
	}
	if samples == 0 {
		t.Fatal("no samples ran")
	}
	for id := range unmatched {
		t.Errorf("%s matched none of the parsed samples of its log types", id)
	}
}

// goldenEvents are the log processor's normalized sample events of a log type.
func goldenEvents(t *testing.T, logType string) []string {
	t.Helper()
	f, err := os.Open(filepath.Join("../../logs/logtypes/testdata", logType+".golden.jsonl"))
	if err != nil {
		t.Fatalf("no samples for %s: %v", logType, err)
	}
	defer func() { _ = f.Close() }()
	var events []string
	scanner := bufio.NewScanner(f)
	scanner.Buffer(make([]byte, 1<<20), 1<<20)
	for scanner.Scan() {
		// Lines the parser rejects are recorded as "error: ..." lines.
		if line := strings.TrimSpace(scanner.Text()); strings.HasPrefix(line, "{") {
			events = append(events, line)
		}
	}
	if err := scanner.Err(); err != nil {
		t.Fatal(err)
	}
	return events
}

func writePack(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

const brokenSpec = `AnalysisType: rule
Filename: broken.py
RuleID: Test.Broken
Enabled: true
LogTypes: [AWS.CloudTrail]
Severity: Low
Tests:
  - Name: anything
    ExpectedResult: true
    Log: {eventName: ConsoleLogin}
`

const raisingSpec = `AnalysisType: rule
Filename: raising.py
RuleID: Test.Raising
Enabled: true
LogTypes: [AWS.CloudTrail]
Severity: Low
Tests:
  - Name: no user identity
    ExpectedResult: false
    Log: {eventName: ConsoleLogin}
`

func TestABrokenRuleIsReportedWithItsFileAndLine(t *testing.T) {
	dir := writePack(t, map[string]string{
		"rules/broken.yml":  brokenSpec,
		"rules/broken.py":   "def rule(event):\n    return event.get('eventName') == 'ConsoleLogin'\n\ndef title(event:\n    return 'x'\n",
		"rules/raising.yml": raisingSpec,
		"rules/raising.py":  "import json\n\ndef rule(event):\n    return event['userIdentity']['type'] == 'Root'\n",
	})
	pack, err := analysis.LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	report, err := Run(context.Background(), pack, pack.Rules, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if report.Passed() {
		t.Fatal("a broken pack passed")
	}
	root := filepath.ToSlash(dir)
	broken, raising := report.Rules[0], report.Rules[1]
	if broken.ID != "Test.Broken" || broken.SetupError == nil || broken.SetupError.File != root+"/rules/broken.py" || broken.SetupError.Line != 4 ||
		!strings.HasPrefix(broken.SetupError.Message, "SyntaxError: ") {
		t.Fatalf("broken rule: %+v %+v", broken, broken.SetupError)
	}
	if broken.Tests[0].Passed || broken.Tests[0].Error == nil {
		t.Fatalf("the broken rule's test: %+v", broken.Tests[0])
	}
	if got := broken.SetupError.String(); got != root+"/rules/broken.py:4: "+broken.SetupError.Message {
		t.Fatalf("String: %q", got)
	}
	ruleErr := raising.Tests[0].Functions["rule"].Error
	if raising.Passed() || ruleErr == nil || ruleErr.Message != "KeyError: 'userIdentity' (at "+root+"/rules/raising.py:4 in rule())" {
		t.Fatalf("raising rule: %+v", raising.Tests[0])
	}
}

func TestAMissingInterpreterIsAClearError(t *testing.T) {
	pack := &analysis.Pack{Sources: map[string]analysis.Source{}}
	_, err := Run(context.Background(), pack, nil, Options{Python: "no-such-python-here"})
	if err == nil || !strings.Contains(err.Error(), "no-such-python-here not found: rules are Python") {
		t.Fatalf("error: %v", err)
	}
}
