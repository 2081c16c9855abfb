package server

import (
	"fmt"
	"net"
	"net/url"
	"regexp"
	"strconv"
	"strings"
)

// The environment variables the server reads. The web stack's ECS task sets them.
const (
	EnvRegion           = "AWS_REGION"
	EnvAccountID        = "AWS_ACCOUNT_ID"
	EnvGraphQLEndpoint  = "WEB_APPLICATION_GRAPHQL_API_ENDPOINT"
	EnvUserPoolID       = "WEB_APPLICATION_USER_POOL_ID"
	EnvUserPoolClientID = "WEB_APPLICATION_USER_POOL_CLIENT_ID"
	EnvVersion          = "PANTHER_VERSION"
	EnvCommit           = "PANTHER_COMMIT"
	EnvCognitoEndpoint  = "WEB_APPLICATION_COGNITO_ENDPOINT"
	EnvPort             = "SERVER_PORT"
	EnvDistDir          = "WEB_DIST_DIR"
)

// Defaults of the optional settings. DefaultDistDir is where the web image puts the app
// (hack/image), so the container needs no setting for it; local runs point WEB_DIST_DIR at
// web/dist.
const (
	DefaultPort    = 8080
	DefaultDistDir = "/app/dist"
)

// Settings configure the server. Every field but Port and DistDir is required: the app
// cannot sign anyone in or call its API without them, so the server refuses to start rather
// than serve an app that fails in the browser.
type Settings struct {
	Region           string // the AWS region of the deployment, such as us-east-1
	AccountID        string // the AWS account of the deployment, 12 digits
	GraphQLEndpoint  string // the URL of the AppSync GraphQL API
	UserPoolID       string // the Cognito user pool, <region>_<id>
	UserPoolClientID string // the Cognito app client of the web app
	Version          string // the Panther release
	Commit           string // the source commit of the release
	CognitoEndpoint  string // where the app calls Cognito, if not the region's endpoint: localaws in local runs
	Port             int    // the TCP port to listen on
	DistDir          string // the folder Vite built the app into
}

// required lists the required variables in the order errors name them, each with what it is
// for: the message is read by whoever deploys the server, who may not know the app.
var required = []struct {
	name, purpose string
	field         func(*Settings) *string
	check         func(value string, s *Settings) string // "" when the value is well formed
}{
	{EnvRegion, "the AWS region of the deployment, such as us-east-1",
		func(s *Settings) *string { return &s.Region }, checkRegion},
	{EnvAccountID, "the 12-digit AWS account of the deployment",
		func(s *Settings) *string { return &s.AccountID }, checkAccountID},
	{EnvGraphQLEndpoint, "the URL of Panther's GraphQL API, which the app calls",
		func(s *Settings) *string { return &s.GraphQLEndpoint }, checkEndpoint},
	{EnvUserPoolID, "the Cognito user pool the users sign in to, <region>_<id>",
		func(s *Settings) *string { return &s.UserPoolID }, checkUserPoolID},
	{EnvUserPoolClientID, "the Cognito app client of the web app",
		func(s *Settings) *string { return &s.UserPoolClientID }, checkClientID},
	{EnvVersion, "the Panther release the app shows",
		func(s *Settings) *string { return &s.Version }, nil},
	{EnvCommit, "the source commit of the release the app shows",
		func(s *Settings) *string { return &s.Commit }, nil},
}

// Cognito is the endpoint the app signs users in at: the region's, unless a local run names
// localaws's.
func (s Settings) Cognito() string {
	if s.CognitoEndpoint != "" {
		return s.CognitoEndpoint
	}
	return "https://cognito-idp." + s.Region + ".amazonaws.com/"
}

// LoadSettings reads the settings through getenv (os.Getenv in the binary). It reports every
// missing or malformed variable at once in a *SettingsError, so that one failed start shows
// every fix.
func LoadSettings(getenv func(string) string) (Settings, error) {
	s := Settings{Port: DefaultPort, DistDir: DefaultDistDir}
	var problems []SettingProblem
	for _, r := range required {
		value := strings.TrimSpace(getenv(r.name))
		if value == "" {
			problems = append(problems, SettingProblem{Name: r.name, Problem: "is not set: " + r.purpose})
			continue
		}
		*r.field(&s) = value
	}
	// Shapes are checked once every value is read: the user pool ID is checked against the region.
	for _, r := range required {
		if value := *r.field(&s); value != "" && r.check != nil {
			if problem := r.check(value, &s); problem != "" {
				problems = append(problems, SettingProblem{Name: r.name, Problem: problem})
			}
		}
	}
	if value := strings.TrimSpace(getenv(EnvPort)); value != "" {
		port, err := strconv.Atoi(value)
		if err != nil || port < 1 || port > 65535 {
			problems = append(problems, SettingProblem{Name: EnvPort,
				Problem: fmt.Sprintf("is %q, want a TCP port from 1 to 65535", value)})
		}
		s.Port = port
	}
	// The app signs users in at the region's Cognito endpoint; local runs name localaws's.
	if value := strings.TrimSpace(getenv(EnvCognitoEndpoint)); value != "" {
		if problem := checkEndpoint(value, &s); problem != "" {
			problems = append(problems, SettingProblem{Name: EnvCognitoEndpoint, Problem: problem})
		}
		s.CognitoEndpoint = value
	}
	if value := strings.TrimSpace(getenv(EnvDistDir)); value != "" {
		s.DistDir = value
	}
	if len(problems) > 0 {
		return Settings{}, &SettingsError{Problems: problems}
	}
	return s, nil
}

// SettingsError lists every setting that is missing or malformed.
type SettingsError struct {
	Problems []SettingProblem
}

// SettingProblem is what is wrong with one environment variable.
type SettingProblem struct {
	Name    string // the environment variable
	Problem string // what is wrong, worded to follow the name
}

func (e *SettingsError) Error() string {
	parts := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		parts[i] = p.Name + " " + p.Problem
	}
	return "the web server's settings are incomplete: " + strings.Join(parts, "; ")
}

var (
	regionPattern     = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-\d+$`)
	accountIDPattern  = regexp.MustCompile(`^\d{12}$`)
	userPoolIDPattern = regexp.MustCompile(`^([a-z]{2}(?:-[a-z]+)+-\d+)_[0-9A-Za-z]+$`)
	// clientIDPattern is Cognito's own pattern for app client IDs.
	clientIDPattern = regexp.MustCompile(`^[\w+]{1,128}$`)
)

func checkRegion(value string, _ *Settings) string {
	if !regionPattern.MatchString(value) {
		return fmt.Sprintf("is %q, want an AWS region such as us-east-1", value)
	}
	return ""
}

func checkAccountID(value string, _ *Settings) string {
	if !accountIDPattern.MatchString(value) {
		return fmt.Sprintf("is %q, want the 12 digits of an AWS account", value)
	}
	return ""
}

// checkUserPoolID also compares the pool's region with AWS_REGION: the app signs in against
// Cognito in AWS_REGION, where a pool of another region does not exist. A malformed region is
// reported on its own, not again here.
func checkUserPoolID(value string, s *Settings) string {
	m := userPoolIDPattern.FindStringSubmatch(value)
	if m == nil {
		return fmt.Sprintf("is %q, want a Cognito user pool ID such as us-east-1_AbC123dEf", value)
	}
	if regionPattern.MatchString(s.Region) && m[1] != s.Region {
		return fmt.Sprintf("is %q, a pool of %s, but %s is %s", value, m[1], EnvRegion, s.Region)
	}
	return ""
}

func checkClientID(value string, _ *Settings) string {
	if !clientIDPattern.MatchString(value) {
		return fmt.Sprintf("is %q, want a Cognito app client ID (letters, digits, _ and +)", value)
	}
	return ""
}

// checkEndpoint wants an https URL, since the browser sends the users' tokens there. Plain
// http is accepted only on a loopback host, which is how local runs reach localaws.
func checkEndpoint(value string, _ *Settings) string {
	u, err := url.Parse(value)
	if err != nil || u.Host == "" || u.Opaque != "" {
		return fmt.Sprintf("is %q, want an https URL such as https://abc.appsync-api.us-east-1.amazonaws.com/graphql", value)
	}
	if u.User != nil || u.Fragment != "" {
		return fmt.Sprintf("is %q, want a URL without credentials or fragment", value)
	}
	switch u.Scheme {
	case "https":
		return ""
	case "http":
		if isLoopback(u.Hostname()) {
			return ""
		}
		return fmt.Sprintf("is %q: plain http is allowed only on a loopback host (localhost, 127.0.0.1, ::1); use https", value)
	default:
		return fmt.Sprintf("is %q, want an https URL", value)
	}
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
