package classify_test

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"runtime"
	"syscall"
	"testing"
	"time"

	"github.com/panther-operator/panther-operator/lambdas/logs/classify"
	"github.com/panther-operator/panther-operator/lambdas/logs/pantherlog"
	"github.com/panther-operator/panther-operator/lambdas/logs/stream"
)

// sampleLines are the lines of a type's golden input that it accepts on their own (no header
// lines, no lines it rejects), each with its newline: the benchmark's raw data.
func sampleLines(b *testing.B, logType string) [][]byte {
	raw, err := os.ReadFile("../logtypes/testdata/" + logType + ".log")
	if err != nil {
		b.Skip(err)
	}
	lt := natives(&testing.T{}, logType)[0]
	var out [][]byte
	for _, line := range bytes.Split(raw, []byte("\n")) {
		events := 0
		var e pantherlog.Event
		if err := lt.NewParser().Parse(line, &e, func(*pantherlog.Event) { events++ }); err == nil && events > 0 {
			out = append(out, append(append([]byte{}, line...), '\n'))
		}
	}
	if len(out) == 0 {
		b.Skipf("no line of %s parses on its own", logType)
	}
	return out
}

// repeating is an endless stream of the lines, in turn, up to size bytes.
type repeating struct {
	lines [][]byte
	size  int64
	read  int64
	i     int
	rest  []byte
}

func (r *repeating) Read(p []byte) (int, error) {
	n := 0
	for n < len(p) && r.read < r.size {
		if len(r.rest) == 0 {
			r.rest = r.lines[r.i%len(r.lines)]
			r.i++
		}
		k := copy(p[n:], r.rest)
		if int64(k) > r.size-r.read {
			k = int(r.size - r.read)
		}
		r.rest, n, r.read = r.rest[k:], n+k, r.read+int64(k)
	}
	if n == 0 {
		return 0, io.EOF
	}
	return n, nil
}

// benchType parses a stream of the type's sample lines and reports MB/s of raw input and
// events/s; nothing is written anywhere.
func benchType(b *testing.B, logType string) {
	lines := sampleLines(b, logType)
	const chunk = 16 << 20
	candidates := natives(&testing.T{}, logType)
	events := 0
	b.SetBytes(chunk)
	b.ResetTimer()
	for b.Loop() {
		c := classify.New(candidates, classify.Source{ID: "s", Label: "l"}, pantherlog.NewRowIDs([6]byte{}, time.Now()), nil)
		f := &stream.Framer{}
		err := f.Lines(&repeating{lines: lines, size: chunk}, func(n int, line []byte) error {
			_, evs, _ := c.Classify(n, line)
			events += len(evs)
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(events)/b.Elapsed().Seconds(), "events/s")
}

func BenchmarkClassifyCloudTrail(b *testing.B) { benchType(b, "AWS.CloudTrail") }
func BenchmarkClassifyVPCFlow(b *testing.B)    { benchType(b, "AWS.VPCFlow") }
func BenchmarkClassifySyslog(b *testing.B)     { benchType(b, "Syslog.RFC5424") }

// BenchmarkClassifyMemory1GB parses 1 GiB of CloudTrail lines and reports the process's peak
// RSS: it must not grow with the input.
func BenchmarkClassifyMemory1GB(b *testing.B) {
	lines := sampleLines(b, "AWS.CloudTrail")
	candidates := natives(&testing.T{}, "AWS.CloudTrail")
	for b.Loop() {
		for _, size := range []int64{64 << 20, 1 << 30} {
			c := classify.New(candidates, classify.Source{}, pantherlog.NewRowIDs([6]byte{}, time.Now()), nil)
			f := &stream.Framer{}
			// The sample's rejected line is counted, not an error.
			if err := f.Lines(&repeating{lines: lines, size: size}, func(n int, line []byte) error {
				_, _, _ = c.Classify(n, line)
				return nil
			}); err != nil {
				b.Fatal(err)
			}
			runtime.GC()
			var ru syscall.Rusage
			_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
			b.ReportMetric(float64(ru.Maxrss)/1024, fmt.Sprintf("peakRSS-MB-after-%dMB", size>>20))
		}
	}
}
