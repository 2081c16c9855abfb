package localaws

import (
	"sync"

	"github.com/panther-operator/panther-operator/internal/localaws/admin"
)

// requestLog keeps the most recent requests for the admin API, so tests can
// count the calls a client made.
type requestLog struct {
	mu      sync.Mutex
	limit   int
	records []admin.RequestRecord
}

func newRequestLog(limit int) *requestLog { return &requestLog{limit: limit} }

func (l *requestLog) add(r admin.RequestRecord) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.records) >= l.limit {
		// Drop the oldest half at once so appends stay amortised O(1).
		l.records = append(l.records[:0], l.records[len(l.records)/2:]...)
	}
	l.records = append(l.records, r)
}

func (l *requestLog) snapshot() []admin.RequestRecord {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]admin.RequestRecord(nil), l.records...)
}

func (l *requestLog) clear() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.records = nil
}
