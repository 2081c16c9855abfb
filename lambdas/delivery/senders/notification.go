package senders

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/panther-operator/panther-operator/lambdas/api/deliveryapi"
)

// Notification is the alert as machines receive it: the body of custom webhooks and SQS
// messages, the default SNS body and PagerDuty's custom details.
type Notification struct {
	ID           string         `json:"id"`
	CreatedAt    time.Time      `json:"createdAt"`
	Severity     string         `json:"severity"`
	Type         string         `json:"type"`
	Link         string         `json:"link"`
	Title        string         `json:"title"`
	Name         *string        `json:"name"`
	AlertID      *string        `json:"alertId"`
	AlertContext map[string]any `json:"alertContext"`
	Description  string         `json:"description"`
	Runbook      string         `json:"runbook"`
	Tags         []string       `json:"tags"`
	Version      *string        `json:"version"`
}

// message is an alert with what every payload shares worked out once.
type message struct {
	alert        *deliveryapi.Alert
	title        string
	link         string
	notification Notification
}

func (s *Senders) message(a *deliveryapi.Alert) *message {
	m := &message{alert: a, title: title(a), link: s.link(a)}
	m.notification = Notification{ID: a.AnalysisID, CreatedAt: a.CreatedAt, Severity: a.Severity, Type: a.Type,
		Link: m.link, Title: m.title, Name: a.AnalysisName, AlertID: a.AlertID, AlertContext: a.Context,
		Description: a.AnalysisDescription, Runbook: a.Runbook, Tags: a.Tags, Version: a.Version}
	// Receivers iterate over these: an empty list or object, never null.
	if m.notification.AlertContext == nil {
		m.notification.AlertContext = map[string]any{}
	}
	if m.notification.Tags == nil {
		m.notification.Tags = []string{}
	}
	return m
}

// title names the alert by its type; a re-sent alert says so instead.
func title(a *deliveryapi.Alert) string {
	name := a.AnalysisID
	if a.AnalysisName != nil && *a.AnalysisName != "" {
		name = *a.AnalysisName
	}
	shown := name
	if a.Title != "" {
		shown = a.Title
	}
	switch {
	case a.IsResent:
		return "[Re-sent]: " + shown
	case a.Type == deliveryapi.TypeRule:
		return "New Alert: " + shown
	case a.Type == deliveryapi.TypeRuleError:
		return "New rule error: " + shown
	case a.Type == deliveryapi.TypePolicy:
		return "Policy Failure: " + name
	}
	return shown
}

// link is the alert's page; test alerts have none, so they link to the app.
func (s *Senders) link(a *deliveryapi.Alert) string {
	if a.IsTest {
		return s.Links.AppDomainURL
	}
	id := ""
	if a.AlertID != nil {
		id = *a.AlertID
	}
	return s.Links.AlertURLPrefix + id
}

// contextJSON is the alert context as JSON, indented for the formats that show code blocks.
// A context arrives as JSON, so it encodes; should it not, the text shows Go's rendering.
func (m *message) contextJSON(indent bool) string {
	var raw []byte
	var err error
	if indent {
		raw, err = json.MarshalIndent(m.notification.AlertContext, "", "  ")
	} else {
		raw, err = encode(m.notification.AlertContext)
	}
	if err != nil {
		return fmt.Sprint(m.notification.AlertContext)
	}
	return string(raw)
}

func (m *message) tags() string { return strings.Join(m.alert.Tags, ", ") }

// detailedText is the alert as plain text, for email (through SNS) and Asana tasks.
func (m *message) detailedText() string {
	return fmt.Sprintf("%s\n\nLink: %s\nSeverity: %s\nDescription: %s\nRunbook: %s\nReference: %s\nTags: %s\nAlert context: %s\n",
		m.title, m.link, m.alert.Severity, m.alert.AnalysisDescription, m.alert.Runbook, m.alert.Reference, m.tags(), m.contextJSON(false))
}

// encode is compact JSON without HTML escaping, so links and markup read as written.
func encode(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}
