package analysis

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// The keys each analysis type may have, as panther_analysis_tool's schema allows them.
var (
	ruleKeys = []string{"AnalysisType", "Filename", "RuleID", "DisplayName", "Enabled", "LogTypes", "Severity",
		"DedupPeriodMinutes", "Threshold", "Tags", "Reports", "OutputIds", "Description", "Reference", "Runbook",
		"Suppressions", "SummaryAttributes", "Tests"}
	ruleRequired = []string{"AnalysisType", "Enabled", "Filename", "RuleID", "LogTypes", "Severity"}

	testKeys     = []string{"Name", "ExpectedResult", "Log", "LogType", "Mocks"}
	testRequired = []string{"Name", "ExpectedResult", "Log"}
	mockKeys     = []string{"objectName", "returnValue"}

	globalKeys     = []string{"AnalysisType", "Filename", "GlobalID", "Description", "Tags"}
	globalRequired = []string{"AnalysisType", "Filename", "GlobalID"}

	dataModelKeys     = []string{"AnalysisType", "DataModelID", "DisplayName", "Enabled", "Filename", "LogTypes", "Mappings"}
	dataModelRequired = []string{"AnalysisType", "DataModelID", "Enabled", "LogTypes", "Mappings"}
	mappingKeys       = []string{"Name", "Path", "Method"}
)

// Analysis types, as specs spell them.
const (
	typeRule      = "rule"
	typeGlobal    = "global"
	typeDataModel = "datamodel"
	typePolicy    = "policy"
	typePack      = "pack"
)

// SpecSeverities are the severities a spec may name, spelled as the schema requires.
var SpecSeverities = []string{"Info", "Low", "Medium", "High", "Critical"}

// idPattern is what rule, global, data model and policy IDs must match.
var idPattern = regexp.MustCompile(`^[A-Za-z0-9_. ()-]+$`)

// spec is one spec file, read and checked; its Python body is resolved later.
type spec struct {
	file     string
	kind     string
	id       string
	filename string // the body, relative to the spec's folder ("" when there is none)
	rule     *ruleSpec
	global   *globalSpec
	model    *dataModelSpec
}

type ruleSpec struct {
	DisplayName, Severity, Description, Reference, Runbook string
	Enabled                                                bool
	LogTypes, Tags, OutputIDs                              []string
	DedupPeriodMinutes, Threshold                          int
	Reports                                                map[string][]string
	Tests                                                  []testSpec
}

type testSpec struct {
	Name           string
	ExpectedResult bool
	LogType        string
	Log            []byte // JSON
	Mocks          map[string]string
}

type globalSpec struct {
	Description string
}

type dataModelSpec struct {
	DisplayName string
	Enabled     bool
	LogTypes    []string
	Mappings    []mappingSpec
}

type mappingSpec struct {
	Name, Path, Method string
}

// parseSpec reads one spec file. A pack's own definition (AnalysisType: pack) gives a nil spec.
func parseSpec(file string, data []byte) (*spec, []error) {
	p := &problems{file: file}
	root, err := singleDocument(data)
	if err != nil {
		p.add(nil, "%v", err)
		return nil, p.errs
	}
	if root.Kind != yaml.MappingNode {
		p.add(root, "a spec must be a mapping with an AnalysisType, not %s", kindName(root))
		return nil, p.errs
	}
	m := mapping{values: map[string]*yaml.Node{}}
	for i := 0; i+1 < len(root.Content); i += 2 {
		m.values[root.Content[i].Value] = root.Content[i+1]
	}
	var kind string
	if !m.has("AnalysisType") {
		p.add(root, "no AnalysisType (want rule, global, datamodel, policy or pack)")
		return nil, p.errs
	}
	decode(p, m, "AnalysisType", &kind)
	s := &spec{file: file, kind: kind}
	switch kind {
	case typeRule:
		parseRule(p, root, s)
	case typeGlobal:
		parseGlobal(p, root, s)
	case typeDataModel:
		parseDataModel(p, root, s)
	case typePolicy:
		// Policies judge cloud resources, which this tool does not scan: only their IDs count.
		decode(p, m, "PolicyID", &s.id)
		if !m.has("PolicyID") {
			p.add(root, "the spec is missing the required key %q", "PolicyID")
		}
		checkID(p, m, "PolicyID", s.id)
	case typePack:
		return nil, p.errs
	default:
		p.add(m.values["AnalysisType"], "AnalysisType %q is not supported (want rule, global, datamodel, policy or pack)", kind)
	}
	if len(p.errs) > 0 {
		return nil, p.errs
	}
	return s, nil
}

// singleDocument parses data as exactly one YAML (or JSON) document.
func singleDocument(data []byte) (*yaml.Node, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, errors.New("the file is empty")
		}
		return nil, fmt.Errorf("not valid YAML or JSON: %w", err)
	}
	var more yaml.Node
	if err := dec.Decode(&more); !errors.Is(err, io.EOF) {
		return nil, errors.New("holds more than one YAML document; a spec is one document")
	}
	return resolve(&doc), nil
}

func checkID(p *problems, m mapping, key, id string) {
	if m.has(key) && !idPattern.MatchString(id) {
		p.add(m.values[key], "%s %q may hold only letters, digits, spaces and _ . ( ) -", key, id)
	}
}

func parseRule(p *problems, root *yaml.Node, s *spec) {
	m, _ := strictMapping(p, root, "the spec", ruleKeys, ruleRequired)
	r := &ruleSpec{}
	s.rule = r
	fields := map[string]any{
		"Filename": &s.filename, "RuleID": &s.id, "DisplayName": &r.DisplayName, "Enabled": &r.Enabled,
		"LogTypes": &r.LogTypes, "Severity": &r.Severity, "DedupPeriodMinutes": &r.DedupPeriodMinutes,
		"Threshold": &r.Threshold, "Tags": &r.Tags, "Reports": &r.Reports, "OutputIds": &r.OutputIDs,
		"Description": &r.Description, "Reference": &r.Reference, "Runbook": &r.Runbook,
		"Suppressions": &[]string{}, "SummaryAttributes": &[]string{},
	}
	for _, key := range m.keys {
		if out, ok := fields[key]; ok {
			decode(p, m, key, out)
		}
	}
	checkID(p, m, "RuleID", s.id)
	if m.has("Severity") && !slices.Contains(SpecSeverities, r.Severity) {
		p.add(m.values["Severity"], "Severity %q must be one of %s", r.Severity, strings.Join(SpecSeverities, ", "))
	}
	checkLogTypes(p, m, r.LogTypes)
	for _, key := range []string{"DedupPeriodMinutes", "Threshold"} {
		if value := *fields[key].(*int); value < 0 {
			p.add(m.values[key], "%s must not be negative (0 means the default)", key)
		}
	}
	if tests := m.values["Tests"]; tests != nil {
		r.Tests = parseTests(p, tests)
	}
}

func checkLogTypes(p *problems, m mapping, logTypes []string) {
	if m.has("LogTypes") && len(logTypes) == 0 {
		p.add(m.values["LogTypes"], "LogTypes must list at least one log type, such as AWS.CloudTrail")
	}
	for _, logType := range logTypes {
		if strings.TrimSpace(logType) == "" {
			p.add(m.values["LogTypes"], "LogTypes has an empty entry")
		}
	}
}

func parseTests(p *problems, n *yaml.Node) []testSpec {
	n = resolve(n)
	if n.ShortTag() == "!!null" {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		p.add(n, "Tests must be a list of tests ({Name, ExpectedResult, Log}), not %s", kindName(n))
		return nil
	}
	tests := make([]testSpec, 0, len(n.Content))
	for i, item := range n.Content {
		what := fmt.Sprintf("test %d", i+1)
		m, ok := strictMapping(p, item, what, testKeys, testRequired)
		if !ok {
			continue
		}
		var t testSpec
		decode(p, m, "Name", &t.Name)
		decode(p, m, "ExpectedResult", &t.ExpectedResult)
		decode(p, m, "LogType", &t.LogType)
		if t.Name != "" {
			what = fmt.Sprintf("test %q", t.Name)
		} else {
			p.add(m.values["Name"], "%s: Name must not be empty", what)
		}
		t.Log = testLog(p, m.values["Log"], what, t.LogType)
		if mocks := m.values["Mocks"]; mocks != nil {
			t.Mocks = parseMocks(p, mocks, what)
		}
		tests = append(tests, t)
	}
	return tests
}

// testLog is a test's event as JSON, with p_log_type from the test's LogType when it has none.
func testLog(p *problems, n *yaml.Node, what, logType string) []byte {
	n = resolve(n)
	if n.Kind != yaml.MappingNode {
		p.add(n, "%s: Log must be the event, a mapping of its fields, not %s", what, kindName(n))
		return nil
	}
	if logType != "" && !mappingHasKey(n, "p_log_type") {
		n = withKey(n, "p_log_type", logType)
	}
	var buf bytes.Buffer
	if err := nodeJSON(n, &buf, 0); err != nil {
		p.add(n, "%s: Log: %v", what, err)
		return nil
	}
	return buf.Bytes()
}

func mappingHasKey(n *yaml.Node, key string) bool {
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return true
		}
	}
	return false
}

// withKey is a copy of a mapping with one more string value, leaving the parsed file alone.
func withKey(n *yaml.Node, key, value string) *yaml.Node {
	copied := *n
	copied.Content = append(slices.Clip(n.Content),
		&yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: key},
		&yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: value})
	return &copied
}

func parseMocks(p *problems, n *yaml.Node, what string) map[string]string {
	n = resolve(n)
	if n.Kind != yaml.SequenceNode {
		p.add(n, "%s: Mocks must be a list of {objectName, returnValue}, not %s", what, kindName(n))
		return nil
	}
	mocks := map[string]string{}
	for i, item := range n.Content {
		m, ok := strictMapping(p, item, fmt.Sprintf("%s, mock %d", what, i+1), mockKeys, mockKeys)
		if !ok {
			continue
		}
		var name string
		decode(p, m, "objectName", &name)
		value := resolve(m.values["returnValue"])
		if value.Kind != yaml.ScalarNode || value.ShortTag() != "!!str" {
			// The analysis API keeps mocks as strings: a bare true or 1 would silently become
			// the string "true" or "1" (and "false" is truthy in Python).
			p.add(value, "%s: mock %q: returnValue must be a quoted string, such as \"true\" or '[]'", what, name)
			continue
		}
		if _, dup := mocks[name]; dup {
			p.add(m.values["objectName"], "%s: mock %q is defined twice", what, name)
		}
		mocks[name] = value.Value
	}
	return mocks
}

func parseGlobal(p *problems, root *yaml.Node, s *spec) {
	m, _ := strictMapping(p, root, "the spec", globalKeys, globalRequired)
	g := &globalSpec{}
	s.global = g
	decode(p, m, "Filename", &s.filename)
	decode(p, m, "GlobalID", &s.id)
	decode(p, m, "Description", &g.Description)
	decode(p, m, "Tags", &[]string{})
	checkID(p, m, "GlobalID", s.id)
}

func parseDataModel(p *problems, root *yaml.Node, s *spec) {
	m, _ := strictMapping(p, root, "the spec", dataModelKeys, dataModelRequired)
	d := &dataModelSpec{}
	s.model = d
	decode(p, m, "Filename", &s.filename)
	decode(p, m, "DataModelID", &s.id)
	decode(p, m, "DisplayName", &d.DisplayName)
	decode(p, m, "Enabled", &d.Enabled)
	decode(p, m, "LogTypes", &d.LogTypes)
	checkID(p, m, "DataModelID", s.id)
	checkLogTypes(p, m, d.LogTypes)
	n := m.values["Mappings"]
	if n == nil {
		return
	}
	if n = resolve(n); n.Kind != yaml.SequenceNode {
		p.add(n, "Mappings must be a list of {Name, Path} or {Name, Method}, not %s", kindName(n))
		return
	}
	seen := map[string]bool{}
	for i, item := range n.Content {
		what := fmt.Sprintf("mapping %d", i+1)
		mm, ok := strictMapping(p, item, what, mappingKeys, []string{"Name"})
		if !ok {
			continue
		}
		var ms mappingSpec
		decode(p, mm, "Name", &ms.Name)
		decode(p, mm, "Path", &ms.Path)
		decode(p, mm, "Method", &ms.Method)
		switch {
		case (ms.Path == "") == (ms.Method == ""):
			p.add(item, "%s (%q) must have exactly one of Path (a JSONPath such as $.sourceIPAddress) and Method (a function in the model's Filename)", what, ms.Name)
		case ms.Method != "" && !m.has("Filename"):
			p.add(item, "%s (%q) names Method %s, but the data model has no Filename to define it in", what, ms.Name, ms.Method)
		case seen[ms.Name]:
			p.add(item, "%s: the name %q is mapped twice", what, ms.Name)
		}
		seen[ms.Name] = true
		d.Mappings = append(d.Mappings, ms)
	}
}
