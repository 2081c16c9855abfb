package pantherlog

import (
	"bytes"
	"slices"
	"time"
	"unicode/utf8"
	"unsafe"
)

// Event is one normalized event being built. A parser appends the event's own members with
// Key and the Append* helpers (or writes Buf directly), adds indicators and the event time,
// and Finish closes the object with the p_ fields.
type Event struct {
	// Buf holds "{" and the members written so far, each followed by a comma.
	Buf []byte
	// arena holds the indicator values; spans index it per kind.
	arena     []byte
	spans     [numKinds][]span
	eventTime time.Time
	timeRank  int
}

type span struct{ start, end int }

// Reset starts a new event, keeping the buffers.
func (e *Event) Reset() {
	e.Buf = append(e.Buf[:0], '{')
	e.arena = e.arena[:0]
	for k := range e.spans {
		e.spans[k] = e.spans[k][:0]
	}
	e.eventTime, e.timeRank = time.Time{}, 0
}

// AddIndicator records one indicator value.
func (e *Event) AddIndicator(kind Kind, v string) {
	if v == "" {
		return
	}
	start := len(e.arena)
	e.arena = append(e.arena, v...)
	e.spans[kind] = append(e.spans[kind], span{start, len(e.arena)})
}

// SetEventTime offers t as the event time. rank orders the schema's event-time fields: the
// lowest-ranked non-zero one wins, whatever order the line gave them in.
func (e *Event) SetEventTime(t time.Time, rank int) {
	if t.IsZero() {
		return
	}
	if e.eventTime.IsZero() || rank < e.timeRank {
		e.eventTime, e.timeRank = t, rank
	}
}

// EventTime is the event time found so far (zero when none).
func (e *Event) EventTime() time.Time { return e.eventTime }

// Meta is what Finish writes besides the event's own fields.
type Meta struct {
	LogType     string
	RowID       string
	ParseTime   time.Time
	SourceID    string
	SourceLabel string
}

// Finish appends the p_ fields and the indicator fields to the event and returns the event's
// JSON (valid until the next Reset).
func (e *Event) Finish(m *Meta) []byte {
	b := e.Buf
	b = AppendString(append(b, `"p_log_type":`...), m.LogType)
	b = AppendString(append(b, `,"p_row_id":`...), m.RowID)
	eventTime := e.eventTime
	if eventTime.IsZero() {
		eventTime = m.ParseTime
	}
	b = append(AppendGlueTime(append(b, `,"p_event_time":"`...), eventTime), '"')
	b = append(AppendGlueTime(append(b, `,"p_parse_time":"`...), m.ParseTime), '"')
	if m.SourceID != "" {
		b = AppendString(append(b, `,"p_source_id":`...), m.SourceID)
	}
	if m.SourceLabel != "" {
		b = AppendString(append(b, `,"p_source_label":`...), m.SourceLabel)
	}
	for k := range e.spans {
		b = e.appendIndicators(b, Kind(k))
	}
	e.Buf = append(b, '}')
	return e.Buf
}

// appendIndicators writes one p_any_* field: sorted, deduplicated, left out when empty.
func (e *Event) appendIndicators(b []byte, kind Kind) []byte {
	spans := e.spans[kind]
	if len(spans) == 0 {
		return b
	}
	value := func(s span) []byte { return e.arena[s.start:s.end] }
	slices.SortFunc(spans, func(x, y span) int { return bytes.Compare(value(x), value(y)) })
	b = append(append(append(b, `,"`...), KindFields[kind]...), `":[`...)
	for i, s := range spans {
		if i > 0 {
			if bytes.Equal(value(s), value(spans[i-1])) {
				continue
			}
			b = append(b, ',')
		}
		b = AppendStringBytes(b, value(s))
	}
	return append(b, ']')
}

// Indicators returns the sorted, deduplicated values of one kind (for tests and rules).
func (e *Event) Indicators(kind Kind) []string {
	var out []string
	for _, s := range e.spans[kind] {
		out = append(out, string(e.arena[s.start:s.end]))
	}
	slices.Sort(out)
	return slices.Compact(out)
}

const hexDigits = "0123456789abcdef"

// AppendString appends s as a JSON string.
func AppendString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < utf8.RuneSelf {
			i++
			continue
		}
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size == 1 {
				b = append(append(b, s[start:i]...), `\ufffd`...)
				i++
				start = i
				continue
			}
			i += size
			continue
		}
		b = append(b, s[start:i]...)
		switch c {
		case '"', '\\':
			b = append(b, '\\', c)
		case '\n':
			b = append(b, '\\', 'n')
		case '\r':
			b = append(b, '\\', 'r')
		case '\t':
			b = append(b, '\\', 't')
		default:
			b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
		}
		i++
		start = i
	}
	return append(append(b, s[start:]...), '"')
}

// AppendStringBytes appends s as a JSON string, without copying s into a string first.
func AppendStringBytes(b []byte, s []byte) []byte {
	if len(s) == 0 {
		return append(b, '"', '"')
	}
	return AppendString(b, unsafe.String(&s[0], len(s)))
}
