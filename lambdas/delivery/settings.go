package delivery

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/panther-operator/panther-operator/lambdas/delivery/senders"
)

// maxQueueDelay is the longest delay SQS gives a message, in seconds.
const maxQueueDelay = 900

// Config is what the function's environment sets.
type Config struct {
	Settings  Settings
	Endpoints senders.Endpoints
	Links     senders.Links
}

// ConfigFromEnv reads ALERT_RETRY_COUNT, MIN_RETRY_DELAY_SECS, MAX_RETRY_DELAY_SECS,
// OUTPUTS_REFRESH_INTERVAL (a duration such as 30s, or seconds), ALERT_URL_PREFIX,
// APP_DOMAIN_URL and the vendors' base URLs PAGERDUTY_API_URL, OPSGENIE_API_URL,
// OPSGENIE_EU_API_URL, GITHUB_API_URL and ASANA_API_URL; what is unset keeps its default.
func ConfigFromEnv(getenv func(string) string) (Config, error) {
	c := Config{Settings: DefaultSettings(), Endpoints: senders.DefaultEndpoints(),
		Links: senders.Links{AlertURLPrefix: getenv("ALERT_URL_PREFIX"), AppDomainURL: getenv("APP_DOMAIN_URL")}}
	for _, n := range []struct {
		name string
		into *int
	}{{"ALERT_RETRY_COUNT", &c.Settings.RetryLimit}, {"MIN_RETRY_DELAY_SECS", &c.Settings.MinRetryDelay}, {"MAX_RETRY_DELAY_SECS", &c.Settings.MaxRetryDelay}} {
		if v := getenv(n.name); v != "" {
			i, err := strconv.Atoi(v)
			if err != nil || i < 0 {
				return c, fmt.Errorf("%s: %q is not a whole number of at least 0", n.name, v)
			}
			*n.into = i
		}
	}
	if c.Settings.MinRetryDelay > c.Settings.MaxRetryDelay || c.Settings.MaxRetryDelay > maxQueueDelay {
		return c, fmt.Errorf("MIN_RETRY_DELAY_SECS and MAX_RETRY_DELAY_SECS: need 0 <= min <= max <= %d, have %d and %d",
			maxQueueDelay, c.Settings.MinRetryDelay, c.Settings.MaxRetryDelay)
	}
	if v := getenv("OUTPUTS_REFRESH_INTERVAL"); v != "" {
		d, err := time.ParseDuration(v)
		if secs, serr := strconv.Atoi(v); serr == nil {
			d, err = time.Duration(secs)*time.Second, nil
		}
		if err != nil || d < 0 {
			return c, fmt.Errorf("OUTPUTS_REFRESH_INTERVAL: %q is not a duration such as 30s", v)
		}
		c.Settings.RefreshInterval = d
	}
	for _, e := range []struct {
		name string
		into *string
	}{{"PAGERDUTY_API_URL", &c.Endpoints.PagerDuty}, {"OPSGENIE_API_URL", &c.Endpoints.OpsgenieUS},
		{"OPSGENIE_EU_API_URL", &c.Endpoints.OpsgenieEU}, {"GITHUB_API_URL", &c.Endpoints.GitHub}, {"ASANA_API_URL", &c.Endpoints.Asana}} {
		if v := getenv(e.name); v != "" {
			if u, err := url.Parse(v); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
				return c, fmt.Errorf("%s: %q is not an http(s) base URL", e.name, v)
			}
			*e.into = strings.TrimRight(v, "/")
		}
	}
	return c, nil
}
