package senders

import (
	"context"

	"github.com/panther-operator/panther-operator/lambdas/api/outputsapi"
)

// viewInPanther is the text of the links to the alert.
const viewInPanther = "Click here to view in the Panther UI"

// slackColors mark an attachment by severity, from blue (informational) to dark red.
var slackColors = map[string]string{
	"INFO":     "#4a90d9",
	"LOW":      "#f2c744",
	"MEDIUM":   "#f08c2e",
	"HIGH":     "#d93f3f",
	"CRITICAL": "#8b1a1a",
}

type slackField struct {
	Title string `json:"title,omitempty"`
	Value string `json:"value"`
	Short bool   `json:"short"`
}

type slackAttachment struct {
	Fallback  string       `json:"fallback"`
	Color     string       `json:"color"`
	Title     string       `json:"title"`
	TitleLink string       `json:"title_link"`
	Fields    []slackField `json:"fields"`
}

// slack posts one attachment to an incoming webhook.
func (s *Senders) slack(ctx context.Context, c *outputsapi.OutputConfig, m *message) Result {
	if c.Slack == nil {
		return missingConfig(outputsapi.TypeSlack)
	}
	color, ok := slackColors[m.alert.Severity]
	if !ok {
		color = slackColors["INFO"]
	}
	attachment := slackAttachment{Fallback: m.title, Color: color, Title: m.title, TitleLink: m.link, Fields: []slackField{
		{Value: "<" + m.link + "|" + viewInPanther + ">"},
		{Title: "Runbook", Value: m.alert.Runbook},
		{Title: "Severity", Value: m.alert.Severity, Short: true},
	}}
	return s.post(ctx, c.Slack.WebhookURL, map[string]any{"attachments": []slackAttachment{attachment}}, nil)
}

type teamsFact struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

type teamsSection struct {
	Facts []teamsFact `json:"facts"`
	Text  string      `json:"text"`
}

type teamsTarget struct {
	OS  string `json:"os"`
	URI string `json:"uri"`
}

type teamsAction struct {
	Type    string        `json:"@type"`
	Name    string        `json:"name"`
	Targets []teamsTarget `json:"targets"`
}

type teamsCard struct {
	Type            string         `json:"@type"`
	Context         string         `json:"@context"`
	Summary         string         `json:"summary"`
	Text            string         `json:"text"`
	Sections        []teamsSection `json:"sections"`
	PotentialAction []teamsAction  `json:"potentialAction"`
}

// msTeams posts an Office 365 connector MessageCard: the title, the alert's facts and a
// button that opens the alert.
func (s *Senders) msTeams(ctx context.Context, c *outputsapi.OutputConfig, m *message) Result {
	if c.MSTeams == nil {
		return missingConfig(outputsapi.TypeMSTeams)
	}
	card := teamsCard{Type: "MessageCard", Context: "http://schema.org/extensions", Summary: m.title, Text: m.title,
		Sections: []teamsSection{{Text: "[" + viewInPanther + "](" + m.link + ")", Facts: []teamsFact{
			{Name: "Description", Value: m.alert.AnalysisDescription},
			{Name: "Runbook", Value: m.alert.Runbook},
			{Name: "Severity", Value: m.alert.Severity},
			{Name: "Tags", Value: m.tags()},
			{Name: "AlertContext", Value: m.contextJSON(false)},
		}}},
		PotentialAction: []teamsAction{{Type: "OpenUri", Name: viewInPanther, Targets: []teamsTarget{{OS: "default", URI: m.link}}}},
	}
	return s.post(ctx, c.MSTeams.WebhookURL, card, nil)
}
