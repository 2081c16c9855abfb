package logtypes

import (
	"testing"
	"time"
)

// The golden outputs are parsed as of the golden test's parse time.
func init() {
	syslog3164Now = func() time.Time { return time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC) }
}

func TestSyslog3164YearIsClosestToTheParseTime(t *testing.T) {
	cases := []struct{ now, stamp, want string }{
		{"2026-06-15T12:00:00Z", "Jun 15 11:00:00 ", "2026-06-15T11:00:00Z"},
		{"2026-06-15T12:00:00Z", "Jun 16 11:00:00 ", "2026-06-16T11:00:00Z"},
		{"2026-06-15T12:00:00Z", "Jun 16 13:00:00 ", "2025-06-16T13:00:00Z"},
		{"2026-01-01T00:10:00Z", "Dec 31 23:59:59 ", "2025-12-31T23:59:59Z"},
		{"2025-12-31T23:30:00Z", "Jan  1 00:10:00 ", "2026-01-01T00:10:00Z"},
		{"2026-03-01T00:00:00Z", "Feb 29 08:00:00 ", "2024-02-29T08:00:00Z"},
		{"2028-03-01T00:00:00Z", "Feb 29 08:00:00 ", "2028-02-29T08:00:00Z"},
		{"2026-06-15T12:00:00Z", "Jun 05 11:00:00 ", "2026-06-05T11:00:00Z"},
	}
	for _, c := range cases {
		now, _ := time.Parse(time.RFC3339, c.now)
		got, ok := stamp3164([]byte(c.stamp), now)
		if !ok || got.Format(time.RFC3339) != c.want {
			t.Errorf("%q at %s: got %s %v, want %s", c.stamp, c.now, got.Format(time.RFC3339), ok, c.want)
		}
	}
	for _, bad := range []string{"Foo 15 11:00:00 ", "Jun 32 11:00:00 ", "Jun 15 24:00:00 ", "Jun 15 11:00:00", "Feb 30 11:00:00 ", "2026-06-15T11:00:00Z "} {
		if _, ok := stamp3164([]byte(bad), time.Now()); ok {
			t.Errorf("%q: accepted", bad)
		}
	}
}
