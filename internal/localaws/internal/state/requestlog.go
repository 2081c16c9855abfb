package state

import (
	"sync"

	"github.com/panther-operator/panther-operator/internal/localaws/admin"
)

// RequestLog keeps the most recent requests for the admin API, so tests can
// count the calls a client made.
type RequestLog struct {
	mu      sync.Mutex
	limit   int
	records []admin.RequestRecord
}

// NewRequestLog keeps up to limit records.
func NewRequestLog(limit int) *RequestLog { return &RequestLog{limit: limit} }

// Add records a request.
func (l *RequestLog) Add(r admin.RequestRecord) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.records) >= l.limit {
		// Drop the oldest half at once so appends stay amortised O(1).
		l.records = append(l.records[:0], l.records[len(l.records)/2:]...)
	}
	l.records = append(l.records, r)
}

// Snapshot returns the records, oldest first.
func (l *RequestLog) Snapshot() []admin.RequestRecord {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]admin.RequestRecord(nil), l.records...)
}

// Clear drops every record.
func (l *RequestLog) Clear() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.records = nil
}
