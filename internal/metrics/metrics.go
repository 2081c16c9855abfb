// Package metrics defines the operator's Prometheus metrics, served on the manager's
// /metrics endpoint through controller-runtime's registry.
package metrics

import (
	"github.com/prometheus/client_golang/prometheus"
	ctrlmetrics "sigs.k8s.io/controller-runtime/pkg/metrics"
)

var (
	// AWSRequests counts AWS API calls (each attempt the SDK makes) by outcome: "success" or
	// AWS's error code.
	AWSRequests = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "panther_operator_aws_requests_total",
		Help: "AWS API calls by service, operation and outcome (success or the AWS error code).",
	}, []string{"service", "operation", "outcome"})

	// Stacks counts each deployment's stacks by CloudFormation status.
	Stacks = prometheus.NewGaugeVec(prometheus.GaugeOpts{
		Name: "panther_operator_stacks",
		Help: "Stacks of each PantherDeployment by CloudFormation status.",
	}, []string{"namespace", "deployment", "status"})

	// DriftedResources is the number of drifted resources per stack at the last drift check.
	DriftedResources = prometheus.NewGaugeVec(prometheus.GaugeOpts{
		Name: "panther_operator_drifted_resources",
		Help: "Resources changed outside CloudFormation, per stack, at the last drift check.",
	}, []string{"namespace", "deployment", "stack"})

	// TeardownStacksRemaining is the number of stacks still to delete in a teardown.
	TeardownStacksRemaining = prometheus.NewGaugeVec(prometheus.GaugeOpts{
		Name: "panther_operator_teardown_stacks_remaining",
		Help: "Stacks a PantherDeployment being deleted still has.",
	}, []string{"namespace", "deployment"})

	// TeardownBuckets counts the retained buckets the teardown handled, by result.
	TeardownBuckets = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "panther_operator_teardown_buckets_total",
		Help: "Retained Panther buckets handled by teardowns, by result (Deleted or LeftToExpire).",
	}, []string{"result"})

	// StepDuration measures the steps of a reconcile.
	StepDuration = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "panther_operator_reconcile_step_duration_seconds",
		Help:    "Duration of each reconcile step (connect, observe, apply, ...) and of the status patch (status).",
		Buckets: prometheus.ExponentialBuckets(0.005, 2, 14),
	}, []string{"step"})
)

func init() {
	ctrlmetrics.Registry.MustRegister(AWSRequests, Stacks, DriftedResources, TeardownStacksRemaining,
		TeardownBuckets, StepDuration)
}

// Forget removes a deployment's gauges once it is gone.
func Forget(namespace, deployment string) {
	labels := prometheus.Labels{"namespace": namespace, "deployment": deployment}
	Stacks.DeletePartialMatch(labels)
	DriftedResources.DeletePartialMatch(labels)
	TeardownStacksRemaining.DeletePartialMatch(labels)
}
