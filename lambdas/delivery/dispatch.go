package delivery

import (
	"context"
	"fmt"
	"net/http"
	"runtime"
	"runtime/debug"
	"time"

	"github.com/panther-operator/panther-operator/lambdas/api/deliveryapi"
	"github.com/panther-operator/panther-operator/lambdas/api/outputsapi"
	"github.com/panther-operator/panther-operator/lambdas/delivery/senders"
)

// DefaultDeadlineMargin is the time kept back from the function's deadline to record the
// attempts and queue the retries once the senders are stopped.
const DefaultDeadlineMargin = 10 * time.Second

// job is one alert for one output.
type job struct {
	alert  *deliveryapi.Alert
	output *outputsapi.Output
}

// outcome is a job's attempt, as recorded, and whether a retry may succeed.
type outcome struct {
	job
	response  deliveryapi.DeliveryResponse
	retryable bool
}

// dispatch runs every job at once and answers their outcomes in job order. Jobs still running
// at the soft deadline are stopped and time out, retryably.
func (s *Service) dispatch(ctx context.Context, jobs []job) []outcome {
	outcomes := make([]outcome, len(jobs))
	if len(jobs) == 0 {
		return outcomes
	}
	margin := s.DeadlineMargin
	if margin == 0 {
		margin = DefaultDeadlineMargin
	}
	sendCtx, stop := softDeadline(ctx, margin)
	defer stop()
	type finished struct {
		index  int
		result senders.Result
	}
	// Buffered, so that senders finishing after the deadline never block.
	done := make(chan finished, len(jobs))
	for i, j := range jobs {
		outcomes[i] = outcome{job: j, response: deliveryapi.DeliveryResponse{OutputID: j.output.OutputID, DispatchedAt: s.now()}}
		go func() { done <- finished{index: i, result: s.sendOne(sendCtx, j)} }()
	}
	answered := make([]bool, len(jobs))
	for range jobs {
		select {
		case f := <-done:
			answered[f.index] = true
			s.settle(&outcomes[f.index], f.result)
		case <-sendCtx.Done():
			for i := range outcomes {
				if !answered[i] {
					s.settle(&outcomes[i], senders.TimedOut())
				}
			}
			return outcomes
		}
	}
	return outcomes
}

// settle fills an outcome in and logs it: which alert, which output, what came of it.
func (s *Service) settle(o *outcome, r senders.Result) {
	o.response.StatusCode, o.response.Message, o.response.Success = r.StatusCode, r.Message, r.Success
	o.retryable = !r.Success && r.Retryable
	attrs := []any{"alertId", alertID(o.alert), "outputId", o.output.OutputID, "outputType", o.output.OutputType,
		"statusCode", r.StatusCode, "retryCount", o.alert.RetryCount}
	if r.Success {
		s.log().Info("delivered", attrs...)
		return
	}
	s.log().Warn("delivery failed", append(attrs, "retryable", o.retryable, "message", r.Message)...)
}

// sendOne sends, turning a sender's panic into a final failure: the panic would repeat.
func (s *Service) sendOne(ctx context.Context, j job) (result senders.Result) {
	defer func() {
		if p := recover(); p != nil {
			// Only a runtime error's text is logged: a sender's own panic value could hold
			// anything, the config included.
			reason := "a panic"
			if err, ok := p.(runtime.Error); ok {
				reason = err.Error()
			}
			s.log().Error("the sender panicked", "alertId", alertID(j.alert), "outputId", j.output.OutputID,
				"outputType", j.output.OutputType, "reason", reason, "stack", string(debug.Stack()))
			result = senders.Result{StatusCode: http.StatusInternalServerError, Message: fmt.Sprintf("internal error sending to a %s output", j.output.OutputType)}
		}
	}()
	return s.Sender.Send(ctx, j.output, j.alert)
}

// softDeadline is the function's deadline less the margin, but never less than half the time
// left, so that a short timeout still gives the senders a chance.
func softDeadline(ctx context.Context, margin time.Duration) (context.Context, context.CancelFunc) {
	deadline, ok := ctx.Deadline()
	if !ok {
		return context.WithCancel(ctx)
	}
	soft := deadline.Add(-margin)
	if floor := time.Now().Add(time.Until(deadline) / 2); soft.Before(floor) {
		soft = floor
	}
	return context.WithDeadline(ctx, soft)
}

// record appends the attempts to the stored alert; test alerts are stored nowhere.
func (s *Service) record(ctx context.Context, a *deliveryapi.Alert, outcomes []outcome) error {
	if a.IsTest || alertID(a) == "" {
		return nil
	}
	return s.Alerts.RecordDelivery(ctx, *a.AlertID, responses(outcomes))
}

func responses(outcomes []outcome) []deliveryapi.DeliveryResponse {
	out := make([]deliveryapi.DeliveryResponse, len(outcomes))
	for i, o := range outcomes {
		out[i] = o.response
	}
	return out
}
