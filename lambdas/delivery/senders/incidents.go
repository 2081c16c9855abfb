package senders

import (
	"context"
	"html"
	"strings"
	"time"

	"github.com/panther-operator/panther-operator/lambdas/api/outputsapi"
)

// pagerDutySeverities maps severities onto the four of PagerDuty's Events API v2.
var pagerDutySeverities = map[string]string{
	"INFO":     "info",
	"LOW":      "info",
	"MEDIUM":   "warning",
	"HIGH":     "error",
	"CRITICAL": "critical",
}

type pagerDutyPayload struct {
	Summary       string       `json:"summary"`
	Severity      string       `json:"severity"`
	Timestamp     string       `json:"timestamp"`
	Source        string       `json:"source"`
	CustomDetails Notification `json:"custom_details"`
}

type pagerDutyEvent struct {
	RoutingKey  string           `json:"routing_key"`
	EventAction string           `json:"event_action"`
	Payload     pagerDutyPayload `json:"payload"`
}

// pagerDuty triggers an event routed by the integration key.
func (s *Senders) pagerDuty(ctx context.Context, c *outputsapi.OutputConfig, m *message) Result {
	if c.PagerDuty == nil {
		return missingConfig(outputsapi.TypePagerDuty)
	}
	severity, ok := pagerDutySeverities[m.alert.Severity]
	if !ok {
		severity = "info"
	}
	event := pagerDutyEvent{RoutingKey: c.PagerDuty.IntegrationKey, EventAction: "trigger", Payload: pagerDutyPayload{
		Summary: m.title, Severity: severity, Timestamp: m.alert.CreatedAt.UTC().Format(time.RFC3339),
		Source: "pantherlabs", CustomDetails: m.notification}}
	return s.post(ctx, s.Endpoints.PagerDuty+"/v2/enqueue", event, nil)
}

// opsgeniePriorities maps severities onto Opsgenie's P1 (highest) to P5.
var opsgeniePriorities = map[string]string{
	"CRITICAL": "P1",
	"HIGH":     "P2",
	"MEDIUM":   "P3",
	"LOW":      "P4",
	"INFO":     "P5",
}

// opsgenieMaxMessage is the longest alert message Opsgenie accepts, in characters; a longer
// one is refused, and no retry would change that.
const opsgenieMaxMessage = 130

type opsgenieAlert struct {
	Message     string   `json:"message"`
	Description string   `json:"description"`
	Tags        []string `json:"tags"`
	Priority    string   `json:"priority"`
}

// opsgenie creates an alert in the config's service region, described in HTML.
func (s *Senders) opsgenie(ctx context.Context, c *outputsapi.OutputConfig, m *message) Result {
	if c.Opsgenie == nil {
		return missingConfig(outputsapi.TypeOpsgenie)
	}
	base := s.Endpoints.OpsgenieUS
	if c.Opsgenie.ServiceRegion == outputsapi.OpsgenieRegionEU {
		base = s.Endpoints.OpsgenieEU
	}
	priority, ok := opsgeniePriorities[m.alert.Severity]
	if !ok {
		priority = "P5"
	}
	e := html.EscapeString
	description := strings.Join([]string{
		"<strong>Description:</strong> " + e(m.alert.AnalysisDescription),
		`<a href="` + e(m.link) + `">` + viewInPanther + "</a>",
		"<strong>Runbook:</strong> " + e(m.alert.Runbook),
		"<strong>Severity:</strong> " + e(m.alert.Severity),
		"<strong>AlertContext:</strong> " + e(m.contextJSON(false)),
	}, "<br />")
	alert := opsgenieAlert{Message: truncate(m.title, opsgenieMaxMessage), Description: description,
		Tags: m.notification.Tags, Priority: priority}
	return s.post(ctx, base+"/v2/alerts", alert, authorization("GenieKey "+c.Opsgenie.APIKey))
}

// truncate cuts s to at most n characters.
func truncate(s string, n int) string {
	runes := []rune(s)
	if len(runes) <= n {
		return s
	}
	return string(runes[:n])
}
