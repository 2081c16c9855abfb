package server

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// contentSecurityPolicy is the policy of every answer. Each directive is as tight as the app
// allows:
//   - script-src 'self': the app's code is Vite's bundle from this origin; the runtime
//     configuration is a JSON data element, which CSP does not treat as a script, so neither
//     'unsafe-inline' nor 'unsafe-eval' is needed.
//   - style-src 'self' 'unsafe-inline': React component libraries insert <style> elements
//     at run time (CSS-in-JS such as Emotion, theme variables of kits such as Mantine), which
//     a static policy cannot list by hash; a per-request nonce would need every library to
//     take it and would make the index differ per request. Inline styles cannot run code, and
//     what they risk (CSS that leaks attribute values) is far smaller than inline script,
//     which stays off.
//   - img-src and font-src allow data: because Vite inlines assets under 4 KiB as data: URLs.
//   - connect-src: this origin, the GraphQL API (AppSync, or localaws in local runs) and
//     Cognito's user pool endpoint of the region, where the app signs users in.
//   - frame-ancestors, object-src, base-uri, form-action: no framing (clickjacking), no
//     plugins, no <base> rewriting of relative URLs, forms post only here.
func contentSecurityPolicy(s Settings) string {
	connect := []string{"'self'"}
	if origin := originOf(s.GraphQLEndpoint); origin != "" {
		connect = append(connect, origin)
	}
	if origin := originOf(s.Cognito()); origin != "" && !slices.Contains(connect, origin) {
		connect = append(connect, origin)
	}
	return strings.Join([]string{
		"default-src 'self'",
		"script-src 'self'",
		"style-src 'self' 'unsafe-inline'",
		"img-src 'self' data:",
		"font-src 'self' data:",
		"connect-src " + strings.Join(connect, " "),
		"frame-ancestors 'none'",
		"object-src 'none'",
		"base-uri 'self'",
		"form-action 'self'",
	}, "; ")
}

// originOf is the scheme://host[:port] of a URL, lower case, or "" if it has none.
func originOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme == "" || u.Host == "" {
		return ""
	}
	return strings.ToLower(u.Scheme + "://" + u.Host)
}

// securityHeaders sets the headers every answer carries, errors included, before the
// handler writes anything.
func securityHeaders(csp string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", csp)
		// Browsers keep to HTTPS for a year once they have seen this over HTTPS (the load
		// balancer's listener); they ignore it over plain HTTP, so local runs are unaffected.
		h.Set("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
		// For browsers older than CSP's frame-ancestors.
		h.Set("X-Frame-Options", "DENY")
		next.ServeHTTP(w, r)
	})
}

// onlyGetAndHead refuses every other method: the server only ever hands out files.
func onlyGetAndHead(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			w.Header().Set("Cache-Control", "no-store")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		next.ServeHTTP(w, r)
	})
}
