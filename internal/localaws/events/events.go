// Package events emulates Amazon EventBridge (JSON 1.1, AWSEvents): rules on the default event
// bus with schedules (rate and cron) or event patterns, Lambda and SQS targets with Input and
// InputPath, and PutEvents; other services emit events (CloudFormation's stack status
// changes) through Emit.
package events

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/panther-operator/panther-operator/internal/localaws/internal/state"
	"github.com/panther-operator/panther-operator/internal/localaws/internal/wire"
)

// Rule is an EventBridge rule with its targets.
type Rule struct {
	Name               string    `json:"name"`
	ARN                string    `json:"arn"`
	ScheduleExpression string    `json:"scheduleExpression,omitempty"`
	EventPattern       string    `json:"eventPattern,omitempty"`
	State              string    `json:"state"`
	Description        string    `json:"description,omitempty"`
	Created            time.Time `json:"created"`
	// NextFire is when a scheduled rule fires next.
	NextFire time.Time `json:"nextFire,omitempty"`
	Targets  []Target  `json:"targets,omitempty"`
}

// Target is where a rule delivers its events.
type Target struct {
	ID        string `json:"id"`
	ARN       string `json:"arn"`
	Input     string `json:"input,omitempty"`
	InputPath string `json:"inputPath,omitempty"`
}

var ruleTable = state.NewTable[*Rule]("eventRules", state.PerRegion)

// Tables are the state tables of EventBridge.
func Tables() []state.Declared { return []state.Declared{ruleTable} }

// Targets is what rules deliver to: functions (invoked asynchronously), queues and topics.
// Called with the emulator's lock held.
type Targets interface {
	InvokeAsync(account, region, functionARN string, payload []byte) error
	SendToQueue(queueARN, body string) error
	PublishToTopic(topicARN, message string) error
}

// Service is EventBridge.
type Service struct {
	store   *state.Store
	targets Targets
	now     func() time.Time
	stop    chan struct{}
	once    sync.Once
	// timeScale multiplies the periods of rate schedules (0 is real time).
	timeScale float64
}

// SetTimeScale makes rate schedules fire scale times their period apart (0.1 runs a
// rate(1 minute) rule every 6 seconds), for demos and tests; cron schedules keep the clock.
func (s *Service) SetTimeScale(scale float64) {
	s.store.Lock()
	defer s.store.Unlock()
	s.timeScale = scale
}

// parse reads a schedule expression with the service's time scale applied.
func (s *Service) parse(expr string) (*schedule, error) {
	sched, err := parseSchedule(expr)
	if err == nil && sched.every > 0 && s.timeScale > 0 {
		sched.every = time.Duration(float64(sched.every) * s.timeScale)
	}
	return sched, err
}

// New returns EventBridge and starts its scheduler; now is its clock (nil: the real one).
func New(store *state.Store, targets Targets, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	s := &Service{store: store, targets: targets, now: now, stop: make(chan struct{})}
	go s.schedule()
	return s
}

// Close stops the scheduler.
func (s *Service) Close() { s.once.Do(func() { close(s.stop) }) }

func (s *Service) rules(account, region string) map[string]*Rule {
	return ruleTable.Region(s.store.State(), account, region)
}

type request struct {
	*wire.Request
	svc *Service
}

type handlerFunc func(req *request) error

var handlers = map[string]handlerFunc{
	"PutRule": putRule, "DescribeRule": describeRule, "ListRules": listRules, "DeleteRule": deleteRule,
	"EnableRule": setRuleState("ENABLED"), "DisableRule": setRuleState("DISABLED"),
	"PutTargets": putTargets, "RemoveTargets": removeTargets, "ListTargetsByRule": listTargetsByRule,
	"PutEvents": putEvents,
}

// Resolve implements wire.Service.
func (s *Service) Resolve(req *wire.Request) (string, string) {
	op := req.Target()
	if _, ok := handlers[op]; !ok {
		return "", ""
	}
	var probe struct {
		Name string `json:"Name"`
		Rule string `json:"Rule"`
	}
	_ = req.DecodeJSON(&probe)
	return op, probe.Name + probe.Rule
}

// Serve implements wire.Service.
func (s *Service) Serve(req *wire.Request) error {
	return handlers[req.Operation](&request{Request: req, svc: s})
}

func notFound(name string) error {
	return wire.NewError(http.StatusBadRequest, "ResourceNotFoundException", "Rule %s does not exist on EventBus default.", name)
}

func validation(format string, args ...any) error {
	return wire.NewError(http.StatusBadRequest, "ValidationException", format, args...)
}

func (req *request) rule(name string) (*Rule, error) {
	r, ok := req.svc.rules(req.Account, req.Region)[name]
	if !ok {
		return nil, notFound(name)
	}
	return r, nil
}

func putRule(req *request) error {
	var in struct {
		Name, ScheduleExpression, EventPattern, State, Description, EventBusName string
	}
	if err := req.DecodeJSON(&in); err != nil {
		return err
	}
	if in.EventBusName != "" && in.EventBusName != "default" {
		return wire.NewError(http.StatusBadRequest, "ResourceNotFoundException", "Event bus %s does not exist.", in.EventBusName)
	}
	rule, err := req.svc.PutRule(req.Account, req.Region, in.Name, in.ScheduleExpression, in.EventPattern, in.State, in.Description)
	if err != nil {
		return err
	}
	return req.ReplyJSON(map[string]string{"RuleArn": rule.ARN})
}

// PutRule creates or replaces a rule on the default bus (keeping its targets). The caller holds
// the emulator's lock.
func (s *Service) PutRule(account, region, name, scheduleExpr, pattern, ruleState, description string) (*Rule, error) {
	if name == "" || len(name) > 64 {
		return nil, validation("1 validation error detected: Value '%s' at 'name' failed to satisfy constraint: Member must have length between 1 and 64", name)
	}
	if scheduleExpr == "" && pattern == "" {
		return nil, validation("Parameter(s) EventPattern or ScheduleExpression must be specified.")
	}
	var sched *schedule
	if scheduleExpr != "" {
		var err error
		if sched, err = s.parse(scheduleExpr); err != nil {
			return nil, err
		}
	}
	if pattern != "" {
		var doc map[string]any
		if err := json.Unmarshal([]byte(pattern), &doc); err != nil {
			return nil, wire.NewError(http.StatusBadRequest, "InvalidEventPatternException", "Event pattern is not valid. Reason: %v", err)
		}
	}
	if ruleState == "" {
		ruleState = "ENABLED"
	}
	rules := s.rules(account, region)
	r, exists := rules[name]
	if !exists {
		r = &Rule{Name: name, ARN: fmt.Sprintf("arn:%s:events:%s:%s:rule/%s", wire.Partition(region), region, account, name),
			Created: s.now().UTC()}
		rules[name] = r
	}
	r.ScheduleExpression, r.EventPattern, r.State, r.Description = scheduleExpr, pattern, ruleState, description
	r.NextFire = time.Time{}
	if sched != nil {
		r.NextFire = sched.next(r.Created, s.now())
	}
	return r, nil
}

func ruleJSON(r *Rule) map[string]any {
	out := map[string]any{"Name": r.Name, "Arn": r.ARN, "State": r.State, "EventBusName": "default"}
	for k, v := range map[string]string{"ScheduleExpression": r.ScheduleExpression, "EventPattern": r.EventPattern,
		"Description": r.Description} {
		if v != "" {
			out[k] = v
		}
	}
	return out
}

func describeRule(req *request) error {
	var in struct{ Name string }
	if err := req.DecodeJSON(&in); err != nil {
		return err
	}
	r, err := req.rule(in.Name)
	if err != nil {
		return err
	}
	return req.ReplyJSON(ruleJSON(r))
}

func listRules(req *request) error {
	var in struct{ NamePrefix string }
	if err := req.DecodeJSON(&in); err != nil {
		return err
	}
	rules := req.svc.rules(req.Account, req.Region)
	names := make([]string, 0, len(rules))
	for name := range rules {
		if strings.HasPrefix(name, in.NamePrefix) {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	out := make([]map[string]any, 0, len(names))
	for _, name := range names {
		out = append(out, ruleJSON(rules[name]))
	}
	return req.ReplyJSON(map[string]any{"Rules": out})
}

func deleteRule(req *request) error {
	var in struct {
		Name  string
		Force bool
	}
	if err := req.DecodeJSON(&in); err != nil {
		return err
	}
	r, ok := req.svc.rules(req.Account, req.Region)[in.Name]
	if !ok {
		return req.ReplyJSON(nil)
	}
	if len(r.Targets) > 0 && !in.Force {
		return validation("Rule can't be deleted since it has targets.")
	}
	delete(req.svc.rules(req.Account, req.Region), in.Name)
	return req.ReplyJSON(nil)
}

func setRuleState(ruleState string) handlerFunc {
	return func(req *request) error {
		var in struct{ Name string }
		if err := req.DecodeJSON(&in); err != nil {
			return err
		}
		r, err := req.rule(in.Name)
		if err != nil {
			return err
		}
		r.State = ruleState
		return req.ReplyJSON(nil)
	}
}

// DeleteRule deletes a rule and its targets. The caller holds the emulator's lock.
func (s *Service) DeleteRule(account, region, name string) { delete(s.rules(account, region), name) }

// LookupRule returns a copy of a rule without its targets, for drift detection, and whether it
// exists. The caller holds the emulator's lock.
func (s *Service) LookupRule(account, region, name string) (Rule, bool) {
	r, ok := s.rules(account, region)[name]
	if !ok {
		return Rule{}, false
	}
	out := *r
	out.Targets = nil
	return out, true
}
