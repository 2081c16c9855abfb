// Package ruletest runs a detection pack's unit tests through the rules engine's own Python
// code: the panther_engine package embedded in this binary, run by the machine's python3 as
// `python3 -m panther_engine.runner`. Rules are CPython programs, so nothing else can run them
// unchanged; the engine and its runner use the standard library only.
package ruletest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/panther-operator/panther-operator/lambdas/analysis"
	"github.com/panther-operator/panther-operator/lambdas/api/analysisapi"
	rulesengine "github.com/panther-operator/panther-operator/lambdas/rules-engine"
)

// DefaultPython is the interpreter used when Options.Python is empty.
const DefaultPython = "python3"

// Options tune a run.
type Options struct {
	// Python is the interpreter (CPython 3.10 or later); DefaultPython when empty.
	Python string
	// MinimumTests is panther_analysis_tool's --minimum-tests: each rule needs this many
	// tests, and above one at least one matching and one non-matching test.
	MinimumTests int
	// Stderr receives whatever the rules print; nil discards it.
	Stderr io.Writer
}

// SetupError is a body that did not load, located in the pack.
type SetupError struct {
	Message string `json:"message"`
	File    string `json:"file"`
	Line    int    `json:"line"`
}

// String is "file:line: message", the form editors and terminals link to.
func (e *SetupError) String() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Message)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Message)
}

// Setup is whether a global or data model loaded.
type Setup struct {
	ID         string      `json:"id"`
	SetupError *SetupError `json:"setupError"`
}

// RuleResult is one rule: whether it loaded, whether it has the tests required, and each
// test's result as the analysis API reports it.
type RuleResult struct {
	ID            string                   `json:"id"`
	SetupError    *SetupError              `json:"setupError"`
	CoverageError string                   `json:"coverageError"`
	Tests         []analysisapi.TestResult `json:"tests"`
}

// Passed says the rule loaded, has its tests, and passed them all.
func (r *RuleResult) Passed() bool {
	if r.SetupError != nil || r.CoverageError != "" {
		return false
	}
	for _, t := range r.Tests {
		if !t.Passed {
			return false
		}
	}
	return true
}

// Report is a whole run.
type Report struct {
	Globals    []Setup      `json:"globals"`
	DataModels []Setup      `json:"dataModels"`
	Rules      []RuleResult `json:"rules"`
}

// Passed says every global and data model loaded and every rule passed.
func (r *Report) Passed() bool {
	for _, s := range append(append([]Setup{}, r.Globals...), r.DataModels...) {
		if s.SetupError != nil {
			return false
		}
	}
	for i := range r.Rules {
		if !r.Rules[i].Passed() {
			return false
		}
	}
	return true
}

// What the runner reads: the API's items plus the file each body came from.
type (
	input struct {
		Globals      []globalInput    `json:"globals"`
		DataModels   []dataModelInput `json:"dataModels"`
		Rules        []ruleInput      `json:"rules"`
		MinimumTests int              `json:"minimumTests"`
	}
	globalInput struct {
		analysisapi.Global
		File string `json:"file"`
	}
	dataModelInput struct {
		analysisapi.DataModel
		File string `json:"file"`
	}
	ruleInput struct {
		analysisapi.Rule
		File string `json:"file"`
	}
)

// Run tests rules (usually the pack's, perhaps filtered) with all of the pack's globals and
// enabled data models. An error means the tests could not run at all; failing tests are in
// the report.
func Run(ctx context.Context, pack *analysis.Pack, rules []analysisapi.Rule, opts Options) (*Report, error) {
	in := input{MinimumTests: opts.MinimumTests}
	for _, g := range pack.Globals {
		in.Globals = append(in.Globals, globalInput{g, pack.Source(g.ID).Python})
	}
	for _, d := range pack.DataModels {
		if d.Enabled {
			in.DataModels = append(in.DataModels, dataModelInput{d, pack.Source(d.ID).Python})
		}
	}
	for _, r := range rules {
		in.Rules = append(in.Rules, ruleInput{r, pack.Source(r.ID).Python})
	}
	document, err := json.Marshal(in)
	if err != nil {
		return nil, err
	}
	out, err := runPython(ctx, document, opts)
	if err != nil {
		return nil, err
	}
	var report Report
	if err := json.Unmarshal(out, &report); err != nil {
		return nil, fmt.Errorf("the test runner's output is not its JSON report: %w", err)
	}
	if len(report.Rules) != len(rules) {
		return nil, fmt.Errorf("the test runner reported %d rules of %d", len(report.Rules), len(rules))
	}
	return &report, nil
}

// runPython runs the embedded runner on a document and returns its standard output.
func runPython(ctx context.Context, document []byte, opts Options) ([]byte, error) {
	python := opts.Python
	if python == "" {
		python = DefaultPython
	}
	if _, err := exec.LookPath(python); err != nil {
		return nil, fmt.Errorf("%s not found: rules are Python, so testing them needs CPython 3.10 or later (install python3, or name the interpreter): %w", python, err)
	}
	dir, remove, err := rulesengine.InstallTemp()
	if err != nil {
		return nil, err
	}
	defer func() { _ = remove() }()

	cmd := exec.CommandContext(ctx, python, "-B", "-m", rulesengine.PackageName+".runner")
	// The engine's folder is the working directory, so no panther_engine elsewhere shadows it.
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "PYTHONPATH="+pythonPath(dir), "PYTHONDONTWRITEBYTECODE=1", "PYTHONIOENCODING=utf-8")
	cmd.Stdin = bytes.NewReader(document)
	var stdout, stderr bytes.Buffer
	cmd.Stdout = &stdout
	cmd.Stderr = &stderr
	if opts.Stderr != nil {
		cmd.Stderr = io.MultiWriter(&stderr, opts.Stderr)
	}
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			return nil, fmt.Errorf("rule tests stopped: %w", ctx.Err())
		}
		var exitErr *exec.ExitError
		if errors.As(err, &exitErr) {
			return nil, fmt.Errorf("the rules engine's test runner failed (%w): %s", exitErr, lastLines(stderr.String(), 20))
		}
		return nil, err
	}
	return stdout.Bytes(), nil
}

// pythonPath puts the engine first and keeps the user's own entries, for rules that import
// packages installed there.
func pythonPath(dir string) string {
	if existing := os.Getenv("PYTHONPATH"); existing != "" {
		return dir + string(filepath.ListSeparator) + existing
	}
	return dir
}

func lastLines(text string, n int) string {
	lines := strings.Split(strings.TrimRight(text, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
