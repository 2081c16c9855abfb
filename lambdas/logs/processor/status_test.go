package processor_test

import (
	"context"
	"testing"
	"time"

	"github.com/panther-operator/panther-operator/lambdas/logs/processor"
)

type recordedStatus struct{ calls []string }

func (r *recordedStatus) UpdateStatus(_ context.Context, id string, at time.Time) error {
	r.calls = append(r.calls, id+"@"+at.Format("15:04:05"))
	return nil
}

func TestSourceStatusIsWrittenAtMostOnceAMinute(t *testing.T) {
	now := time.Date(2026, 1, 1, 10, 0, 0, 0, time.UTC)
	s := processor.NewSources(staticSources{}, func() time.Time { return now })
	rec := &recordedStatus{}
	s.Status = rec
	ctx := context.Background()
	for _, step := range []time.Duration{0, 10 * time.Second, 50 * time.Second, 0} {
		now = now.Add(step)
		if err := s.Received(ctx, "a"); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Received(ctx, "b"); err != nil {
		t.Fatal(err)
	}
	want := "a@10:00:00 a@10:01:00 b@10:01:00"
	got := ""
	for i, c := range rec.calls {
		if i > 0 {
			got += " "
		}
		got += c
	}
	if got != want {
		t.Fatalf("calls %q, want %q", got, want)
	}
}
