// Package classify decides the log type of each line of a stream, as the original log
// processor did: the candidate types' parsers are tried in order of penalty (all start at 1;
// the type that parsed the last line is tried first), the first that accepts a line wins, and
// a line none accepts is counted and reported by its number, never by its content.
package classify

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/panther-operator/panther-operator/lambdas/logs/pantherlog"
	"github.com/panther-operator/panther-operator/lambdas/logs/parsers"
)

// Event is one normalized event of a classified line: its JSON (valid until the next
// Classify) and the time it is filed under (its event time, or the parse time).
type Event struct {
	JSON []byte
	Time time.Time
}

// Stats count what a classifier saw.
type Stats struct {
	Lines      int
	EmptyLines int
	Failures   int
	Events     map[string]int
}

// Source is the source integration the stream came from (both empty when there is none).
type Source struct {
	ID, Label string
}

// Classifier classifies the lines of one stream. It is not safe for concurrent use.
type Classifier struct {
	entries []*entry
	source  Source
	rowIDs  *pantherlog.RowIDs
	now     func() time.Time
	event   pantherlog.Event
	buf     []byte
	spans   []eventSpan
	events  []Event
	stats   Stats
}

type entry struct {
	name    string
	parser  parsers.Parser
	penalty int
}

type eventSpan struct {
	start, end int
	time       time.Time
}

// New returns a classifier over the candidate types, each with a parser for this stream.
// now is the clock of p_parse_time (time.Now when nil).
func New(candidates []*parsers.LogType, source Source, rowIDs *pantherlog.RowIDs, now func() time.Time) *Classifier {
	if now == nil {
		now = time.Now
	}
	c := &Classifier{source: source, rowIDs: rowIDs, now: now, stats: Stats{Events: map[string]int{}}}
	for _, lt := range candidates {
		c.entries = append(c.entries, &entry{name: lt.Name, parser: lt.NewParser(), penalty: 1})
	}
	return c
}

// Stats returns the counts so far.
func (c *Classifier) Stats() Stats { return c.stats }

// Classify parses one line (without its newline). It returns the winning log type and its
// events (none for an empty line, or for a header line a parser consumed).
func (c *Classifier) Classify(lineNumber int, line []byte) (string, []Event, error) {
	line = trim(line)
	c.stats.Lines++
	if len(line) == 0 {
		c.stats.EmptyLines++
		return "", nil, nil
	}
	parseTime := c.now().UTC()
	for i, e := range c.entries {
		if err := c.try(e, line, parseTime); err != nil {
			e.penalty++
			continue
		}
		e.penalty = 0
		c.reorder(i)
		c.stats.Events[e.name] += len(c.spans)
		return e.name, c.collect(), nil
	}
	c.stats.Failures++
	names := make([]string, len(c.entries))
	for i, e := range c.entries {
		names[i] = e.name
	}
	slices.SortStableFunc(c.entries, func(a, b *entry) int { return a.penalty - b.penalty })
	return "", nil, fmt.Errorf("line %d: no log type accepts it (tried %s)", lineNumber, strings.Join(names, ", "))
}

// try runs one parser over the line, collecting its events; a panic is a failure.
func (c *Classifier) try(e *entry, line []byte, parseTime time.Time) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("parser %s failed", e.name)
		}
	}()
	c.buf, c.spans = c.buf[:0], c.spans[:0]
	meta := pantherlog.Meta{LogType: e.name, ParseTime: parseTime, SourceID: c.source.ID, SourceLabel: c.source.Label}
	return e.parser.Parse(line, &c.event, func(ev *pantherlog.Event) {
		meta.RowID = c.rowIDs.Next()
		t := ev.EventTime()
		if t.IsZero() {
			t = parseTime
		}
		start := len(c.buf)
		c.buf = append(c.buf, ev.Finish(&meta)...)
		c.spans = append(c.spans, eventSpan{start, len(c.buf), t})
	})
}

// reorder moves the winner (now at penalty 0) first and keeps the others by penalty.
func (c *Classifier) reorder(winner int) {
	if winner == 0 {
		return
	}
	slices.SortStableFunc(c.entries, func(a, b *entry) int { return a.penalty - b.penalty })
}

func (c *Classifier) collect() []Event {
	c.events = c.events[:0]
	for _, s := range c.spans {
		c.events = append(c.events, Event{JSON: c.buf[s.start:s.end], Time: s.time})
	}
	return c.events
}

func trim(b []byte) []byte {
	for len(b) > 0 && (b[0] == ' ' || b[0] == '\t' || b[0] == '\r' || b[0] == '\n') {
		b = b[1:]
	}
	for len(b) > 0 && (b[len(b)-1] == ' ' || b[len(b)-1] == '\t' || b[len(b)-1] == '\r' || b[len(b)-1] == '\n') {
		b = b[:len(b)-1]
	}
	return b
}
