package senders

import (
	"context"
	"encoding/base64"
	"net/url"
	"strings"

	"github.com/panther-operator/panther-operator/lambdas/api/outputsapi"
)

// gitHub opens an issue in the repository, its body in Markdown.
func (s *Senders) gitHub(ctx context.Context, c *outputsapi.OutputConfig, m *message) Result {
	if c.GitHub == nil {
		return missingConfig(outputsapi.TypeGitHub)
	}
	body := strings.Join([]string{
		"**Description:** " + m.alert.AnalysisDescription,
		"[" + viewInPanther + "](" + m.link + ")",
		"**Runbook:** " + m.alert.Runbook,
		"**Severity:** " + m.alert.Severity,
		"**Tags:** " + m.tags(),
		"**AlertContext:**",
		"```json",
		m.contextJSON(true),
		"```",
	}, "\n")
	owner, repo, _ := strings.Cut(c.GitHub.RepoName, "/")
	target := s.Endpoints.GitHub + "/repos/" + url.PathEscape(owner) + "/" + url.PathEscape(repo) + "/issues"
	return s.post(ctx, target, map[string]string{"title": m.title, "body": body}, authorization("token "+c.GitHub.Token))
}

// jiraMaxSummary is the longest summary Jira accepts, in characters.
const jiraMaxSummary = 255

type jiraKey struct {
	Key string `json:"key"`
}

type jiraName struct {
	Name string `json:"name"`
}

type jiraID struct {
	ID string `json:"id"`
}

type jiraFields struct {
	Summary     string   `json:"summary"`
	Description string   `json:"description"`
	Project     jiraKey  `json:"project"`
	IssueType   jiraName `json:"issuetype"`
	Labels      []string `json:"labels"`
	Assignee    *jiraID  `json:"assignee,omitempty"`
}

// jira creates an issue with REST API v2, which takes the description in Jira's wiki markup,
// authenticating as the user with the API key.
func (s *Senders) jira(ctx context.Context, c *outputsapi.OutputConfig, m *message) Result {
	j := c.Jira
	if j == nil {
		return missingConfig(outputsapi.TypeJira)
	}
	description := strings.Join([]string{
		"*Description:* " + m.alert.AnalysisDescription,
		"[" + viewInPanther + "|" + m.link + "]",
		"*Runbook:* " + m.alert.Runbook,
		"*Severity:* " + m.alert.Severity,
		"*Tags:* " + m.tags(),
		"*AlertContext:*",
		"{code:json}",
		m.contextJSON(true),
		"{code}",
	}, "\n")
	fields := jiraFields{Summary: truncate(oneLine(m.title), jiraMaxSummary), Description: description,
		Project: jiraKey{Key: j.ProjectKey}, IssueType: jiraName{Name: j.IssueType}, Labels: j.Labels}
	if fields.Labels == nil {
		fields.Labels = []string{}
	}
	if j.AssigneeID != "" {
		fields.Assignee = &jiraID{ID: j.AssigneeID}
	}
	credentials := base64.StdEncoding.EncodeToString([]byte(j.UserName + ":" + j.APIKey))
	target := strings.TrimRight(j.OrgDomain, "/") + "/rest/api/latest/issue/"
	return s.post(ctx, target, map[string]jiraFields{"fields": fields}, authorization("Basic "+credentials))
}

type asanaTask struct {
	Name     string   `json:"name"`
	Projects []string `json:"projects"`
	Notes    string   `json:"notes"`
}

// asana creates a task in the projects, its notes the alert as text.
func (s *Senders) asana(ctx context.Context, c *outputsapi.OutputConfig, m *message) Result {
	if c.Asana == nil {
		return missingConfig(outputsapi.TypeAsana)
	}
	task := asanaTask{Name: m.title, Projects: c.Asana.ProjectGids, Notes: m.detailedText()}
	if task.Projects == nil {
		task.Projects = []string{}
	}
	return s.post(ctx, s.Endpoints.Asana+"/api/1.0/tasks", map[string]asanaTask{"data": task},
		authorization("Bearer "+c.Asana.PersonalAccessToken))
}

// oneLine replaces line breaks and other control characters with spaces.
func oneLine(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return ' '
		}
		return r
	}, s)
}
