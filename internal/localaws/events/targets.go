package events

import (
	"encoding/json"
	"slices"
	"strings"
	"time"

	"github.com/panther-operator/panther-operator/internal/localaws/internal/wire"
)

func putTargets(req *request) error {
	var in struct {
		Rule    string
		Targets []struct{ ID, Arn, Input, InputPath string } `json:"Targets"`
	}
	if err := req.DecodeJSON(&in); err != nil {
		return err
	}
	targets := make([]Target, 0, len(in.Targets))
	for _, t := range in.Targets {
		targets = append(targets, Target{ID: t.ID, ARN: t.Arn, Input: t.Input, InputPath: t.InputPath})
	}
	failed, err := req.svc.PutTargets(req.Account, req.Region, in.Rule, targets)
	if err != nil {
		return err
	}
	return req.ReplyJSON(map[string]any{"FailedEntryCount": len(failed), "FailedEntries": failed})
}

// PutTargets adds or replaces targets by ID and returns the entries it refused. The caller
// holds the emulator's lock.
func (s *Service) PutTargets(account, region, ruleName string, targets []Target) ([]map[string]string, error) {
	r, ok := s.rules(account, region)[ruleName]
	if !ok {
		return nil, notFound(ruleName)
	}
	failed := []map[string]string{}
	for _, t := range targets {
		if targetKind(t.ARN) == "" {
			failed = append(failed, map[string]string{"TargetId": t.ID, "ErrorCode": "InvalidArgument",
				"ErrorMessage": "localaws delivers to Lambda functions, SQS queues and SNS topics only: " + t.ARN})
			continue
		}
		replaced := false
		for i := range r.Targets {
			if r.Targets[i].ID == t.ID {
				r.Targets[i], replaced = t, true
			}
		}
		if !replaced {
			r.Targets = append(r.Targets, t)
		}
	}
	return failed, nil
}

func removeTargets(req *request) error {
	var in struct {
		Rule string
		Ids  []string
	}
	if err := req.DecodeJSON(&in); err != nil {
		return err
	}
	req.svc.RemoveTargets(req.Account, req.Region, in.Rule, in.Ids)
	return req.ReplyJSON(map[string]any{"FailedEntryCount": 0, "FailedEntries": []any{}})
}

// RemoveTargets removes targets by ID. The caller holds the emulator's lock.
func (s *Service) RemoveTargets(account, region, ruleName string, ids []string) {
	r, ok := s.rules(account, region)[ruleName]
	if !ok {
		return
	}
	kept := r.Targets[:0]
	for _, t := range r.Targets {
		if !slices.Contains(ids, t.ID) {
			kept = append(kept, t)
		}
	}
	r.Targets = kept
}

func listTargetsByRule(req *request) error {
	var in struct{ Rule string }
	if err := req.DecodeJSON(&in); err != nil {
		return err
	}
	r, err := req.rule(in.Rule)
	if err != nil {
		return err
	}
	out := make([]map[string]string, 0, len(r.Targets))
	for _, t := range r.Targets {
		entry := map[string]string{"Id": t.ID, "Arn": t.ARN}
		if t.Input != "" {
			entry["Input"] = t.Input
		}
		if t.InputPath != "" {
			entry["InputPath"] = t.InputPath
		}
		out = append(out, entry)
	}
	return req.ReplyJSON(map[string]any{"Targets": out})
}

func putEvents(req *request) error {
	var in struct {
		Entries []struct {
			Source, DetailType, Detail, EventBusName string
			Resources                                []string
		}
	}
	if err := req.DecodeJSON(&in); err != nil {
		return err
	}
	if len(in.Entries) == 0 || len(in.Entries) > 10 {
		return validation("1 validation error detected: Value at 'entries' failed to satisfy constraint: Member must have length between 1 and 10")
	}
	entries := make([]map[string]string, 0, len(in.Entries))
	failed := 0
	for _, e := range in.Entries {
		var detail map[string]any
		switch {
		case e.Source == "" || e.DetailType == "":
			entries, failed = append(entries, map[string]string{"ErrorCode": "InvalidArgument", "ErrorMessage": "Parameters Source and DetailType are required."}), failed+1
			continue
		case json.Unmarshal([]byte(e.Detail), &detail) != nil:
			entries, failed = append(entries, map[string]string{"ErrorCode": "MalformedDetail", "ErrorMessage": "Detail is malformed."}), failed+1
			continue
		}
		id := req.svc.Emit(req.Account, req.Region, e.Source, e.DetailType, e.Resources, detail)
		entries = append(entries, map[string]string{"EventId": id})
	}
	return req.ReplyJSON(map[string]any{"FailedEntryCount": failed, "Entries": entries})
}

// Emit puts an event on the default bus and delivers it to the rules it matches; it returns
// the event's ID. The caller holds the emulator's lock.
func (s *Service) Emit(account, region, source, detailType string, resources []string, detail any) string {
	if resources == nil {
		resources = []string{}
	}
	event := map[string]any{"version": "0", "id": wire.NewUUID(), "detail-type": detailType, "source": source,
		"account": account, "time": s.now().UTC().Format(time.RFC3339), "region": region,
		"resources": resources, "detail": detail}
	var generic map[string]any
	data, _ := json.Marshal(event)
	_ = json.Unmarshal(data, &generic)
	for _, r := range s.rules(account, region) {
		if r.State != "ENABLED" || r.EventPattern == "" {
			continue
		}
		var pattern map[string]any
		if json.Unmarshal([]byte(r.EventPattern), &pattern) == nil && matches(pattern, generic) {
			s.deliver(account, region, r, generic)
		}
	}
	return event["id"].(string)
}

// deliver sends an event to each of a rule's targets, shaped by the target's Input or
// InputPath. Delivery failures are dropped, as EventBridge drops them after its retries.
func (s *Service) deliver(account, region string, r *Rule, event map[string]any) {
	for _, t := range r.Targets {
		payload := targetInput(t, event)
		switch targetKind(t.ARN) {
		case "lambda":
			_ = s.targets.InvokeAsync(account, region, t.ARN, payload)
		case "sqs":
			_ = s.targets.SendToQueue(t.ARN, string(payload))
		case "sns":
			_ = s.targets.PublishToTopic(t.ARN, string(payload))
		}
	}
}

// targetInput is a constant Input, the part of the event InputPath selects ($ or $.a.b), or
// the whole event.
func targetInput(t Target, event map[string]any) []byte {
	if t.Input != "" {
		return []byte(t.Input)
	}
	var selected any = event
	if path := strings.TrimPrefix(t.InputPath, "$"); path != "" {
		for _, key := range strings.Split(strings.TrimPrefix(path, "."), ".") {
			m, _ := selected.(map[string]any)
			selected = m[key]
		}
	}
	data, _ := json.Marshal(selected)
	return data
}

// schedule fires the scheduled rules that are due, every quarter second.
func (s *Service) schedule() {
	ticker := time.NewTicker(250 * time.Millisecond)
	defer ticker.Stop()
	for {
		select {
		case <-s.stop:
			return
		case <-ticker.C:
		}
		s.store.Lock()
		s.fireDue()
		s.store.Unlock()
	}
}

func (s *Service) fireDue() {
	now := s.now()
	for _, region := range ruleTable.AllRegions(s.store.State()) {
		for _, r := range region {
			if r.State != "ENABLED" || r.ScheduleExpression == "" || r.NextFire.IsZero() || now.Before(r.NextFire) {
				continue
			}
			sched, err := s.parse(r.ScheduleExpression)
			if err != nil {
				continue
			}
			parts := strings.Split(r.ARN, ":")
			account, regionName := parts[4], parts[3]
			event := map[string]any{"version": "0", "id": wire.NewUUID(), "detail-type": "Scheduled Event",
				"source": "aws.events", "account": account, "time": r.NextFire.UTC().Format(time.RFC3339),
				"region": regionName, "resources": []any{r.ARN}, "detail": map[string]any{}}
			s.deliver(account, regionName, r, event)
			r.NextFire = sched.next(r.Created, now)
			s.store.Changed()
		}
	}
}

// targetKind names the service of a target's ARN, "" for one localaws cannot deliver to.
func targetKind(arn string) string {
	parts := strings.Split(arn, ":")
	if len(parts) < 6 {
		return ""
	}
	switch parts[2] {
	case "lambda", "sqs", "sns":
		return parts[2]
	}
	return ""
}
