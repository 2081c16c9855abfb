// Package delivery is panther-alert-delivery-api: it takes the alerts the forwarder queues,
// chooses their outputs, sends to every output at once within the function's deadline, records
// each attempt on the alert and queues the retryable failures again, later. Invoked directly,
// it re-sends a stored alert (deliverAlert) or sends a test alert (sendTestAlert) and answers
// with the attempts.
package delivery

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"time"

	"github.com/panther-operator/panther-operator/lambdas/api"
	"github.com/panther-operator/panther-operator/lambdas/api/alertsapi"
	"github.com/panther-operator/panther-operator/lambdas/api/deliveryapi"
	"github.com/panther-operator/panther-operator/lambdas/api/outputsapi"
	"github.com/panther-operator/panther-operator/lambdas/delivery/senders"
)

// Outputs lists the outputs with their secrets (outputs-api getOutputsWithSecrets).
type Outputs interface {
	OutputsWithSecrets(ctx context.Context) ([]outputsapi.Output, error)
}

// Alerts reads stored alerts and records delivery attempts on them (alerts-api getAlert and
// updateAlertDelivery).
type Alerts interface {
	GetAlert(ctx context.Context, alertID string) (*alertsapi.Summary, error)
	RecordDelivery(ctx context.Context, alertID string, responses []deliveryapi.DeliveryResponse) error
}

// DelayedMessage is an alert message to queue again, visible after DelaySeconds.
type DelayedMessage struct {
	Body         string
	DelaySeconds int
}

// Retries queues messages on the alerts queue again.
type Retries interface {
	Enqueue(ctx context.Context, messages []DelayedMessage) error
}

// Sender sends one alert to one output.
type Sender interface {
	Send(ctx context.Context, output *outputsapi.Output, alert *deliveryapi.Alert) senders.Result
}

// Settings tune retries and caching.
type Settings struct {
	// RetryLimit is how many times a failed delivery is queued again.
	RetryLimit int
	// MinRetryDelay and MaxRetryDelay bound a retry's delay, in seconds: uniform in [min, max).
	MinRetryDelay, MaxRetryDelay int
	// RefreshInterval is how long the list of outputs is reused.
	RefreshInterval time.Duration
}

// DefaultSettings are the original's.
func DefaultSettings() Settings {
	return Settings{RetryLimit: 10, MinRetryDelay: 30, MaxRetryDelay: 300, RefreshInterval: 30 * time.Second}
}

// Service delivers alerts.
type Service struct {
	Outputs  Outputs
	Alerts   Alerts
	Retries  Retries
	Sender   Sender
	Settings Settings
	// Now stamps attempts; nil is time.Now.
	Now func() time.Time
	// RandomInt is uniform in [0, n), for retry delays; nil is math/rand.
	RandomInt func(n int) int
	// DeadlineMargin is kept back from the function's deadline; zero is DefaultDeadlineMargin.
	DeadlineMargin time.Duration
	// Log receives one line per attempt, never an output's config; nil is slog's default.
	Log *slog.Logger

	cache outputCache
}

// QueuedMessage is a message of the alerts queue.
type QueuedMessage struct {
	ID   string
	Body string
}

// DeliverQueued delivers the alerts of a batch of queue messages and answers the IDs of the
// messages to receive again: those that are not alerts (so the queue's redrive moves them
// aside), and those whose attempts could not be recorded or retries not queued (sending to
// every output again beats losing the alert).
func (s *Service) DeliverQueued(ctx context.Context, messages []QueuedMessage) (failed []string) {
	var alerts []*deliveryapi.Alert
	var ids []string
	for _, m := range messages {
		var a deliveryapi.Alert
		if err := json.Unmarshal([]byte(m.Body), &a); err != nil {
			s.log().Error("the message is not an alert", "messageId", m.ID, "error", err.Error())
			failed = append(failed, m.ID)
			continue
		}
		alerts, ids = append(alerts, &a), append(ids, m.ID)
	}
	if len(alerts) == 0 {
		return failed
	}
	outputs, err := s.outputs(ctx, false)
	if err != nil {
		s.log().Error("the outputs could not be listed", "error", err.Error())
		return append(failed, ids...)
	}
	var jobs []job
	for _, a := range alerts {
		for _, o := range selectOutputs(a, outputs) {
			jobs = append(jobs, job{alert: a, output: o})
		}
	}
	byAlert := map[*deliveryapi.Alert][]outcome{}
	for _, o := range s.dispatch(ctx, jobs) {
		byAlert[o.alert] = append(byAlert[o.alert], o)
	}
	for i, a := range alerts {
		outcomes := byAlert[a]
		if len(outcomes) == 0 {
			s.log().Info("no output receives the alert", "alertId", alertID(a), "severity", a.Severity, "type", a.Type)
			continue
		}
		if err := s.record(ctx, a, outcomes); err != nil {
			var apiErr *api.Error
			if !errors.As(err, &apiErr) || apiErr.Type != "DoesNotExistError" {
				s.log().Error("the attempts could not be recorded", "alertId", alertID(a), "error", err.Error())
				failed = append(failed, ids[i])
				continue
			}
			// The alert is gone from the table: there is nothing to record on, and sending
			// again would not bring it back.
			s.log().Warn("the alert no longer exists: its attempts are not recorded", "alertId", alertID(a))
		}
		if err := s.requeue(ctx, a, outcomes); err != nil {
			s.log().Error("the retries could not be queued", "alertId", alertID(a), "error", err.Error())
			failed = append(failed, ids[i])
		}
	}
	return failed
}

// Handle runs the direct invocation the request names.
func (s *Service) Handle(ctx context.Context, req *deliveryapi.Request) (any, error) {
	switch {
	case req.DeliverAlert != nil:
		return s.deliverAlert(ctx, req.DeliverAlert)
	case req.SendTestAlert != nil:
		return s.sendTestAlert(ctx, req.SendTestAlert)
	}
	return nil, invalid("the request names no operation: send one of deliverAlert, sendTestAlert")
}

func invalid(format string, args ...any) error {
	return &api.Error{Type: "InvalidInputError", Message: fmt.Sprintf(format, args...)}
}

func (s *Service) now() time.Time {
	if s.Now == nil {
		return time.Now().UTC()
	}
	return s.Now().UTC()
}

func (s *Service) randomInt(n int) int {
	if s.RandomInt == nil {
		return rand.IntN(n) // a retry's delay spreads load: it needs no secure randomness
	}
	return s.RandomInt(n)
}

func (s *Service) log() *slog.Logger {
	if s.Log == nil {
		return slog.Default()
	}
	return s.Log
}

func alertID(a *deliveryapi.Alert) string {
	if a.AlertID == nil {
		return ""
	}
	return *a.AlertID
}
