package analysis

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/panther-operator/panther-operator/lambdas/api/analysisapi"
)

// writePack writes files (slash paths relative to the pack) into a new folder.
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

const ruleBody = "def rule(event):\n    return True\n"

const loginRule = `AnalysisType: rule
Filename: login.py
RuleID: Test.Login
DisplayName: Logins
Enabled: true
LogTypes: [AWS.CloudTrail, Okta.SystemLog]
Severity: High
Tags: [b-tag, a-tag]
Reports:
  MITRE ATT&CK: [TA0006:T1110, TA0001:T1078]
  CIS: [3.5, 1.1]
Description: Sign-ins.
Reference: https://example.com/logins
Runbook: Ask the user.
SummaryAttributes: [sourceIPAddress]
Suppressions: []
OutputIds: [out-1]
Tests:
  - Name: Root login
    ExpectedResult: true
    LogType: AWS.CloudTrail
    Log:
      eventName: ConsoleLogin
      eventTime: 2026-03-14T11:15:00Z
      count: 3
      ratio: 0.5
      ok: yes
      none: null
      quoted: "0042"
      nested: {ips: [192.0.2.1, 192.0.2.2]}
    Mocks:
      - {objectName: lookup, returnValue: "true"}
  - Name: Other event
    ExpectedResult: false
    Log: {eventName: GetUser, p_log_type: Okta.SystemLog}
`

func TestLoadDirConvertsWithTheUploadDefaults(t *testing.T) {
	dir := writePack(t, map[string]string{
		"rules/login.yml":          loginRule,
		"rules/login.py":           ruleBody,
		"helpers/base.yml":         "AnalysisType: global\nGlobalID: base_helpers\nFilename: base.py\nDescription: Shared.\nTags: [x]\n",
		"helpers/base.py":          "X = 1\n",
		"models/ct.json":           `{"AnalysisType": "datamodel", "DataModelID": "Standard.CT", "Enabled": true, "LogTypes": ["AWS.CloudTrail"], "Filename": "ct.py", "Mappings": [{"Name": "source_ip", "Path": "$.sourceIPAddress"}, {"Name": "actor", "Method": "actor"}]}`,
		"models/ct.py":             "def actor(event):\n    return 'x'\n",
		"policies/p.yaml":          "AnalysisType: policy\nPolicyID: Test.Policy\nResourceTypes: [AWS.S3.Bucket]\n",
		"packs/all.yml":            "AnalysisType: pack\nPackID: all\nPackDefinition: {IDs: [Test.Login]}\n",
		"other/pack.yml":           "AnalysisType: pack\nPackID: elsewhere\n",
		"rules/__pycache__/x.yml":  "not: a spec\n",
		".github/workflows/ci.yml": "on: push\n",
	})
	pack, err := LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(pack.Rules) != 1 || len(pack.Globals) != 1 || len(pack.DataModels) != 1 || !reflect.DeepEqual(pack.Policies, []string{"Test.Policy"}) {
		t.Fatalf("pack: %+v", pack)
	}
	r := pack.Rules[0]
	r.Tests = nil
	want := analysisapi.Rule{
		ID: "Test.Login", Body: ruleBody, DisplayName: "Logins", Description: "Sign-ins.", Enabled: true,
		LogTypes: []string{"AWS.CloudTrail", "Okta.SystemLog"}, Severity: "HIGH", DedupPeriodMinutes: 60, Threshold: 1,
		Tags:      []string{"a-tag", "b-tag"},
		Reports:   map[string][]string{"MITRE ATT&CK": {"TA0001:T1078", "TA0006:T1110"}, "CIS": {"1.1", "3.5"}},
		OutputIDs: []string{"out-1"}, Reference: "https://example.com/logins", Runbook: "Ask the user.",
	}
	if !reflect.DeepEqual(r, want) {
		t.Fatalf("rule\n got %+v\nwant %+v", r, want)
	}
	tests := pack.Rules[0].Tests
	wantLog := `{"eventName":"ConsoleLogin","eventTime":"2026-03-14T11:15:00Z","count":3,"ratio":0.5,"ok":true,"none":null,"quoted":"0042",` +
		`"nested":{"ips":["192.0.2.1","192.0.2.2"]},"p_log_type":"AWS.CloudTrail"}`
	if len(tests) != 2 || tests[0].Resource != wantLog || !reflect.DeepEqual(tests[0].Mocks, map[string]string{"lookup": "true"}) || !tests[0].ExpectedResult {
		t.Fatalf("first test: %+v", tests)
	}
	// The test's own p_log_type stays; no mocks means none on the wire.
	if tests[1].Resource != `{"eventName":"GetUser","p_log_type":"Okta.SystemLog"}` || tests[1].Mocks != nil || tests[1].ExpectedResult {
		t.Fatalf("second test: %+v", tests[1])
	}
	wantModel := analysisapi.DataModel{ID: "Standard.CT", Enabled: true, LogTypes: []string{"AWS.CloudTrail"}, Body: "def actor(event):\n    return 'x'\n",
		Mappings: []analysisapi.DataModelMapping{{Name: "source_ip", Path: "$.sourceIPAddress"}, {Name: "actor", Method: "actor"}}}
	if !reflect.DeepEqual(pack.DataModels[0], wantModel) {
		t.Fatalf("data model: %+v", pack.DataModels[0])
	}
	if g := pack.Globals[0]; g.ID != "base_helpers" || g.Body != "X = 1\n" || g.Description != "Shared." {
		t.Fatalf("global: %+v", g)
	}
	root := filepath.ToSlash(dir)
	if src := pack.Source("Test.Login"); src != (Source{Spec: root + "/rules/login.yml", Python: root + "/rules/login.py"}) {
		t.Fatalf("source: %+v", src)
	}
	// Every resource is valid JSON.
	for _, test := range tests {
		if !json.Valid([]byte(test.Resource)) {
			t.Fatalf("resource is not JSON: %s", test.Resource)
		}
	}
}

func TestTheDefaultsKeepValuesThatAreSet(t *testing.T) {
	spec := strings.Replace(loginRule, "Severity: High\n", "Severity: Critical\nDedupPeriodMinutes: 15\nThreshold: 5\n", 1)
	pack, err := LoadDir(writePack(t, map[string]string{"login.yml": spec, "login.py": ruleBody}))
	if err != nil {
		t.Fatal(err)
	}
	if r := pack.Rules[0]; r.DedupPeriodMinutes != 15 || r.Threshold != 5 || r.Severity != "CRITICAL" {
		t.Fatalf("rule: %+v", r)
	}
}

// minimal is a valid rule spec to break one piece at a time.
const minimal = "AnalysisType: rule\nFilename: r.py\nRuleID: Test.R\nEnabled: true\nLogTypes: [AWS.CloudTrail]\nSeverity: Low\n"

func TestSpecErrorsNameTheFileLineAndFix(t *testing.T) {
	cases := []struct {
		name  string
		files map[string]string
		want  []string
	}{
		{"unknown key", map[string]string{"r.yml": minimal + "Sevrity: High\n"},
			[]string{`r.yml:7: unknown key "Sevrity" in the spec (allowed: AnalysisType, Filename, RuleID,`}},
		{"missing required key", map[string]string{"r.yml": strings.Replace(minimal, "Enabled: true\n", "", 1)},
			[]string{`r.yml:1: the spec is missing the required key "Enabled"`}},
		{"severity spelled the API's way", map[string]string{"r.yml": strings.Replace(minimal, "Low", "LOW", 1)},
			[]string{`r.yml:6: Severity "LOW" must be one of Info, Low, Medium, High, Critical`}},
		{"bad ID", map[string]string{"r.yml": strings.Replace(minimal, "Test.R", "Test/R", 1)},
			[]string{`r.yml:3: RuleID "Test/R" may hold only letters, digits, spaces and _ . ( ) -`}},
		{"duplicate IDs", map[string]string{"a/r.yml": minimal, "a/r.py": ruleBody, "b/r.yml": minimal, "b/r.py": ruleBody},
			[]string{`b/r.yml: ID "Test.R" is already defined in `, `a/r.yml; IDs must be unique`}},
		{"duplicate key", map[string]string{"r.yml": minimal + "Severity: High\n"},
			[]string{`r.yml:7: key "Severity" appears twice in the spec`}},
		{"body not found", map[string]string{"r.yml": minimal},
			[]string{`r.yml: Filename: "r.py" not found (looked for `}},
		{"body outside the pack", map[string]string{"rules/r.yml": strings.Replace(minimal, "r.py", "../../r.py", 1)},
			[]string{`rules/r.yml: Filename: "../../r.py" points outside the pack`}},
		{"wrong type", map[string]string{"r.yml": minimal + "Threshold: often\n"},
			[]string{"r.yml:7: Threshold: cannot unmarshal !!str `often` into int"}},
		{"negative threshold", map[string]string{"r.yml": minimal + "Threshold: -1\n"},
			[]string{"r.yml:7: Threshold must not be negative"}},
		{"no log types", map[string]string{"r.yml": strings.Replace(minimal, "[AWS.CloudTrail]", "[]", 1)},
			[]string{"r.yml:5: LogTypes must list at least one log type"}},
		{"unknown test key", map[string]string{"r.yml": minimal + "Tests:\n  - Name: t\n    ExpectedResult: true\n    Log: {a: 1}\n    Expected: true\n"},
			[]string{`r.yml:11: unknown key "Expected" in test 1 (allowed: Name, ExpectedResult, Log, LogType, Mocks)`}},
		{"test without a log", map[string]string{"r.yml": minimal + "Tests:\n  - Name: t\n    ExpectedResult: true\n"},
			[]string{`r.yml:8: test 1 is missing the required key "Log"`}},
		{"log that is not an event", map[string]string{"r.yml": minimal + "Tests:\n  - Name: t\n    ExpectedResult: true\n    Log: [1, 2]\n"},
			[]string{`r.yml:10: test "t": Log must be the event, a mapping of its fields, not a list`}},
		{"unquoted mock value", map[string]string{"r.yml": minimal + "Tests:\n  - Name: t\n    ExpectedResult: true\n    Log: {a: 1}\n    Mocks: [{objectName: f, returnValue: false}]\n"},
			[]string{`test "t": mock "f": returnValue must be a quoted string`}},
		{"mock without a name", map[string]string{"r.yml": minimal + "Tests:\n  - Name: t\n    ExpectedResult: true\n    Log: {a: 1}\n    Mocks: [{returnValue: 'x'}]\n"},
			[]string{`test "t", mock 1 is missing the required key "objectName"`}},
		{"mapping with path and method", map[string]string{"m.yml": "AnalysisType: datamodel\nDataModelID: M\nEnabled: true\nFilename: m.py\nLogTypes: [AWS.VPCFlow]\nMappings:\n  - {Name: ip, Path: $.srcaddr, Method: ip}\n", "m.py": ""},
			[]string{`m.yml:7: mapping 1 ("ip") must have exactly one of Path`}},
		{"method without a body", map[string]string{"m.yml": "AnalysisType: datamodel\nDataModelID: M\nEnabled: true\nLogTypes: [AWS.VPCFlow]\nMappings:\n  - {Name: ip, Method: ip}\n"},
			[]string{`m.yml:6: mapping 1 ("ip") names Method ip, but the data model has no Filename`}},
		{"two enabled models for one log type", map[string]string{
			"a.yml": "AnalysisType: datamodel\nDataModelID: A\nEnabled: true\nLogTypes: [AWS.VPCFlow]\nMappings: [{Name: ip, Path: $.srcaddr}]\n",
			"b.yml": "AnalysisType: datamodel\nDataModelID: B\nEnabled: true\nLogTypes: [AWS.VPCFlow]\nMappings: [{Name: ip, Path: $.dstaddr}]\n"},
			[]string{`b.yml: data model "B" is the second enabled one for AWS.VPCFlow (the first is "A" in `}},
		{"global with a rule's key", map[string]string{"g.yml": "AnalysisType: global\nGlobalID: g\nFilename: g.py\nSeverity: Low\n", "g.py": ""},
			[]string{`g.yml:4: unknown key "Severity" in the spec (allowed: AnalysisType, Filename, GlobalID, Description, Tags)`}},
		{"no analysis type", map[string]string{"r.yml": "RuleID: x\n"},
			[]string{"r.yml:1: no AnalysisType (want rule, global, datamodel, policy or pack)"}},
		{"unsupported analysis type", map[string]string{"q.yml": "AnalysisType: scheduled_query\nQueryName: q\n"},
			[]string{`q.yml:1: AnalysisType "scheduled_query" is not supported`}},
		{"policy without an ID", map[string]string{"p.yml": "AnalysisType: policy\nResourceTypes: [AWS.S3.Bucket]\n"},
			[]string{`p.yml:1: the spec is missing the required key "PolicyID"`}},
		{"two documents", map[string]string{"r.yml": minimal + "---\n" + minimal},
			[]string{"r.yml: holds more than one YAML document"}},
		{"not YAML", map[string]string{"r.yml": "a: [1, 2\n"}, []string{"r.yml: not valid YAML or JSON: yaml: line 1:"}},
		{"empty file", map[string]string{"r.yml": ""}, []string{"r.yml: the file is empty"}},
		{"a list, not a spec", map[string]string{"r.yml": "- 1\n"}, []string{"r.yml:1: a spec must be a mapping with an AnalysisType, not a list"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := writePack(t, c.files)
			_, err := LoadDir(dir)
			if err == nil {
				t.Fatal("no error")
			}
			for _, want := range c.want {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q\nwant it to contain %q", err, want)
				}
			}
			// Every problem names a file of the pack.
			for _, line := range strings.Split(err.Error(), "\n") {
				if !strings.HasPrefix(line, filepath.ToSlash(dir)+"/") {
					t.Errorf("problem names no file: %q", line)
				}
			}
		})
	}
}

func TestAnInvalidSpecLeavesTheRestOfThePack(t *testing.T) {
	dir := writePack(t, map[string]string{
		"good.yml": minimal, "r.py": ruleBody,
		"bad.yml": strings.Replace(minimal, "Test.R", "Test.Bad", 1) + "Extra: 1\n",
	})
	pack, err := LoadDir(dir)
	if err == nil || !strings.Contains(err.Error(), `bad.yml:7: unknown key "Extra"`) {
		t.Fatalf("error: %v", err)
	}
	if len(pack.Rules) != 1 || pack.Rules[0].ID != "Test.R" {
		t.Fatalf("rules: %+v", pack.Rules)
	}
}

func TestMergeRejectsAnIDInTwoPacks(t *testing.T) {
	first, err := LoadDir(writePack(t, map[string]string{"r.yml": minimal, "r.py": ruleBody}))
	if err != nil {
		t.Fatal(err)
	}
	second, err := LoadDir(writePack(t, map[string]string{"other.yml": minimal, "r.py": ruleBody}))
	if err != nil {
		t.Fatal(err)
	}
	merged, err := Merge(first, second)
	if err == nil || !strings.Contains(err.Error(), `other.yml: ID "Test.R" is already defined in `+first.Source("Test.R").Spec) {
		t.Fatalf("error: %v", err)
	}
	if len(merged.Rules) != 1 || merged.Source("Test.R") != first.Source("Test.R") {
		t.Fatalf("merged: %+v", merged)
	}
}

func TestLoadDirNeedsAFolder(t *testing.T) {
	dir := writePack(t, map[string]string{"r.py": ruleBody})
	if _, err := LoadDir(filepath.Join(dir, "r.py")); err == nil || !strings.Contains(err.Error(), "is not a directory of analysis specs") {
		t.Fatalf("error: %v", err)
	}
	if _, err := LoadDir(filepath.Join(dir, "absent")); err == nil {
		t.Fatal("no error for a missing folder")
	}
}
