package logtypes_test

import (
	"bufio"
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/panther-operator/panther-operator/lambdas/logs/logtypes"
	"github.com/panther-operator/panther-operator/lambdas/logs/pantherlog"
)

var update = flag.Bool("update", false, "rewrite the golden outputs from the parsers (review the diff)")

// goldenMeta fixes the fields that vary between runs.
var goldenMeta = pantherlog.Meta{RowID: "golden", ParseTime: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC),
	SourceID: "11111111-2222-4333-8444-555555555555", SourceLabel: "golden"}

// TestGolden parses testdata/<Type>.log with its type and compares the events, one JSON line
// each (or "error: ..." for a line the type rejects), with testdata/<Type>.golden.jsonl.
func TestGolden(t *testing.T) {
	reg, err := logtypes.Native()
	if err != nil {
		t.Fatal(err)
	}
	inputs, _ := filepath.Glob("testdata/*.log")
	for _, input := range inputs {
		name := strings.TrimSuffix(filepath.Base(input), ".log")
		t.Run(name, func(t *testing.T) {
			lt, ok := reg.Get(name)
			if !ok {
				t.Fatalf("%s names no native log type", input)
			}
			raw, err := os.ReadFile(input)
			if err != nil {
				t.Fatal(err)
			}
			p := lt.NewParser()
			var got bytes.Buffer
			var e pantherlog.Event
			m := goldenMeta
			m.LogType = name
			sc := bufio.NewScanner(bytes.NewReader(raw))
			sc.Buffer(nil, 1<<20)
			for sc.Scan() {
				line := bytes.TrimSpace(sc.Bytes())
				if len(line) == 0 {
					continue
				}
				if err := p.Parse(line, &e, func(e *pantherlog.Event) { got.Write(e.Finish(&m)); got.WriteByte('\n') }); err != nil {
					got.WriteString("error: " + err.Error() + "\n")
				}
			}
			golden := strings.TrimSuffix(input, ".log") + ".golden.jsonl"
			if *update {
				if err := os.WriteFile(golden, got.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./lambdas/logs/logtypes -update, then review the output)", err)
			}
			if !bytes.Equal(got.Bytes(), want) {
				t.Errorf("%s differs from the parser's output:\n%s", golden, lineDiff(string(want), got.String()))
			}
		})
	}
}

// lineDiff shows the first differing line of two outputs.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var a, b string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			b = g[i]
		}
		if a != b {
			return "line " + itoa(i+1) + "\nwant " + a + "\ngot  " + b
		}
	}
	return ""
}

func itoa(i int) string { return strconv.Itoa(i) }

// TestEveryNativeTypeHasGoldenData keeps the list honest: each native type has input lines.
func TestEveryNativeTypeHasGoldenData(t *testing.T) {
	reg, err := logtypes.Native()
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range reg.Names() {
		if _, err := os.Stat(filepath.Join("testdata", name+".log")); err != nil {
			t.Errorf("%s has no testdata/%s.log", name, name)
		}
	}
}
