package classify_test

import (
	"strings"
	"testing"
	"time"

	"github.com/panther-operator/panther-operator/lambdas/logs/classify"
	"github.com/panther-operator/panther-operator/lambdas/logs/logschema"
	"github.com/panther-operator/panther-operator/lambdas/logs/logtypes"
	"github.com/panther-operator/panther-operator/lambdas/logs/pantherlog"
	"github.com/panther-operator/panther-operator/lambdas/logs/parsers"
)

func natives(t *testing.T, names ...string) []*parsers.LogType {
	t.Helper()
	reg, err := logtypes.Native()
	if err != nil {
		t.Fatal(err)
	}
	var out []*parsers.LogType
	for _, n := range names {
		lt, ok := reg.Get(n)
		if !ok {
			t.Fatalf("no %s", n)
		}
		out = append(out, lt)
	}
	return out
}

// panicking is a log type whose parser panics on every line.
func panicking(t *testing.T) *parsers.LogType {
	s, err := logschema.Load([]byte("schema: Custom.Panics\nparser: {native: {name: panics}}\nfields: [{name: a, type: string}]\n"))
	if err != nil {
		t.Fatal(err)
	}
	lt, err := parsers.Compile(s, map[string]parsers.NativeFactory{"panics": func(*parsers.Fields) (func() parsers.Parser, error) {
		return func() parsers.Parser { return panicParser{} }, nil
	}})
	if err != nil {
		t.Fatal(err)
	}
	return lt
}

type panicParser struct{}

func (panicParser) Parse([]byte, *pantherlog.Event, func(*pantherlog.Event)) error { panic("boom") }

func TestClassifierPicksTheTypeThatAcceptsEachLine(t *testing.T) {
	clock := func() time.Time { return time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC) }
	candidates := append([]*parsers.LogType{panicking(t)}, natives(t, "Syslog.RFC5424", "AWS.CloudTrail")...)
	c := classify.New(candidates, classify.Source{ID: "src-1", Label: "prod"}, pantherlog.NewRowIDs([6]byte{1}, clock()), clock)
	lines := []string{
		`{"eventTime":"2026-04-30T10:00:00Z","eventSource":"s3.amazonaws.com","eventName":"GetObject"}`,
		`<13>1 2026-04-30T11:00:00Z host app - - - hello`,
		"   ",
		`{"Records":[{"eventTime":"2026-04-30T12:00:00Z","eventSource":"a","eventName":"B"},{"eventTime":"2026-04-30T13:00:00Z","eventSource":"c","eventName":"D"}]}`,
		`secret-token=hunter2 not a log line`,
	}
	var got []string
	for i, line := range lines {
		logType, events, err := c.Classify(i+1, []byte(line))
		if err != nil {
			got = append(got, "error: "+err.Error())
			if strings.Contains(err.Error(), "hunter2") {
				t.Fatal("the error shows the line's content")
			}
			continue
		}
		for _, e := range events {
			if !strings.Contains(string(e.JSON), `"p_source_id":"src-1","p_source_label":"prod"`) {
				t.Errorf("no source fields: %s", e.JSON)
			}
			got = append(got, logType+" "+e.Time.Format(time.RFC3339))
		}
	}
	want := []string{
		"AWS.CloudTrail 2026-04-30T10:00:00Z",
		"Syslog.RFC5424 2026-04-30T11:00:00Z",
		"AWS.CloudTrail 2026-04-30T12:00:00Z",
		"AWS.CloudTrail 2026-04-30T13:00:00Z",
		"error: line 5: no log type accepts it (tried AWS.CloudTrail, Syslog.RFC5424, Custom.Panics)",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	s := c.Stats()
	if s.Lines != 5 || s.EmptyLines != 1 || s.Failures != 1 || s.Events["AWS.CloudTrail"] != 3 || s.Events["Syslog.RFC5424"] != 1 {
		t.Fatalf("stats %+v", s)
	}
}
