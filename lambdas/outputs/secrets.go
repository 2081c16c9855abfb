package outputs

import (
	"encoding/json"
	"strings"

	"github.com/panther-operator/panther-operator/lambdas/api/outputsapi"
)

// configType is the type of the one config that is set.
func configType(c *outputsapi.OutputConfig) (string, error) {
	var set []string
	if c != nil {
		for typ, present := range map[string]bool{
			outputsapi.TypeSlack: c.Slack != nil, outputsapi.TypePagerDuty: c.PagerDuty != nil,
			outputsapi.TypeGitHub: c.GitHub != nil, outputsapi.TypeJira: c.Jira != nil,
			outputsapi.TypeOpsgenie: c.Opsgenie != nil, outputsapi.TypeMSTeams: c.MSTeams != nil,
			outputsapi.TypeSQS: c.SQS != nil, outputsapi.TypeSNS: c.SNS != nil,
			outputsapi.TypeAsana: c.Asana != nil, outputsapi.TypeCustomWebhook: c.CustomWebhook != nil,
		} {
			if present {
				set = append(set, typ)
			}
		}
	}
	if len(set) != 1 {
		return "", invalid("outputConfig: give the config of exactly one output type (one of %s)", strings.Join(outputsapi.Types, ", "))
	}
	return set[0], nil
}

// secretFields are the config's secrets, in a fixed order per type, so that the fields of two
// configs of one type pair up. Queue URLs and topic ARNs are addresses, not secrets.
func secretFields(c *outputsapi.OutputConfig) []*string {
	var out []*string
	if c.Slack != nil {
		out = append(out, &c.Slack.WebhookURL)
	}
	if c.PagerDuty != nil {
		out = append(out, &c.PagerDuty.IntegrationKey)
	}
	if c.GitHub != nil {
		out = append(out, &c.GitHub.Token)
	}
	if c.Jira != nil {
		out = append(out, &c.Jira.APIKey)
	}
	if c.Opsgenie != nil {
		out = append(out, &c.Opsgenie.APIKey)
	}
	if c.MSTeams != nil {
		out = append(out, &c.MSTeams.WebhookURL)
	}
	if c.Asana != nil {
		out = append(out, &c.Asana.PersonalAccessToken)
	}
	if c.CustomWebhook != nil {
		out = append(out, &c.CustomWebhook.WebhookURL)
	}
	return out
}

// redacted is a copy of the output with its secrets blank.
func redacted(o *outputsapi.Output) *outputsapi.Output {
	out := *o
	out.OutputConfig = cloneConfig(o.OutputConfig)
	for _, secret := range secretFields(out.OutputConfig) {
		*secret = ""
	}
	return &out
}

// keepStoredSecrets fills the secrets an update leaves blank with the stored ones: the web app
// shows secrets blank and sends them back blank unless the user types a new one.
func keepStoredSecrets(update, stored *outputsapi.OutputConfig) {
	old := secretFields(stored)
	for i, secret := range secretFields(update) {
		if *secret == "" && i < len(old) {
			*secret = *old[i]
		}
	}
}

// cloneConfig is a deep copy; the config types are plain data, so JSON cannot fail on them.
func cloneConfig(c *outputsapi.OutputConfig) *outputsapi.OutputConfig {
	if c == nil {
		return &outputsapi.OutputConfig{}
	}
	raw, _ := json.Marshal(c)
	var out outputsapi.OutputConfig
	_ = json.Unmarshal(raw, &out)
	return &out
}
