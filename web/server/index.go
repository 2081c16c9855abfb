package server

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
)

// ConfigElementID is the id of the script element that carries the runtime configuration.
// The app reads it with JSON.parse(document.getElementById('__PANTHER_CONFIG__').textContent).
const ConfigElementID = "__PANTHER_CONFIG__"

// RuntimeConfig is what the app learns about its deployment when it loads. It is injected
// into index.html rather than built into the bundle, so that one build of the app serves
// every deployment.
type RuntimeConfig struct {
	Region           string `json:"region"`
	AccountID        string `json:"accountId"`
	GraphQLEndpoint  string `json:"graphqlEndpoint"`
	UserPoolID       string `json:"userPoolId"`
	UserPoolClientID string `json:"userPoolClientId"`
	CognitoEndpoint  string `json:"cognitoEndpoint"`
	Version          string `json:"version"`
	Commit           string `json:"commit"`
}

// runtimeConfig is the part of the settings the browser sees.
func runtimeConfig(s Settings) RuntimeConfig {
	return RuntimeConfig{
		Region: s.Region, AccountID: s.AccountID, GraphQLEndpoint: s.GraphQLEndpoint,
		UserPoolID: s.UserPoolID, UserPoolClientID: s.UserPoolClientID, CognitoEndpoint: s.Cognito(),
		Version: s.Version, Commit: s.Commit,
	}
}

// configScript is the script element holding cfg as JSON. json.Marshal writes <, > and & as
// \u003c, \u003e and \u0026, and U+2028 and U+2029 as \u2028 and \u2029, so no value can end
// the element (</script>), open a comment that changes how the HTML parser reads the rest
// (<!--), or break older JavaScript parsers. The element's type makes it data, never run, so
// the Content-Security-Policy needs no exception for it.
func configScript(cfg RuntimeConfig) ([]byte, error) {
	data, err := json.Marshal(cfg)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	b.WriteString(`<script id="` + ConfigElementID + `" type="application/json">`)
	b.Write(data)
	b.WriteString("</script>")
	return b.Bytes(), nil
}

// errNoHead is returned for an index.html without </head>: the configuration must be in the
// document before the app's module scripts run, and without a head there is no safe place.
var errNoHead = errors.New("index.html has no </head> to put the runtime configuration before")

// injectConfig is the index with the configuration script inserted before its </head>.
func injectConfig(index []byte, cfg RuntimeConfig) ([]byte, error) {
	// A second element with the id would let document.getElementById find the wrong one.
	if bytes.Contains(index, []byte(ConfigElementID)) {
		return nil, fmt.Errorf("index.html already mentions %s; the server adds that element itself, so remove it from the app's index.html", ConfigElementID)
	}
	at := indexASCIIFold(index, "</head>")
	if at < 0 {
		return nil, errNoHead
	}
	script, err := configScript(cfg)
	if err != nil {
		return nil, err
	}
	out := make([]byte, 0, len(index)+len(script))
	out = append(out, index[:at]...)
	out = append(out, script...)
	return append(out, index[at:]...), nil
}

// indexASCIIFold is the offset of the first match of the lowercase ASCII needle in s, any
// case, or -1. It compares bytes, so that offsets stay those of s (bytes.ToLower may change
// the length of non-ASCII text).
func indexASCIIFold(s []byte, needle string) int {
	for i := 0; i+len(needle) <= len(s); i++ {
		match := true
		for j := 0; j < len(needle); j++ {
			c := s[i+j]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			if c != needle[j] {
				match = false
				break
			}
		}
		if match {
			return i
		}
	}
	return -1
}

// strongETag names the content of body, so that browsers revalidating the no-cache index get
// a 304 until the app or the configuration changes.
func strongETag(body []byte) string {
	sum := sha256.Sum256(body)
	return `"` + base64.RawURLEncoding.EncodeToString(sum[:16]) + `"`
}
