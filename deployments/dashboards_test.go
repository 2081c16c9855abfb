package deployments

import (
	"encoding/json"
	"io/fs"
	"regexp"
	"slices"
	"strings"
	"testing"
)

var (
	functionNameLine = regexp.MustCompile(`(?m)^      FunctionName: (panther-[a-z0-9-]+)$`)
	// A function triggered by a queue, a stream or a schedule is part of the pipeline.
	triggeredFunction = regexp.MustCompile(`(?m)^      FunctionName: !(?:Ref|GetAtt) (\w+)`)
	dashboardFunction = regexp.MustCompile(`"FunctionName", "(panther-[a-z0-9-]+)"`)
)

// The dashboard shows every triggered function (the pipeline from the log to the delivered
// alert) and names only functions the templates declare, so a renamed or new function cannot
// fall off it.
func TestDashboardShowsThePipelinesFunctions(t *testing.T) {
	declared := map[string]bool{}  // function names
	logical := map[string]string{} // logical ID → function name
	var triggered []string
	err := fs.WalkDir(FS(), ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".yml") {
			return err
		}
		data, err := fs.ReadFile(FS(), path)
		if err != nil {
			return err
		}
		for id, block := range resourceBlocks(string(data)) {
			if m := functionNameLine.FindStringSubmatch(block); m != nil && strings.Contains(block, "Type: AWS::Lambda::Function\n") {
				declared[m[1]] = true
				logical[id] = m[1]
			}
			if strings.Contains(block, "Type: AWS::Lambda::EventSourceMapping") || strings.Contains(block, "Type: AWS::Events::Rule") {
				for _, m := range triggeredFunction.FindAllStringSubmatch(block, -1) {
					triggered = append(triggered, m[1])
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	data, err := fs.ReadFile(FS(), "dashboards.yml")
	if err != nil {
		t.Fatal(err)
	}
	// The body is the literal block after DashboardBody, indented by eight spaces.
	_, block, found := strings.Cut(string(data), "DashboardBody: !Sub |\n")
	if !found {
		t.Fatal("dashboards.yml has no DashboardBody literal block")
	}
	body := strings.ReplaceAll(block, "\n        ", "\n")
	if !json.Valid([]byte(strings.ReplaceAll(body, "${AWS::Region}", "us-east-1"))) {
		t.Fatalf("the dashboard body is not JSON:\n%s", body)
	}
	var shown []string
	for _, m := range dashboardFunction.FindAllStringSubmatch(body, -1) {
		shown = append(shown, m[1])
		if !declared[m[1]] {
			t.Errorf("the dashboard shows %s, which no template declares", m[1])
		}
	}
	if len(triggered) == 0 {
		t.Fatal("found no triggered function: the test reads the templates wrongly")
	}
	for _, id := range triggered {
		name, ok := logical[strings.TrimSuffix(id, ".Arn")]
		if !ok {
			t.Errorf("a trigger names %s, which is no function", id)
			continue
		}
		if !slices.Contains(shown, name) {
			t.Errorf("%s is triggered by a queue, stream or schedule but not on the dashboard", name)
		}
	}
}

var resourceStart = regexp.MustCompile(`(?m)^  ([A-Za-z0-9]+):\s*$`)

// resourceBlocks splits a template's text into its top-level entries (two-space indented
// keys) by logical ID.
func resourceBlocks(text string) map[string]string {
	out := map[string]string{}
	starts := resourceStart.FindAllStringSubmatchIndex(text, -1)
	for i, m := range starts {
		end := len(text)
		if i+1 < len(starts) {
			end = starts[i+1][0]
		}
		out[text[m[2]:m[3]]] = text[m[0]:end]
	}
	return out
}
