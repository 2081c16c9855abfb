package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// detectionPack is our own pack, tested through the real command and real python3.
const detectionPack = "../../detections"

func analysisCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), append([]string{"analysis"}, args...), &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

func writeAnalysisPack(t *testing.T, files map[string]string) string {
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

func TestAnalysisTestPassesOnOurDetectionPack(t *testing.T) {
	code, out, errs := analysisCLI(t, "test", detectionPack, "--minimum-tests", "2")
	if code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, out, errs)
	}
	for _, want := range []string{"AWS.CloudTrail.RootConsoleLogin\n\t[PASS] Root signs in successfully\n", "\tPath: ../../detections\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	summary := regexp.MustCompile(`\tTests: (\d+) passed, 0 failed\n`).FindStringSubmatch(out)
	if summary == nil || strings.Contains(out, "[FAIL]") || errs != "" {
		t.Fatalf("output:\n%s\nstderr:\n%s", out, errs)
	}
}

func TestAnalysisTestFilters(t *testing.T) {
	code, out, _ := analysisCLI(t, "test", "--filter", "RuleID=AWS.CloudTrail.RootConsoleLogin,AWS.CloudTrail.ConsoleLoginFailed", detectionPack, "--filter", "Severity=High")
	if code != 0 || !strings.Contains(out, "AWS.CloudTrail.RootConsoleLogin\n") || strings.Contains(out, "AWS.CloudTrail.ConsoleLoginFailed\n") ||
		!regexp.MustCompile(`\tRules: 1 tested of \d+ `).MatchString(out) {
		t.Fatalf("exit %d\n%s", code, out)
	}
	code, _, errs := analysisCLI(t, "test", detectionPack, "--filter", "LogTypes=Nothing.Here")
	if code != 1 || !strings.Contains(errs, "no rules to test") {
		t.Fatalf("exit %d, stderr %s", code, errs)
	}
}

const (
	passingSpec = "AnalysisType: rule\nFilename: login.py\nRuleID: Test.Login\nEnabled: true\nLogTypes: [AWS.CloudTrail]\nSeverity: Low\n" +
		"Tests:\n  - Name: a login\n    ExpectedResult: true\n    Log: {eventName: ConsoleLogin}\n" +
		"  - Name: not a login\n    ExpectedResult: false\n    Log: {eventName: GetUser}\n"
	passingBody = "def rule(event):\n    return event.get('eventName') == 'ConsoleLogin'\n\ndef title(event):\n    return 'Login'\n"
)

func TestAnalysisTestReportsFailuresAndBrokenRules(t *testing.T) {
	dir := writeAnalysisPack(t, map[string]string{
		"login.yml": passingSpec,
		// Wrong on its second test, and its title raises on the first.
		"login.py":   "def rule(event):\n    return True\n\ndef title(event):\n    return event['userIdentity']['arn']\n",
		"broken.yml": strings.NewReplacer("login.py", "broken.py", "Test.Login", "Test.Broken").Replace(passingSpec),
		"broken.py":  "def rule(event):\n    return (\n",
	})
	code, out, _ := analysisCLI(t, "test", dir)
	root := filepath.ToSlash(dir)
	for _, want := range []string{
		"Test.Broken\n\t[ERROR] " + root + "/broken.py:2: SyntaxError: ",
		"\t[FAIL] a login\n\t\tthe rule did not load (above)\n",
		"Test.Login\n\t[FAIL] a login\n\t\ttitle(): KeyError: 'userIdentity' (at " + root + "/login.py:5 in title())\n",
		"\t[FAIL] not a login\n\t\trule() returned true, expected false\n",
		"\tTests: 0 passed, 4 failed\n",
		"\tFailed rules:\n\t\tTest.Broken (" + root + "/broken.yml)\n\t\tTest.Login (" + root + "/login.yml)\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q", want)
		}
	}
	if code != 1 {
		t.Errorf("exit %d", code)
	}
	if t.Failed() {
		t.Log(out)
	}
}

func TestAnalysisTestReportsInvalidSpecsAndTestsTheRest(t *testing.T) {
	dir := writeAnalysisPack(t, map[string]string{
		"login.yml": passingSpec, "login.py": passingBody,
		"bad.yml":  "AnalysisType: rule\nFilename: login.py\nRuleID: Test.Bad\nEnabled: true\nLogTypes: [AWS.Cloudtrail]\nSeverity: Urgent\n",
		"typo.yml": strings.NewReplacer("Test.Login", "Test.Typo", "[AWS.CloudTrail]", "[AWS.Cloudtrail]").Replace(passingSpec),
	})
	code, out, errs := analysisCLI(t, "test", dir)
	root := filepath.ToSlash(dir)
	if code != 1 || !strings.Contains(out, "Test.Login\n\t[PASS] a login\n") ||
		!strings.Contains(out, "\tInvalid specs: 1 problem(s)\n\t\t"+root+`/bad.yml:6: Severity "Urgent" must be one of Info, Low, Medium, High, Critical`) {
		t.Fatalf("exit %d\n%s", code, out)
	}
	// A log type no schema has is worth a warning: the rule would never run.
	if !strings.Contains(errs, "warning: "+root+"/typo.yml: LogTypes: AWS.Cloudtrail is not a native log type") {
		t.Fatalf("stderr: %s", errs)
	}
}

func TestAnalysisTestMinimumTests(t *testing.T) {
	onlyPositive := strings.SplitAfter(passingSpec, "Log: {eventName: ConsoleLogin}\n")[0]
	dir := writeAnalysisPack(t, map[string]string{"login.yml": onlyPositive, "login.py": passingBody})
	if code, out, _ := analysisCLI(t, "test", dir, "--minimum-tests", "1"); code != 0 {
		t.Fatalf("--minimum-tests 1: exit %d\n%s", code, out)
	}
	code, out, _ := analysisCLI(t, "test", dir, "--minimum-tests", "2")
	if code != 1 || !strings.Contains(out, "\t[FAIL] "+filepath.ToSlash(dir)+"/login.yml: has 1 test(s), at least 2 required\n") {
		t.Fatalf("--minimum-tests 2: exit %d\n%s", code, out)
	}
}

func TestAnalysisUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"test"},
		{"test", detectionPack, "--filter", "Colour=blue"},
		{"test", detectionPack, "--minimum-tests", "-1"},
		{"test", "no/such/folder"},
		{"test", detectionPack, "--unknown"},
		{"zip"},
		{"zip", detectionPack, detectionPack},
		{"zip", "no/such/folder"},
	} {
		if code, _, errs := analysisCLI(t, args...); code != 2 || errs == "" {
			t.Errorf("%v: exit %d, stderr %q", args, code, errs)
		}
	}
}

func TestAnalysisZipWritesAPackThatTestsTheSame(t *testing.T) {
	out := filepath.Join(t.TempDir(), "pack.zip")
	code, stdout, errs := analysisCLI(t, "zip", detectionPack, "--out", out)
	if code != 0 || !strings.HasPrefix(stdout, "wrote "+out+" (") {
		t.Fatalf("exit %d\n%s\n%s", code, stdout, errs)
	}
	written, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	// The same zip again, on standard output: byte for byte.
	code, again, _ := analysisCLI(t, "zip", "--out", "-", detectionPack)
	if code != 0 || again != string(written) {
		t.Fatalf("exit %d; the second zip differs (%d bytes, first %d)", code, len(again), len(written))
	}
	code, report, errs := analysisCLI(t, "test", out)
	if code != 0 || !strings.Contains(report, "AWS.CloudTrail.RootConsoleLogin\n\t[PASS]") {
		t.Fatalf("testing the zip: exit %d\n%s\n%s", code, report, errs)
	}
}

func TestAnalysisZipRefusesAnInvalidPack(t *testing.T) {
	dir := writeAnalysisPack(t, map[string]string{"login.yml": passingSpec + "Extra: 1\n", "login.py": passingBody})
	out := filepath.Join(t.TempDir(), "pack.zip")
	code, _, errs := analysisCLI(t, "zip", dir, "--out", out)
	if code != 1 || !strings.Contains(errs, `unknown key "Extra"`) {
		t.Fatalf("exit %d, stderr %s", code, errs)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Fatal("a zip was written for an invalid pack")
	}
}
