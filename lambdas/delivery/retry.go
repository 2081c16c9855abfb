package delivery

import (
	"context"
	"encoding/json"

	"github.com/panther-operator/panther-operator/lambdas/api/deliveryapi"
)

// requeue queues the alert again for each output that failed retryably, while retries remain:
// the copy names only that output and counts one more retry, and waits a random delay so that
// a struggling output is not hit by every retry at once. Final failures are logged and dropped.
func (s *Service) requeue(ctx context.Context, a *deliveryapi.Alert, outcomes []outcome) error {
	var messages []DelayedMessage
	for _, o := range outcomes {
		switch {
		case o.response.Success:
			continue
		case !o.retryable:
			s.log().Error("delivery failed for good", "alertId", alertID(a), "outputId", o.output.OutputID, "statusCode", o.response.StatusCode)
			continue
		case a.RetryCount >= s.Settings.RetryLimit:
			s.log().Error("delivery failed after every retry", "alertId", alertID(a), "outputId", o.output.OutputID, "retries", a.RetryCount)
			continue
		}
		retry := *a
		retry.OutputIDs = []string{o.output.OutputID}
		retry.RetryCount++
		body, err := json.Marshal(&retry)
		if err != nil {
			return err
		}
		messages = append(messages, DelayedMessage{Body: string(body), DelaySeconds: s.retryDelay()})
	}
	if len(messages) == 0 {
		return nil
	}
	return s.Retries.Enqueue(ctx, messages)
}

// retryDelay is uniform in [MinRetryDelay, MaxRetryDelay) seconds.
func (s *Service) retryDelay() int {
	spread := s.Settings.MaxRetryDelay - s.Settings.MinRetryDelay
	if spread <= 0 {
		return s.Settings.MinRetryDelay
	}
	return s.Settings.MinRetryDelay + s.randomInt(spread)
}
