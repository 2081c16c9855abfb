package main

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
)

// managerTimes are means the manager's own metrics give of where a reconcile spends its time,
// in milliseconds: waiting in the workqueue, the whole reconcile and each of its steps
// (status is the status patch). They say whether the fleet waits for the manager's workers or
// for what a reconcile calls.
type managerTimes struct {
	QueueWaitMillis float64            `json:"queueWaitMillis"`
	ReconcileMillis float64            `json:"reconcileMillis"`
	Reconciles      float64            `json:"reconciles"`
	StepMillis      map[string]float64 `json:"stepMillis"`
}

// scrapeManager reads the manager's metrics endpoint.
func scrapeManager(ctx context.Context, addr string) (managerTimes, error) {
	t := managerTimes{StepMillis: map[string]float64{}}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+addr+"/metrics", nil)
	if err != nil {
		return t, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return t, err
	}
	defer func() { _ = resp.Body.Close() }()
	parser := expfmt.NewTextParser(model.UTF8Validation)
	families, err := parser.TextToMetricFamilies(resp.Body)
	if err != nil {
		return t, fmt.Errorf("reading the manager's metrics: %w", err)
	}
	controller := func(m *dto.Metric) bool {
		return label(m, "controller") == "pantherdeployment" || label(m, "name") == "pantherdeployment"
	}
	t.QueueWaitMillis, _ = meanMillis(families["workqueue_queue_duration_seconds"], controller)
	t.ReconcileMillis, t.Reconciles = meanMillis(families["controller_runtime_reconcile_time_seconds"], controller)
	steps := families["panther_operator_reconcile_step_duration_seconds"]
	for _, m := range steps.GetMetric() {
		step := label(m, "step")
		t.StepMillis[step], _ = meanMillis(steps, func(o *dto.Metric) bool { return label(o, "step") == step })
	}
	return t, nil
}

// meanMillis is the mean of a histogram's matching series, in milliseconds, and their count.
func meanMillis(f *dto.MetricFamily, match func(*dto.Metric) bool) (float64, float64) {
	var sum, count float64
	for _, m := range f.GetMetric() {
		if h := m.GetHistogram(); h != nil && match(m) {
			sum += h.GetSampleSum()
			count += float64(h.GetSampleCount())
		}
	}
	if count == 0 {
		return 0, 0
	}
	return sum / count * 1000, count
}

func label(m *dto.Metric, name string) string {
	for _, l := range m.GetLabel() {
		if l.GetName() == name {
			return l.GetValue()
		}
	}
	return ""
}

// text is the figures on one line, the steps in the order they run.
func (t managerTimes) text() string {
	var steps []string
	for _, s := range []string{"suspend", "connect", "claim", "release", "parameters", "observe", "apply", "drift", "functions", "status"} {
		if ms, ok := t.StepMillis[s]; ok {
			steps = append(steps, fmt.Sprintf("%s %.1f", s, ms))
		}
	}
	return fmt.Sprintf("%.0f reconciles, %.1f ms each after %.1f ms in the workqueue; steps (ms): %s",
		t.Reconciles, t.ReconcileMillis, t.QueueWaitMillis, strings.Join(steps, ", "))
}
