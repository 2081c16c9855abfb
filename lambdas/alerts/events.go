package alerts

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/klauspost/compress/gzip"

	"github.com/panther-operator/panther-operator/lambdas/api/alertsapi"
	"github.com/panther-operator/panther-operator/lambdas/api/deliveryapi"
	"github.com/panther-operator/panther-operator/lambdas/logs/pantherlog"
)

// position is how far getAlert's pages have read one log type's events: the events up to
// line Line (exclusive, counted from 0) of object Key were returned, or all of them (Done).
type position struct {
	Key  string `json:"key,omitempty"`
	Line int    `json:"line,omitempty"`
	Done bool   `json:"done,omitempty"`
}

// eventsCursor is the events page token: a position per log type; a log type without one
// has not been read yet.
type eventsCursor map[string]position

func (a *API) getAlert(ctx context.Context, in *alertsapi.GetAlertInput) (*alertsapi.GetAlertOutput, error) {
	if in.AlertID == "" {
		return nil, invalid("alertId", "is required")
	}
	pageSize, err := pageSizeOf("eventsPageSize", in.EventsPageSize)
	if err != nil {
		return nil, err
	}
	cursor := eventsCursor{}
	if in.EventsExclusiveStartKey != nil {
		if err := decodeToken(*in.EventsExclusiveStartKey, &cursor); err != nil {
			return nil, invalid("eventsExclusiveStartKey", "is not a key this alert's events returned")
		}
	}
	alert, err := a.Store.GetAlert(ctx, in.AlertID)
	if errors.Is(err, ErrNotFound) {
		return nil, doesNotExist(in.AlertID)
	}
	if err != nil {
		return nil, err
	}
	page := &eventsPage{objects: a.Events, alertID: []byte(alert.ID), size: pageSize, cursor: cursor, events: []json.RawMessage{}}
	more, err := page.read(ctx, alert)
	if err != nil {
		return nil, fmt.Errorf("events of alert %s: %w", alert.ID, err)
	}
	out := &alertsapi.GetAlertOutput{Summary: summarize(alert), Events: page.events}
	if more {
		token := encodeToken(page.cursor)
		out.EventsLastEvaluatedKey = &token
	}
	return out, nil
}

// eventsPage reads one page of an alert's events, log type after log type, from the cursor on.
type eventsPage struct {
	objects Objects
	alertID []byte
	size    int
	cursor  eventsCursor
	events  []json.RawMessage
	line    []byte // reused for every line read
}

// read fills the page; true when another event follows it.
func (p *eventsPage) read(ctx context.Context, alert *alertsapi.Alert) (bool, error) {
	logTypes := slices.Sorted(slices.Values(alert.LogTypes))
	for _, logType := range logTypes {
		from := p.cursor[logType]
		if from.Done {
			continue
		}
		for _, prefix := range hourPrefixes(alert, logType) {
			more, err := p.readHour(ctx, logType, prefix, from)
			if err != nil || more {
				return more, err
			}
		}
		p.cursor[logType] = position{Done: true}
	}
	return false, nil
}

// hourPrefixes are the rules engine's folders an alert's events of a log type can be in: one
// per hour from its first match to its last (the engine names a file by the time it writes
// into the dedup row).
func hourPrefixes(alert *alertsapi.Alert, logType string) []string {
	root := "rules"
	if alert.Type == deliveryapi.TypeRuleError {
		root = "rule_errors"
	}
	var out []string
	last := alert.UpdateTime.UTC()
	for h := alert.FirstEventMatchTime.UTC().Truncate(time.Hour); !h.After(last); h = h.Add(time.Hour) {
		out = append(out, fmt.Sprintf("%s/%s/year=%04d/month=%02d/day=%02d/hour=%02d/rule_id=%s/",
			root, pantherlog.TableName(logType), h.Year(), h.Month(), h.Day(), h.Hour(), alert.RuleID))
	}
	return out
}

// readHour reads an hour's objects from the position on; true when the page is full and
// another event follows.
func (p *eventsPage) readHour(ctx context.Context, logType, prefix string, from position) (bool, error) {
	var keys []string
	startAfter := ""
	switch {
	case strings.HasPrefix(from.Key, prefix):
		keys, startAfter = []string{from.Key}, from.Key
	case from.Key != "" && prefix < from.Key:
		return false, nil // an hour the earlier pages read
	}
	listed, err := p.objects.List(ctx, prefix, startAfter)
	if err != nil {
		return false, err
	}
	for _, key := range append(keys, listed...) {
		skip := 0
		if key == from.Key {
			skip = from.Line
		}
		if more, err := p.readObject(ctx, logType, key, skip); err != nil || more {
			return more, err
		}
	}
	return false, nil
}

// readObject streams one gzip JSON-lines object and keeps the alert's events after the first
// skip lines; true when the page is full and another event follows.
func (p *eventsPage) readObject(ctx context.Context, logType, key string, skip int) (bool, error) {
	body, err := p.objects.Open(ctx, key)
	if err != nil {
		return false, err
	}
	defer func() { _ = body.Close() }()
	zr, err := gzip.NewReader(body)
	if err != nil {
		return false, fmt.Errorf("%s: %w", key, err)
	}
	lines := bufio.NewReaderSize(zr, 64<<10)
	for n := 0; ; n++ {
		err := p.nextLine(lines)
		if err != nil && !errors.Is(err, io.EOF) {
			return false, fmt.Errorf("%s: %w", key, err)
		}
		if n >= skip && p.belongs() {
			if len(p.events) == p.size {
				return true, nil
			}
			p.events = append(p.events, bytes.Clone(bytes.TrimRight(p.line, "\r\n")))
			p.cursor[logType] = position{Key: key, Line: n + 1}
		}
		if err != nil {
			return false, nil
		}
	}
}

// nextLine reads a line of any length into p.line.
func (p *eventsPage) nextLine(r *bufio.Reader) error {
	p.line = p.line[:0]
	for {
		chunk, err := r.ReadSlice('\n')
		p.line = append(p.line, chunk...)
		if !errors.Is(err, bufio.ErrBufferFull) {
			return err
		}
	}
}

// belongs reports whether the line is an event of the alert. Most lines of a rule's files
// belong to its other alerts, so the ID is looked for before the line is parsed.
func (p *eventsPage) belongs() bool {
	if !bytes.Contains(p.line, p.alertID) {
		return false
	}
	var event struct {
		AlertID string `json:"p_alert_id"`
	}
	return json.Unmarshal(p.line, &event) == nil && event.AlertID == string(p.alertID)
}
