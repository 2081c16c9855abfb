package state

import (
	"sync"
	"time"

	"github.com/panther-operator/panther-operator/internal/localaws/admin"
)

// RequestLog keeps the most recent requests for the admin API, so tests can
// count the calls a client made.
//
// It holds up to a hundred thousand records, more than anything else a busy emulator keeps,
// so they are packed without pointers: their strings one after another in text and the rest
// in fixed-size entries. The garbage collector then has nothing to walk in them, where eight
// strings a record made every collection scan the whole log, and no record keeps alive the
// header it was cut from (an access key is a piece of the Authorization header).
type RequestLog struct {
	mu      sync.Mutex
	limit   int
	entries []packedRecord
	text    []byte
}

// packedRecord is an admin.RequestRecord whose strings are in the log's text, from start on
// in the order of recordStrings.
type packedRecord struct {
	time     int64 // Unix nanoseconds, in UTC
	duration time.Duration
	status   int
	mutating bool
	start    int
	lens     [8]uint32
}

// recordStrings are the string fields of a record, in the order text holds them.
func recordStrings(r *admin.RequestRecord) [8]*string {
	return [8]*string{&r.RequestID, &r.Service, &r.Operation, &r.Account, &r.Region,
		&r.AccessKeyID, &r.Resource, &r.ErrorCode}
}

// NewRequestLog keeps up to limit records.
func NewRequestLog(limit int) *RequestLog { return &RequestLog{limit: limit} }

// Add records a request. Its time is kept in UTC, as the emulator records it.
func (l *RequestLog) Add(r admin.RequestRecord) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.entries) >= l.limit {
		l.dropOldestHalf()
	}
	e := packedRecord{time: r.Time.UnixNano(), duration: r.Duration, status: r.Status,
		mutating: r.Mutating, start: len(l.text)}
	for i, s := range recordStrings(&r) {
		e.lens[i] = uint32(len(*s))
		l.text = append(l.text, *s...)
	}
	l.entries = append(l.entries, e)
}

// dropOldestHalf drops the oldest half of the records at once, so appends stay amortised
// O(1).
func (l *RequestLog) dropOldestHalf() {
	keep := l.entries[len(l.entries)/2:]
	base := 0
	if len(keep) > 0 {
		base = keep[0].start
	}
	l.text = append(l.text[:0], l.text[base:]...)
	l.entries = append(l.entries[:0], keep...)
	for i := range l.entries {
		l.entries[i].start -= base
	}
}

// Snapshot returns the records, oldest first.
func (l *RequestLog) Snapshot() []admin.RequestRecord {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.entries) == 0 {
		return nil
	}
	text := string(l.text) // one copy, which the records' strings share
	out := make([]admin.RequestRecord, len(l.entries))
	for i, e := range l.entries {
		r := &out[i]
		r.Time = time.Unix(0, e.time).UTC()
		r.Duration, r.Status, r.Mutating = e.duration, e.status, e.mutating
		at := e.start
		for j, s := range recordStrings(r) {
			*s = text[at : at+int(e.lens[j])]
			at += int(e.lens[j])
		}
	}
	return out
}

// Clear drops every record.
func (l *RequestLog) Clear() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.entries, l.text = nil, nil
}
