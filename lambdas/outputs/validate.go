package outputs

import (
	"net"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/panther-operator/panther-operator/lambdas/api/deliveryapi"
	"github.com/panther-operator/panther-operator/lambdas/api/outputsapi"
)

var (
	severities = []string{"INFO", "LOW", "MEDIUM", "HIGH", "CRITICAL"}
	alertTypes = []string{deliveryapi.TypeRule, deliveryapi.TypeRuleError, deliveryapi.TypePolicy}

	integrationKeyPattern = regexp.MustCompile(`^[0-9A-Fa-f]{32}$`)
	repoPattern           = regexp.MustCompile(`^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$`)
	gidPattern            = regexp.MustCompile(`^\d+$`)
	topicARNPattern       = regexp.MustCompile(`^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}(\.fifo)?$`)
	queuePathPattern      = regexp.MustCompile(`^/\d{12}/[A-Za-z0-9_-]{1,80}(\.fifo)?$`)
)

// maxDisplayName bounds a display name, in characters.
const maxDisplayName = 100

// validate checks an output's settings and the config of its type. Errors name the field and
// never echo a secret's value.
func validate(o *outputsapi.Output) error {
	if o.DisplayName == "" || utf8.RuneCountInString(o.DisplayName) > maxDisplayName {
		return invalid("displayName: give a name of 1 to %d characters", maxDisplayName)
	}
	for i, s := range o.DefaultForSeverity {
		if !slices.Contains(severities, s) {
			return invalid("defaultForSeverity[%d]: %q is not a severity (one of %s)", i, s, strings.Join(severities, ", "))
		}
	}
	for i, t := range o.AlertTypes {
		if !slices.Contains(alertTypes, t) {
			return invalid("alertTypes[%d]: %q is not an alert type (one of %s)", i, t, strings.Join(alertTypes, ", "))
		}
	}
	return validateConfig(o.OutputConfig)
}

// validateConfig checks the one config that is set (configType made sure there is one).
func validateConfig(c *outputsapi.OutputConfig) error {
	switch {
	case c.Slack != nil:
		return webhook("outputConfig.slack.webhookURL", c.Slack.WebhookURL)
	case c.PagerDuty != nil:
		if !integrationKeyPattern.MatchString(c.PagerDuty.IntegrationKey) {
			return invalid("outputConfig.pagerduty.integrationKey: must be 32 hexadecimal characters")
		}
	case c.GitHub != nil:
		if !repoPattern.MatchString(c.GitHub.RepoName) {
			return invalid("outputConfig.github.repoName: %q is not an owner/repository name", c.GitHub.RepoName)
		}
		return required("outputConfig.github.token", c.GitHub.Token)
	case c.Jira != nil:
		return validateJira(c.Jira)
	case c.Opsgenie != nil:
		return validateOpsgenie(c.Opsgenie)
	case c.MSTeams != nil:
		return webhook("outputConfig.msteams.webhookURL", c.MSTeams.WebhookURL)
	case c.SQS != nil:
		return validateQueue(c.SQS.QueueURL)
	case c.SNS != nil:
		if !topicARNPattern.MatchString(c.SNS.TopicARN) {
			return invalid("outputConfig.sns.topicArn: %q is not an SNS topic ARN", c.SNS.TopicARN)
		}
	case c.Asana != nil:
		return validateAsana(c.Asana)
	case c.CustomWebhook != nil:
		return webhook("outputConfig.customwebhook.webhookURL", c.CustomWebhook.WebhookURL)
	}
	return nil
}

// validateOpsgenie defaults the region to US, as the web app did before it asked.
func validateOpsgenie(o *outputsapi.OpsgenieConfig) error {
	if o.ServiceRegion == "" {
		o.ServiceRegion = outputsapi.OpsgenieRegionUS
	}
	if o.ServiceRegion != outputsapi.OpsgenieRegionUS && o.ServiceRegion != outputsapi.OpsgenieRegionEU {
		return invalid("outputConfig.opsgenie.serviceRegion: %q must be US or EU", o.ServiceRegion)
	}
	return required("outputConfig.opsgenie.apiKey", o.APIKey)
}

func validateQueue(queueURL string) error {
	u, err := address("outputConfig.sqs.queueUrl", queueURL)
	if err != nil {
		return err
	}
	if !queuePathPattern.MatchString(u.Path) {
		return invalid("outputConfig.sqs.queueUrl: %q is not a queue URL (https://sqs.<region>.amazonaws.com/<account>/<queue>)", queueURL)
	}
	return nil
}

func validateAsana(a *outputsapi.AsanaConfig) error {
	if len(a.ProjectGids) == 0 {
		return invalid("outputConfig.asana.projectGids: give at least one project")
	}
	for i, gid := range a.ProjectGids {
		if !gidPattern.MatchString(gid) {
			return invalid("outputConfig.asana.projectGids[%d]: %q is not a project gid (digits)", i, gid)
		}
	}
	return required("outputConfig.asana.personalAccessToken", a.PersonalAccessToken)
}

func validateJira(j *outputsapi.JiraConfig) error {
	j.OrgDomain = strings.TrimRight(j.OrgDomain, "/")
	if _, err := address("outputConfig.jira.orgDomain", j.OrgDomain); err != nil {
		return err
	}
	for _, f := range []struct{ name, value string }{{"projectKey", j.ProjectKey}, {"userName", j.UserName}, {"issueType", j.IssueType}, {"apiKey", j.APIKey}} {
		if err := required("outputConfig.jira."+f.name, f.value); err != nil {
			return err
		}
	}
	for i, label := range j.Labels {
		if label == "" || strings.ContainsAny(label, " \t\r\n") {
			return invalid("outputConfig.jira.labels[%d]: a Jira label is a non-empty word without spaces", i)
		}
	}
	return nil
}

func required(field, value string) error {
	if strings.TrimSpace(value) == "" {
		return invalid("%s is required", field)
	}
	return nil
}

// webhook checks a secret URL without ever echoing it.
func webhook(field, raw string) error {
	if raw == "" {
		return invalid("%s is required", field)
	}
	if u, err := url.Parse(raw); err != nil || !allowedScheme(u) {
		return invalid("%s: must be an https URL (http only to a loopback host)", field)
	}
	return nil
}

// address checks a URL that is not a secret.
func address(field, raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil || !allowedScheme(u) {
		return nil, invalid("%s: %q must be an https URL (http only to a loopback host)", field, raw)
	}
	return u, nil
}

// allowedScheme: https to any host; plain http only to a loopback host, which is where local
// receivers and emulators listen, so that nothing leaves the machine unencrypted.
func allowedScheme(u *url.URL) bool {
	if u.Host == "" || u.User != nil {
		return false
	}
	if u.Scheme == "https" {
		return true
	}
	host := u.Hostname()
	ip := net.ParseIP(host)
	return u.Scheme == "http" && (host == "localhost" || (ip != nil && ip.IsLoopback()))
}
