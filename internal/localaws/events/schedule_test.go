package events

import (
	"testing"
	"time"
)

func TestScheduleNext(t *testing.T) {
	created := time.Date(2026, 12, 1, 10, 0, 30, 0, time.UTC)
	tests := []struct {
		name, expr, reason string
		after              time.Time
		want               time.Time
	}{
		{"rate", "rate(5 minutes)", "rates count from the rule's creation", created.Add(time.Minute), created.Add(5 * time.Minute)},
		{"rate after several periods", "rate(1 hour)", "the next period boundary after now", created.Add(150 * time.Minute), created.Add(3 * time.Hour)},
		{"daily cron", "cron(0 12 * * ? *)", "noon UTC every day", created, time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)},
		{"every 15 minutes", "cron(0/15 * * * ? *)", "steps from the first value", created, time.Date(2026, 12, 1, 10, 15, 0, 0, time.UTC)},
		{"weekdays", "cron(30 9 ? * MON-FRI *)", "2026-12-05 is a Saturday, so Monday the 7th", time.Date(2026, 12, 4, 10, 0, 0, 0, time.UTC), time.Date(2026, 12, 7, 9, 30, 0, 0, time.UTC)},
		{"first of the month", "cron(0 0 1 * ? *)", "midnight on the first", created, time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := parseSchedule(tt.expr)
			if err != nil {
				t.Fatal(err)
			}
			if got := s.next(created, tt.after); !got.Equal(tt.want) {
				t.Errorf("next(%s) = %s, want %s (%s)", tt.after, got, tt.want, tt.reason)
			}
		})
	}
}

func TestScheduleRefusals(t *testing.T) {
	for _, expr := range []string{"rate(1 minutes)", "rate(5 minute)", "rate(0 minutes)", "rate(five minutes)", "cron(0 12 * * * *)",
		"cron(0 12 * *)", "cron(0 12 L * ? *)", "every day", "cron(61 * * * ? *)"} {
		if _, err := parseSchedule(expr); err == nil {
			t.Errorf("%q was accepted", expr)
		}
	}
}

func TestPatternMatching(t *testing.T) {
	event := map[string]any{"source": "aws.cloudformation", "detail-type": "CloudFormation Stack Status Change",
		"detail":    map[string]any{"status-details": map[string]any{"status": "CREATE_COMPLETE"}, "count": float64(7)},
		"resources": []any{"arn:aws:cloudformation:us-east-1:0:stack/panther-core/1"}}
	tests := []struct {
		name    string
		pattern map[string]any
		want    bool
	}{
		{"exact", map[string]any{"source": []any{"aws.cloudformation"}}, true},
		{"one of several", map[string]any{"source": []any{"aws.s3", "aws.cloudformation"}}, true},
		{"other source", map[string]any{"source": []any{"aws.s3"}}, false},
		{"nested", map[string]any{"detail": map[string]any{"status-details": map[string]any{"status": []any{"CREATE_COMPLETE"}}}}, true},
		{"prefix in a list value", map[string]any{"resources": []any{map[string]any{"prefix": "arn:aws:cloudformation:"}}}, true},
		{"anything-but", map[string]any{"detail": map[string]any{"status-details": map[string]any{"status": []any{map[string]any{"anything-but": []any{"CREATE_COMPLETE"}}}}}}, false},
		{"numeric", map[string]any{"detail": map[string]any{"count": []any{map[string]any{"numeric": []any{">", float64(5), "<=", float64(7)}}}}}, true},
		{"exists false", map[string]any{"detail": map[string]any{"missing": []any{map[string]any{"exists": false}}}}, true},
		{"exists true on a missing key", map[string]any{"detail": map[string]any{"missing": []any{map[string]any{"exists": true}}}}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := matches(tt.pattern, event); got != tt.want {
				t.Errorf("matches = %v, want %v", got, tt.want)
			}
		})
	}
}
