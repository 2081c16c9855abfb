package rulesengine_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/panther-operator/panther-operator/internal/testenv"
	"github.com/panther-operator/panther-operator/lambdas/analysis"
	"github.com/panther-operator/panther-operator/lambdas/api/analysisapi"
)

// BenchmarkRulesEngine100Rules measures events per second on one core with 100 rules loaded:
// our pack's rules, cloned under new IDs until there are 100, over the golden events of their
// log types (the normalized events the log processor writes).
func BenchmarkRulesEngine100Rules(b *testing.B) {
	root := testenv.RepoRoot()
	pack, err := analysis.LoadDir(filepath.Join(root, "detections"))
	if err != nil {
		b.Fatal(err)
	}
	var rules []analysisapi.Rule
	for i := 0; len(rules) < 100; i++ {
		r := pack.Rules[i%len(pack.Rules)]
		r.ID = fmt.Sprintf("%s.%d", r.ID, i)
		rules = append(rules, r)
	}
	type event struct {
		LogType string         `json:"logType"`
		Event   map[string]any `json:"event"`
	}
	var events []event
	for _, lt := range logTypesOf(rules) {
		f, err := os.Open(filepath.Join(root, "lambdas", "logs", "logtypes", "testdata", lt+".golden.jsonl"))
		if err != nil {
			continue // a log type without golden events adds rules, not events
		}
		scanner := bufio.NewScanner(f)
		scanner.Buffer(nil, 1<<20)
		for scanner.Scan() {
			var e map[string]any
			if json.Unmarshal(scanner.Bytes(), &e) == nil {
				events = append(events, event{LogType: lt, Event: e})
			}
		}
		_ = f.Close()
	}
	if len(events) == 0 {
		b.Fatal("no golden events for the pack's log types")
	}
	doc, _ := json.Marshal(map[string]any{"rules": rules, "globals": pack.Globals, "dataModels": pack.DataModels,
		"events": events, "passes": max(1, 20000*b.N/len(events))})
	cmd := exec.CommandContext(b.Context(), "python3", filepath.Join("tests", "bench_engine.py"))
	cmd.Env = append(os.Environ(), "PYTHONPATH=.")
	cmd.Stdin = bytes.NewReader(doc)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		b.Fatalf("%v: %s", err, stderr.String())
	}
	var result struct {
		Events  int     `json:"events"`
		Seconds float64 `json:"seconds"`
		Matches int     `json:"matches"`
	}
	if err := json.Unmarshal(out, &result); err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(result.Events)/result.Seconds, "events/s")
	b.ReportMetric(float64(result.Matches)/float64(result.Events), "matches/event")
}

func logTypesOf(rules []analysisapi.Rule) []string {
	seen := map[string]bool{}
	var out []string
	for _, r := range rules {
		for _, lt := range r.LogTypes {
			if !seen[lt] {
				seen[lt] = true
				out = append(out, lt)
			}
		}
	}
	return out
}
