package events

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/panther-operator/panther-operator/internal/localaws/internal/wire"
)

// schedule is a parsed ScheduleExpression: rate(...) or cron(...).
type schedule struct {
	every time.Duration // a rate; zero for a cron
	cron  *cron
}

// parseSchedule reads EventBridge's schedule expressions, with EventBridge's messages.
func parseSchedule(expr string) (*schedule, error) {
	switch {
	case strings.HasPrefix(expr, "rate(") && strings.HasSuffix(expr, ")"):
		return parseRate(strings.TrimSuffix(strings.TrimPrefix(expr, "rate("), ")"))
	case strings.HasPrefix(expr, "cron(") && strings.HasSuffix(expr, ")"):
		c, err := parseCron(strings.TrimSuffix(strings.TrimPrefix(expr, "cron("), ")"))
		if err != nil {
			return nil, err
		}
		return &schedule{cron: c}, nil
	}
	return nil, invalidSchedule("")
}

func parseRate(body string) (*schedule, error) {
	fields := strings.Fields(body)
	if len(fields) != 2 {
		return nil, invalidSchedule("")
	}
	n, err := strconv.Atoi(fields[0])
	if err != nil || n < 1 {
		return nil, invalidSchedule("")
	}
	units := map[string]time.Duration{"minute": time.Minute, "minutes": time.Minute, "hour": time.Hour,
		"hours": time.Hour, "day": 24 * time.Hour, "days": 24 * time.Hour}
	unit, ok := units[fields[1]]
	if singular := !strings.HasSuffix(fields[1], "s"); !ok || (n == 1) != singular {
		return nil, invalidSchedule("")
	}
	return &schedule{every: time.Duration(n) * unit}, nil
}

// next is the first firing strictly after t.
func (s *schedule) next(created, t time.Time) time.Time {
	if s.every > 0 {
		periods := t.Sub(created)/s.every + 1
		return created.Add(periods * s.every)
	}
	return s.cron.next(t)
}

// cron is EventBridge's six-field cron: minutes hours day-of-month month day-of-week year,
// in UTC. Each field is a set of allowed values; '?' is like '*'.
type cron struct {
	minutes, hours, days, months, weekdays, years map[int]bool
}

func parseCron(body string) (*cron, error) {
	f := strings.Fields(body)
	if len(f) != 6 {
		return nil, invalidSchedule("a cron expression has six fields (minutes hours day-of-month month day-of-week year)")
	}
	var c cron
	var err error
	specs := []struct {
		field    string
		min, max int
		names    []string
		out      *map[int]bool
	}{
		{f[0], 0, 59, nil, &c.minutes}, {f[1], 0, 23, nil, &c.hours}, {f[2], 1, 31, nil, &c.days},
		{f[3], 1, 12, []string{"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"}, &c.months},
		{f[4], 1, 7, []string{"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"}, &c.weekdays}, {f[5], 1970, 2199, nil, &c.years},
	}
	for _, s := range specs {
		if *s.out, err = cronField(s.field, s.min, s.max, s.names); err != nil {
			return nil, err
		}
	}
	if f[2] != "?" && f[4] != "?" {
		return nil, invalidSchedule("one of day-of-month and day-of-week must be '?'")
	}
	return &c, nil
}

// cronField expands one field: *, ?, values, names, ranges a-b, steps x/n and lists.
func cronField(field string, lo, hi int, names []string) (map[int]bool, error) {
	set := map[int]bool{}
	for _, part := range strings.Split(field, ",") {
		step := 1
		if base, s, ok := strings.Cut(part, "/"); ok {
			n, err := strconv.Atoi(s)
			if err != nil || n < 1 {
				return nil, invalidSchedule(fmt.Sprintf("bad step in %q", field))
			}
			part, step = base, n
		}
		from, to := lo, hi
		switch {
		case part == "*" || part == "?":
		case strings.Contains(part, "-"):
			a, b, _ := strings.Cut(part, "-")
			var err1, err2 error
			from, err1 = cronValue(a, lo, names)
			to, err2 = cronValue(b, lo, names)
			if err1 != nil || err2 != nil {
				return nil, invalidSchedule(fmt.Sprintf("%q (L, W and # are not supported here)", field))
			}
		default:
			v, err := cronValue(part, lo, names)
			if err != nil {
				return nil, invalidSchedule(fmt.Sprintf("%q (L, W and # are not supported here)", field))
			}
			from = v
			if step == 1 {
				to = v
			}
		}
		if from < lo || to > hi || from > to {
			return nil, invalidSchedule(fmt.Sprintf("%q is out of range", field))
		}
		for v := from; v <= to; v += step {
			set[v] = true
		}
	}
	return set, nil
}

func cronValue(s string, lo int, names []string) (int, error) {
	for i, n := range names {
		if strings.EqualFold(s, n) {
			return lo + i, nil
		}
	}
	return strconv.Atoi(s)
}

// next finds the first minute after t the expression allows, within ten years.
func (c *cron) next(t time.Time) time.Time {
	t = t.UTC().Truncate(time.Minute).Add(time.Minute)
	for limit := t.AddDate(10, 0, 0); t.Before(limit); {
		switch {
		case !c.years[t.Year()]:
			t = time.Date(t.Year()+1, 1, 1, 0, 0, 0, 0, time.UTC)
		case !c.months[int(t.Month())]:
			t = time.Date(t.Year(), t.Month()+1, 1, 0, 0, 0, 0, time.UTC)
		case !c.days[t.Day()] || !c.weekdays[int(t.Weekday())+1]:
			t = time.Date(t.Year(), t.Month(), t.Day()+1, 0, 0, 0, 0, time.UTC)
		case !c.hours[t.Hour()]:
			t = t.Truncate(time.Hour).Add(time.Hour)
		case !c.minutes[t.Minute()]:
			t = t.Add(time.Minute)
		default:
			return t
		}
	}
	return time.Time{}
}

// invalidSchedule is EventBridge's answer for a bad ScheduleExpression, with what is wrong.
func invalidSchedule(detail string) error {
	message := "Parameter ScheduleExpression is not valid."
	if detail != "" {
		message = "Parameter ScheduleExpression is not valid: " + detail + "."
	}
	return wire.NewError(http.StatusBadRequest, "ValidationException", "%s", message)
}
