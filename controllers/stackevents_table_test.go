package controllers

import (
	"testing"
	"time"
)

func TestChangeSetWaitBacksOffWithTheChangeSetsAge(t *testing.T) {
	now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	progress := 10 * time.Second
	for _, tt := range []struct {
		name    string
		created time.Time
		want    time.Duration
	}{
		{"unknown creation time", time.Time{}, changeSetFirstLook},
		{"just created", now.Add(-50 * time.Millisecond), changeSetFirstLook},
		{"clock skew puts it in the future", now.Add(time.Second), changeSetFirstLook},
		{"as long as it has taken", now.Add(-3 * time.Second), 3 * time.Second},
		{"capped at the progress interval", now.Add(-time.Minute), progress},
	} {
		if got := changeSetWait(tt.created, now, progress); got != tt.want {
			t.Errorf("%s: changeSetWait = %v, want %v", tt.name, got, tt.want)
		}
	}
}
