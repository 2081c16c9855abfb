package main

import (
	"archive/zip"
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/panther-operator/panther-operator/lambdas/analysis"
	"github.com/panther-operator/panther-operator/lambdas/analysis/ruletest"
	"github.com/panther-operator/panther-operator/lambdas/api/analysisapi"
	"github.com/panther-operator/panther-operator/lambdas/logs/logtypes"
)

// parseInterleaved parses flags that may come before, between or after the positional
// arguments (pantherctl analysis test PATH --filter ... PATH), which flag.Parse alone stops at.
func parseInterleaved(flags *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := flags.Parse(args); err != nil {
			return nil, err
		}
		if flags.NArg() == 0 {
			return positional, nil
		}
		positional = append(positional, flags.Arg(0))
		args = flags.Args()[1:]
	}
}

type testOptions struct {
	filters      []analysis.Filter
	minimumTests int
	python       string
}

// runAnalysisTest loads packs, runs their rules' unit tests with the embedded engine, and
// prints a summary in panther_analysis_tool's manner: 0 when everything passed, 1 when a spec
// is invalid or a test failed, 2 on bad usage.
func runAnalysisTest(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	flags := flag.NewFlagSet("pantherctl analysis test", flag.ContinueOnError)
	flags.SetOutput(stderr)
	var o testOptions
	flags.Func("filter", "select rules by a spec key: Key=v1,v2 (repeat to require several; keys: "+strings.Join(analysis.FilterKeys, ", ")+")", func(v string) error {
		f, err := analysis.ParseFilter(v)
		if err == nil {
			o.filters = append(o.filters, f)
		}
		return err
	})
	flags.IntVar(&o.minimumTests, "minimum-tests", 0, "tests every rule needs; above 1, also one matching and one non-matching test")
	flags.StringVar(&o.python, "python", ruletest.DefaultPython, "the Python interpreter to run rules with (CPython 3.10 or later)")
	paths, err := parseInterleaved(flags, args)
	if err != nil {
		return 2
	}
	if len(paths) == 0 || o.minimumTests < 0 {
		fmt.Fprintln(stderr, "pantherctl analysis test: want PATH... (folders or zips of analysis specs) and --minimum-tests of 0 or more")
		return 2
	}
	pack, problems, err := loadPacks(paths)
	if err != nil {
		fmt.Fprintln(stderr, "pantherctl analysis test:", err)
		return 2
	}
	warnUnknownLogTypes(pack, stderr)
	rules := analysis.SelectRules(pack.Rules, o.filters)
	if len(rules) == 0 && len(problems) == 0 {
		fmt.Fprintln(stderr, "pantherctl analysis test: no rules to test (check the paths and --filter)")
		return 1
	}
	report, err := ruletest.Run(ctx, pack, rules, ruletest.Options{Python: o.python, MinimumTests: o.minimumTests, Stderr: stderr})
	if err != nil {
		fmt.Fprintln(stderr, "pantherctl analysis test:", err)
		return 1
	}
	failed := printReport(stdout, pack, rules, report)
	printSummary(stdout, paths, pack, rules, report, problems, failed)
	if len(problems) > 0 || !report.Passed() {
		return 1
	}
	return 0
}

// loadPacks reads every PATH (a folder or a .zip) into one pack. Spec problems come back as
// lines, to be reported with the results of everything else; a PATH that is not a folder or
// a zip is an error (bad usage).
func loadPacks(paths []string) (*analysis.Pack, []string, error) {
	packs := make([]*analysis.Pack, 0, len(paths))
	var problems []string
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil || (!info.IsDir() && !strings.HasSuffix(p, ".zip")) {
			return nil, nil, fmt.Errorf("%s is neither a folder nor a .zip of analysis specs", p)
		}
		pack, err := loadPath(p)
		if err != nil {
			problems = append(problems, strings.Split(err.Error(), "\n")...)
		}
		packs = append(packs, pack)
	}
	pack, err := analysis.Merge(packs...)
	if err != nil {
		problems = append(problems, strings.Split(err.Error(), "\n")...)
	}
	return pack, problems, nil
}

func loadPath(p string) (*analysis.Pack, error) {
	if !strings.HasSuffix(p, ".zip") {
		return analysis.LoadDir(p)
	}
	data, err := os.ReadFile(p)
	if err != nil {
		return nil, err
	}
	archive, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, fmt.Errorf("%s: not a zip archive: %w", p, err)
	}
	// Files inside are named <zip>/<path>, so that errors say which archive they are in.
	return analysis.LoadFS(archive, p)
}

// warnUnknownLogTypes points out log types no native schema has: a typo means a rule that
// never runs. Custom types are named Custom.*, so those are left alone.
func warnUnknownLogTypes(pack *analysis.Pack, stderr io.Writer) {
	registry, err := logtypes.Native()
	if err != nil {
		return
	}
	for _, r := range pack.Rules {
		for _, logType := range r.LogTypes {
			if _, ok := registry.Get(logType); !ok && !strings.HasPrefix(logType, "Custom.") {
				fmt.Fprintf(stderr, "warning: %s: LogTypes: %s is not a native log type (pantherctl logs types lists them; custom ones are named Custom.*)\n",
					pack.Source(r.ID).Spec, logType)
			}
		}
	}
}

// printReport prints each rule and test, and returns the IDs of the rules that failed.
func printReport(w io.Writer, pack *analysis.Pack, rules []analysisapi.Rule, report *ruletest.Report) []string {
	for _, s := range report.Globals {
		if s.SetupError != nil {
			fmt.Fprintf(w, "[ERROR] global %s: %s\n\n", s.ID, s.SetupError)
		}
	}
	for _, s := range report.DataModels {
		if s.SetupError != nil {
			fmt.Fprintf(w, "[ERROR] data model %s: %s\n\n", s.ID, s.SetupError)
		}
	}
	var failed []string
	for i := range report.Rules {
		result := &report.Rules[i]
		fmt.Fprintln(w, result.ID)
		if result.SetupError != nil {
			fmt.Fprintf(w, "\t[ERROR] %s\n", result.SetupError)
		}
		if result.CoverageError != "" {
			fmt.Fprintf(w, "\t[FAIL] %s: %s\n", pack.Source(result.ID).Spec, result.CoverageError)
		}
		expected := map[string]bool{}
		for _, t := range rules[i].Tests {
			expected[t.Name] = t.ExpectedResult
		}
		for _, t := range result.Tests {
			printTest(w, t, expected[t.Name], result.SetupError != nil)
		}
		if !result.Passed() {
			failed = append(failed, result.ID)
		}
		fmt.Fprintln(w)
	}
	return failed
}

// functionOrder is the order test output shows functions in.
var functionOrder = []string{"rule", "title", "dedup", "alertContext", "severity", "description", "reference", "runbook", "destinations"}

func printTest(w io.Writer, t analysisapi.TestResult, expected, setupFailed bool) {
	if t.Passed {
		fmt.Fprintf(w, "\t[PASS] %s\n", t.Name)
		return
	}
	fmt.Fprintf(w, "\t[FAIL] %s\n", t.Name)
	switch {
	case setupFailed:
		fmt.Fprintln(w, "\t\tthe rule did not load (above)")
	case t.Error != nil:
		fmt.Fprintf(w, "\t\t%s\n", t.Error.Message)
	}
	if rule, ok := t.Functions["rule"]; ok && rule.Error == nil && rule.Output != nil {
		if got, err := strconv.ParseBool(*rule.Output); err == nil && got != expected {
			fmt.Fprintf(w, "\t\trule() returned %t, expected %t\n", got, expected)
		}
	}
	for _, name := range functionOrder {
		if f, ok := t.Functions[name]; ok && f.Error != nil {
			fmt.Fprintf(w, "\t\t%s(): %s\n", pythonName(name), f.Error.Message)
		}
	}
}

// pythonName is a result's function name as the rule's module spells it.
func pythonName(name string) string {
	if name == "alertContext" {
		return "alert_context"
	}
	return name
}

func printSummary(w io.Writer, paths []string, pack *analysis.Pack, rules []analysisapi.Rule, report *ruletest.Report, problems, failed []string) {
	passed, total := 0, 0
	for _, r := range report.Rules {
		for _, t := range r.Tests {
			total++
			if t.Passed {
				passed++
			}
		}
	}
	fmt.Fprintln(w, "Summary")
	fmt.Fprintf(w, "\tPath: %s\n", strings.Join(paths, ", "))
	fmt.Fprintf(w, "\tRules: %d tested of %d (globals %d, data models %d", len(rules), len(pack.Rules), len(pack.Globals), len(pack.DataModels))
	if len(pack.Policies) > 0 {
		fmt.Fprintf(w, "; %d policies not tested: they judge cloud resources, which this tool does not scan", len(pack.Policies))
	}
	fmt.Fprintln(w, ")")
	fmt.Fprintf(w, "\tTests: %d passed, %d failed\n", passed, total-passed)
	if len(failed) > 0 {
		fmt.Fprintln(w, "\tFailed rules:")
		for _, id := range failed {
			fmt.Fprintf(w, "\t\t%s (%s)\n", id, pack.Source(id).Spec)
		}
	}
	if len(problems) > 0 {
		fmt.Fprintf(w, "\tInvalid specs: %d problem(s)\n", len(problems))
		for _, line := range problems {
			fmt.Fprintf(w, "\t\t%s\n", line)
		}
	}
}

// runAnalysisZip writes a deterministic zip of a pack (its specs and Python files) for
// bulkUpload, after checking that the pack loads.
func runAnalysisZip(_ context.Context, args []string, stdout, stderr io.Writer) int {
	flags := flag.NewFlagSet("pantherctl analysis zip", flag.ContinueOnError)
	flags.SetOutput(stderr)
	out := flags.String("out", "", "the zip to write (default panther-analysis-<UTC time>.zip here; - for standard output)")
	paths, err := parseInterleaved(flags, args)
	if err != nil {
		return 2
	}
	if len(paths) != 1 {
		fmt.Fprintln(stderr, "pantherctl analysis zip: want one PATH, a folder of analysis specs")
		return 2
	}
	if info, err := os.Stat(paths[0]); err != nil || !info.IsDir() {
		fmt.Fprintf(stderr, "pantherctl analysis zip: %s is not a folder of analysis specs\n", paths[0])
		return 2
	}
	data, err := analysis.Zip(paths[0])
	if err != nil {
		fmt.Fprintf(stderr, "pantherctl analysis zip: %s does not load, so it is not zipped:\n%s\n", paths[0], err)
		return 1
	}
	if *out == "-" {
		_, err = stdout.Write(data)
	} else {
		if *out == "" {
			*out = "panther-analysis-" + time.Now().UTC().Format("2006-01-02T15-04-05") + ".zip"
		}
		err = os.WriteFile(*out, data, 0o644)
		if err == nil {
			fmt.Fprintf(stdout, "wrote %s (%d bytes)\n", *out, len(data))
		}
	}
	if err != nil {
		fmt.Fprintln(stderr, "pantherctl analysis zip:", err)
		return 1
	}
	return 0
}
