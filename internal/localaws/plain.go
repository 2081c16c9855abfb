package localaws

import (
	"net/http"
	"regexp"
	"strings"

	"github.com/panther-operator/panther-operator/internal/localaws/appsync"
)

// wellKnownPath is a user pool's discovery documents: /<pool id>/.well-known/<document>.
var wellKnownPath = regexp.MustCompile(`^/([a-z]{2}(?:-[a-z]+)+-\d_[0-9A-Za-z]+)/\.well-known/(jwks\.json|openid-configuration)$`)

// servePlain answers the plain HTTP endpoints that AWS serves on other hosts: the GraphQL
// endpoints of AppSync APIs, and a user pool's JWKS and OpenID configuration (at the tokens'
// issuer). It reports whether the request was one of them.
func (e *Emulator) servePlain(w http.ResponseWriter, r *http.Request) bool {
	if strings.HasPrefix(r.URL.Path, appsync.GraphQLPrefix) {
		e.appsync.ServeGraphQL(w, r)
		return true
	}
	if !strings.Contains(r.URL.Path, "/.well-known/") {
		return false // most requests: no need for the pattern
	}
	m := wellKnownPath.FindStringSubmatch(r.URL.Path)
	if m == nil || r.Method != http.MethodGet {
		return false
	}
	e.store.Lock()
	var data []byte
	var ok bool
	if m[2] == "jwks.json" {
		data, ok = e.cognito.JWKS(m[1])
	} else {
		data, ok = e.cognito.OpenIDConfiguration(m[1])
	}
	e.store.Unlock()
	if !ok {
		http.Error(w, `{"message":"User pool `+m[1]+` does not exist."}`, http.StatusNotFound)
		return true
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(data)
	return true
}
