package metrics

import (
	"testing"
	"time"
)

func TestWindowsAlignToTheEpoch(t *testing.T) {
	tests := []struct {
		name      string
		from, to  time.Time
		period    time.Duration
		start     time.Time
		intervals int
	}{
		{"aligned", time.Unix(3600, 0), time.Unix(7200, 0), 15 * time.Minute, time.Unix(3600, 0), 4},
		{"widened", time.Unix(3600+61, 5), time.Unix(7200-1, 0), 15 * time.Minute, time.Unix(3600, 0), 4},
		{"7 minutes", time.Unix(1000, 0), time.Unix(1001, 0), 7 * time.Minute, time.Unix(840, 0), 1},
		{"before 1970", time.Unix(-61, 0), time.Unix(0, 0), time.Minute, time.Unix(-120, 0), 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWindow(tt.from.UTC(), tt.to.UTC(), tt.period)
			if !w.start.Equal(tt.start) || w.n != tt.intervals {
				t.Fatalf("window from %s, %d intervals; want from %s, %d", w.start, w.n, tt.start.UTC(), tt.intervals)
			}
			if w.end().Before(tt.to) || w.start.After(tt.from) {
				t.Fatalf("window %s to %s does not cover %s to %s", w.start, w.end(), tt.from, tt.to)
			}
		})
	}
}

func TestPointsFallInTheirInterval(t *testing.T) {
	w := window{start: time.Unix(600, 0), period: time.Minute, n: 3}
	for at, want := range map[int64]int{599: -1, 600: 0, 659: 0, 660: 1, 779: 2, 780: -1} {
		i, ok := w.index(time.Unix(at, 0))
		if (want < 0 && ok) || (want >= 0 && (!ok || i != want)) {
			t.Errorf("%d: index %d, %v; want %d", at, i, ok, want)
		}
	}
	if p := w.previous(); !p.start.Equal(time.Unix(420, 0)) || p.n != 3 {
		t.Errorf("previous %+v", p)
	}
	if both := w.withPrevious(); !both.start.Equal(time.Unix(420, 0)) || both.n != 6 {
		t.Errorf("with previous %+v", both)
	}
}
