package classify_test

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/panther-operator/panther-operator/lambdas/logs/classify"
	"github.com/panther-operator/panther-operator/lambdas/logs/logtypes"
	"github.com/panther-operator/panther-operator/lambdas/logs/pantherlog"
	"github.com/panther-operator/panther-operator/lambdas/logs/parsers"
)

// FuzzClassify feeds arbitrary lines to a classifier over every native type: no input may
// panic it, and memory stays bounded by the line (the heap after a line is checked against a
// generous multiple of its size). The seeds are the golden inputs.
func FuzzClassify(f *testing.F) {
	inputs, _ := filepath.Glob("../logtypes/testdata/*.log")
	for _, input := range inputs {
		data, err := os.ReadFile(input)
		if err != nil {
			f.Fatal(err)
		}
		for _, line := range splitLines(data) {
			f.Add(line)
		}
	}
	f.Add([]byte(`{"Records":[{"eventTime":"2026-01-01T00:00:00Z","eventSource":"a","eventName":"b"},`))
	f.Add([]byte(`<13>1 - - - - - [a b="\]`))
	reg, err := logtypes.Native()
	if err != nil {
		f.Fatal(err)
	}
	var all []*parsers.LogType
	for _, name := range reg.Names() {
		lt, _ := reg.Get(name)
		all = append(all, lt)
	}
	clock := func() time.Time { return time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC) }
	c := classify.New(all, classify.Source{}, pantherlog.NewRowIDs([6]byte{}, clock()), clock)
	n := 0
	f.Fuzz(func(t *testing.T, line []byte) {
		n++
		_, events, _ := c.Classify(n, line)
		out := 0
		for _, e := range events {
			out += len(e.JSON)
		}
		// An event is the line's values plus bounded additions (p_ fields, escapes that at most
		// multiply a byte by six, indicators that repeat values).
		if out > 64*len(line)+64*1024 {
			t.Fatalf("%d bytes of events from a %d-byte line", out, len(line))
		}
		if n%512 == 0 {
			var m runtime.MemStats
			runtime.ReadMemStats(&m)
			if m.HeapInuse > 1<<30 {
				t.Fatalf("heap in use %d MiB", m.HeapInuse>>20)
			}
		}
	})
}

func splitLines(data []byte) [][]byte {
	var out [][]byte
	start := 0
	for i, c := range data {
		if c == '\n' {
			if i > start {
				out = append(out, data[start:i])
			}
			start = i + 1
		}
	}
	if start < len(data) {
		out = append(out, data[start:])
	}
	return out
}
