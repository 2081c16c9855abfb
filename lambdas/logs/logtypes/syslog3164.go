package logtypes

import (
	"bytes"
	"errors"
	"strconv"
	"time"

	"github.com/panther-operator/panther-operator/lambdas/logs/pantherlog"
	"github.com/panther-operator/panther-operator/lambdas/logs/parsers"
)

var _ = registerNative("Syslog.RFC3164", syslog3164)

var errNotSyslog3164 = errors.New("syslog: not an RFC 3164 message")

// syslog3164Now is the parse time a timestamp's missing year is inferred from (tests fix it).
var syslog3164Now = time.Now

// syslog3164 reads BSD syslog messages (RFC 3164): [<PRI>]Mmm dd hh:mm:ss HOSTNAME
// TAG[PID]: MSG. PRI is optional; a message whose content does not start with a TAG and a
// colon has no appname and is all message.
//
// The timestamp has no year and no zone: it is read as UTC, in the year that puts it closest
// to the parse time without being more than a day after it (so "Dec 31 23:59:59" read on
// January 1st is last year's, and a clock a few hours ahead is tolerated).
func syslog3164(fields *parsers.Fields) (func() parsers.Parser, error) {
	return func() parsers.Parser { return &syslog3164Parser{dec: fields.Decoder()} }, nil
}

type syslog3164Parser struct {
	dec               *parsers.Decoder
	ts, pri, fac, sev []byte
}

func (p *syslog3164Parser) Parse(line []byte, e *pantherlog.Event, emit func(*pantherlog.Event)) error {
	pri, rest := -1, line
	if len(line) > 0 && line[0] == '<' {
		var ok bool
		if pri, rest, ok = readPriority(line); !ok {
			return errNotSyslog3164
		}
	}
	t, ok := stamp3164(rest, syslog3164Now())
	if !ok {
		return errNotSyslog3164
	}
	rest = rest[16:]
	host, rest, _ := bytes.Cut(rest, []byte(" "))
	if len(host) == 0 {
		return errNotSyslog3164
	}
	tag, pid, msg := splitTag(rest)
	p.ts = t.AppendFormat(p.ts[:0], time.RFC3339)
	fields := [...]textField{
		{"priority", nil}, {"facility", nil}, {"severity", nil}, {"timestamp", p.ts},
		{"hostname", host}, {"appname", tag}, {"procid", pid}, {"message", msg},
	}
	if pri >= 0 {
		p.pri = strconv.AppendInt(p.pri[:0], int64(pri), 10)
		p.fac = strconv.AppendInt(p.fac[:0], int64(pri/8), 10)
		p.sev = strconv.AppendInt(p.sev[:0], int64(pri%8), 10)
		fields[0].value, fields[1].value, fields[2].value = p.pri, p.fac, p.sev
	}
	e.Reset()
	for _, f := range fields {
		if err := p.dec.SetText(e, f.name, f.value); err != nil {
			return err
		}
	}
	emit(e)
	return nil
}

// textField is a field's name and its text (nil for none).
type textField struct {
	name  string
	value []byte
}

var months3164 = map[string]time.Month{
	"Jan": time.January, "Feb": time.February, "Mar": time.March, "Apr": time.April,
	"May": time.May, "Jun": time.June, "Jul": time.July, "Aug": time.August,
	"Sep": time.September, "Oct": time.October, "Nov": time.November, "Dec": time.December,
}

// stamp3164 reads "Mmm dd hh:mm:ss " (the day padded with a space or a zero) and gives it
// the year closest to now and not more than a day after it.
func stamp3164(v []byte, now time.Time) (time.Time, bool) {
	if len(v) < 16 || v[3] != ' ' || v[6] != ' ' || v[15] != ' ' {
		return time.Time{}, false
	}
	month, ok := months3164[string(v[:3])]
	day, okDay := atoiDigits(bytes.TrimPrefix(v[4:6], []byte(" ")))
	clock, okClock := clock3164(v[7:15])
	if !ok || !okDay || !okClock || day < 1 || day > 31 {
		return time.Time{}, false
	}
	limit := now.UTC().Add(24 * time.Hour)
	// Going back from the limit's year, the first date that exists (February 29th needs a
	// leap year) and is not past the limit is the closest one.
	for year := limit.Year(); year >= limit.Year()-8; year-- {
		t := time.Date(year, month, day, 0, 0, 0, 0, time.UTC).Add(clock)
		if t.Day() == day && !t.After(limit) {
			return t, true
		}
	}
	return time.Time{}, false
}

// clock3164 reads hh:mm:ss.
func clock3164(v []byte) (time.Duration, bool) {
	if v[2] != ':' || v[5] != ':' {
		return 0, false
	}
	h, okH := atoiDigits(v[0:2])
	m, okM := atoiDigits(v[3:5])
	sec, okS := atoiDigits(v[6:8])
	if !okH || !okM || !okS || h > 23 || m > 59 || sec > 59 {
		return 0, false
	}
	return time.Duration(h)*time.Hour + time.Duration(m)*time.Minute + time.Duration(sec)*time.Second, true
}

func atoiDigits(v []byte) (int, bool) {
	n := 0
	for _, c := range v {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, len(v) > 0
}

// splitTag reads "TAG[PID]: MSG" or "TAG: MSG"; content of another shape is all message.
func splitTag(rest []byte) (tag, pid, msg []byte) {
	end := bytes.IndexAny(rest, " :[")
	if end <= 0 {
		return nil, nil, rest
	}
	tag, after := rest[:end], rest[end:]
	if after[0] == '[' {
		end := bytes.IndexByte(after, ']')
		if end < 2 {
			return nil, nil, rest
		}
		pid, after = after[1:end], after[end+1:]
	}
	if len(after) == 0 || after[0] != ':' {
		return nil, nil, rest
	}
	return tag, pid, bytes.TrimPrefix(after[1:], []byte(" "))
}
