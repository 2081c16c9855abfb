package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// configOf finds the runtime configuration in an index the way the app does (the element with
// the id), checks that it is the only one and in the head, and decodes it.
func configOf(t *testing.T, doc []byte) RuntimeConfig {
	t.Helper()
	var found []*html.Node
	for _, s := range scriptElements(t, doc) {
		if attr(s, "id") == ConfigElementID {
			found = append(found, s)
		}
	}
	if len(found) != 1 {
		t.Fatalf("the index has %d elements with id %s, want 1:\n%s", len(found), ConfigElementID, doc)
	}
	el := found[0]
	if attr(el, "type") != "application/json" {
		t.Errorf("the configuration element has type %q, want application/json (data, never run)", attr(el, "type"))
	}
	if el.Parent == nil || el.Parent.Data != "head" {
		t.Errorf("the configuration element is not in the head")
	}
	var cfg RuntimeConfig
	dec := json.NewDecoder(strings.NewReader(text(el)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&cfg); err != nil {
		t.Fatalf("the configuration is not JSON: %v\n%s", err, text(el))
	}
	return cfg
}

func TestEveryAppRouteAnswersTheIndexWithTheConfiguration(t *testing.T) {
	dir := testDist(t)
	url, _, _ := startApp(t, testSettings(dir))
	want := RuntimeConfig{
		Region: "eu-west-2", AccountID: "123456789012",
		GraphQLEndpoint: "https://abcdefghij.appsync-api.eu-west-2.amazonaws.com/graphql",
		UserPoolID:      "eu-west-2_AbC123dEf", UserPoolClientID: "4u1qv0example0client0id0abc",
		CognitoEndpoint: "https://cognito-idp.eu-west-2.amazonaws.com/",
		Version:         "1.16.0", Commit: "e74a52eb",
	}
	for _, path := range []string{"/", "/index.html", "/log-analysis/alerts/abc/", "/settings/users?page=2",
		"/detections/rules/My.Rule/edit/", "/favicon.png", "/assets.js"} {
		t.Run(path, func(t *testing.T) {
			resp, body := fetch(t, http.MethodGet, url+path, map[string]string{"Accept-Encoding": "br, gzip"})
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("status %d, want 200", resp.StatusCode)
			}
			if got := resp.Header.Get("Content-Type"); got != "text/html; charset=utf-8" {
				t.Errorf("Content-Type = %q", got)
			}
			if got := resp.Header.Get("Cache-Control"); got != "no-cache" {
				t.Errorf("Cache-Control = %q, want no-cache", got)
			}
			// The precompressed index.html.br of the folder has no configuration: never served.
			if enc := resp.Header.Get("Content-Encoding"); enc != "" {
				t.Errorf("the index came with Content-Encoding %q", enc)
			}
			if got := configOf(t, body); got != want {
				t.Errorf("configuration = %+v, want %+v", got, want)
			}
			// The rest of the document is Vite's, unchanged.
			if !bytes.Contains(body, []byte(`<script type="module" crossorigin src="/`+appJS+`"></script>`)) {
				t.Errorf("the app's script is gone:\n%s", body)
			}
		})
	}
}

func TestAHostileValueCannotLeaveTheConfigurationElement(t *testing.T) {
	s := testSettings(testDist(t))
	// PANTHER_VERSION is free text, so it is where a hostile value could come in.
	s.Version = "1.16</script><script>alert(1)</script><!--<script>&amp;\u2028\u2029'\""
	url, _, _ := startApp(t, s)
	_, body := fetch(t, http.MethodGet, url+"/alerts/", nil)

	if got := configOf(t, body).Version; got != s.Version {
		t.Errorf("version = %q, want %q", got, s.Version)
	}
	scripts := scriptElements(t, body)
	if len(scripts) != 2 {
		t.Errorf("the document has %d script elements, want the app's and the configuration:\n%s", len(scripts), body)
	}
	start := bytes.Index(body, []byte(`<script id="`+ConfigElementID+`" type="application/json">`))
	end := bytes.Index(body[start:], []byte("</script>"))
	raw := string(body[start+len(`<script id="`+ConfigElementID+`" type="application/json">`) : start+end])
	if strings.ContainsAny(raw, "<>&\u2028\u2029") {
		t.Errorf("the configuration holds raw <, >, &, U+2028 or U+2029: %s", raw)
	}
}

func TestPrecompressedSiblings(t *testing.T) {
	dir := testDist(t)
	url, _, _ := startApp(t, testSettings(dir))
	read := func(name string) []byte {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	cases := []struct {
		reason, file, acceptEncoding string
		wantEncoding, wantBody       string // wantBody is the dist file whose bytes are sent
	}{
		{"brotli is preferred when both are accepted", appJS, "gzip, deflate, br", "br", appJS + ".br"},
		{"gzip when brotli is not accepted", appJS, "gzip, deflate", "gzip", appJS + ".gz"},
		{"q=0 refuses brotli", appJS, "br;q=0, gzip", "gzip", appJS + ".gz"},
		{"a higher weight wins over the server's preference", appJS, "br;q=0.2, gzip;q=0.8", "gzip", appJS + ".gz"},
		{"the wildcard accepts brotli", appJS, "*", "br", appJS + ".br"},
		{"the wildcard at q=0 refuses what is not named", appJS, "gzip;q=0, *;q=0", "", appJS},
		{"no Accept-Encoding gets the file itself", appJS, "", "", appJS},
		{"identity only gets the file itself", appJS, "identity", "", appJS},
		{"a file with only a gzip sibling", appCSS, "br, gzip", "gzip", appCSS + ".gz"},
		{"brotli asked for where there is none", appCSS, "br", "", appCSS},
	}
	for _, tc := range cases {
		t.Run(tc.reason, func(t *testing.T) {
			resp, body := fetch(t, http.MethodGet, url+"/"+tc.file, map[string]string{"Accept-Encoding": tc.acceptEncoding})
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("status %d", resp.StatusCode)
			}
			if got := resp.Header.Get("Content-Encoding"); got != tc.wantEncoding {
				t.Errorf("Content-Encoding = %q, want %q", got, tc.wantEncoding)
			}
			if !bytes.Equal(body, read(tc.wantBody)) {
				t.Errorf("body = %q, want the bytes of %s", body, tc.wantBody)
			}
			if got := resp.Header.Get("Vary"); got != "Accept-Encoding" {
				t.Errorf("Vary = %q, want Accept-Encoding on every variant", got)
			}
			wantType := map[string]string{appJS: "text/javascript; charset=utf-8", appCSS: "text/css; charset=utf-8"}[tc.file]
			if got := resp.Header.Get("Content-Type"); got != wantType {
				t.Errorf("Content-Type = %q, want %q (the type of the file asked for)", got, wantType)
			}
		})
	}

	t.Run("a file without siblings does not vary", func(t *testing.T) {
		resp, _ := fetch(t, http.MethodGet, url+"/"+logoSVG, map[string]string{"Accept-Encoding": "br, gzip"})
		if resp.Header.Get("Vary") != "" || resp.Header.Get("Content-Encoding") != "" {
			t.Errorf("Vary %q, Content-Encoding %q, want neither", resp.Header.Get("Vary"), resp.Header.Get("Content-Encoding"))
		}
	})
	t.Run("HEAD gives the length of the variant it would send", func(t *testing.T) {
		resp, body := fetch(t, http.MethodHead, url+"/"+appJS, map[string]string{"Accept-Encoding": "br"})
		if len(body) != 0 || resp.Header.Get("Content-Length") != strconv.Itoa(len(read(appJS+".br"))) {
			t.Errorf("HEAD gave %d body bytes and length %q (%v)", len(body), resp.Header.Get("Content-Length"), resp.Header)
		}
	})
}

func TestCacheControlByKind(t *testing.T) {
	url, _, _ := startApp(t, testSettings(testDist(t)))
	cases := []struct {
		path, wantCache, wantType string
	}{
		{"/" + appJS, "public, max-age=31536000, immutable", "text/javascript; charset=utf-8"},
		{"/" + appCSS, "public, max-age=31536000, immutable", "text/css; charset=utf-8"},
		{"/" + logoSVG, "public, max-age=31536000, immutable", "image/svg+xml"},
		{"/" + fontFile, "public, max-age=31536000, immutable", "font/woff2"},
		{"/" + photoJPG, "public, max-age=31536000, immutable", "image/jpeg"},
		{"/" + chunkJS, "no-cache", "text/javascript; charset=utf-8"},
		{"/assets/sub/x.js", "no-cache", "text/javascript; charset=utf-8"},
		{"/favicon.ico", "public, max-age=604800", "image/x-icon"},
		{"/robots.txt", "no-cache", "text/plain; charset=utf-8"},
		{"/", "no-cache", "text/html; charset=utf-8"},
		{"/healthcheck", "no-store", "text/plain; charset=utf-8"},
		{"/assets/gone-AbC12345.js", "no-cache", "text/plain; charset=utf-8"},
	}
	for _, tc := range cases {
		t.Run(tc.path, func(t *testing.T) {
			resp, _ := fetch(t, http.MethodGet, url+tc.path, nil)
			if got := resp.Header.Get("Cache-Control"); got != tc.wantCache {
				t.Errorf("Cache-Control = %q, want %q", got, tc.wantCache)
			}
			if got := resp.Header.Get("Content-Type"); got != tc.wantType {
				t.Errorf("Content-Type = %q, want %q", got, tc.wantType)
			}
		})
	}
}

func TestAMissingAssetIsNotFound(t *testing.T) {
	url, _, _ := startApp(t, testSettings(testDist(t)))
	for _, path := range []string{"/assets/index-Old12345.js", "/assets/", "/assets", "/assets/sub/", "/assets/index-AbC12_-9.js/x"} {
		t.Run(path, func(t *testing.T) {
			resp, body := fetch(t, http.MethodGet, url+path, nil)
			if resp.StatusCode != http.StatusNotFound {
				t.Errorf("status %d, want 404", resp.StatusCode)
			}
			if bytes.Contains(body, []byte("<html")) {
				t.Errorf("a missing asset got the index: %s", body)
			}
		})
	}
}

func TestOnlyGetAndHead(t *testing.T) {
	url, _, _ := startApp(t, testSettings(testDist(t)))
	for _, method := range []string{http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete, http.MethodOptions, "PROPFIND"} {
		t.Run(method, func(t *testing.T) {
			resp, _ := fetch(t, method, url+"/", nil)
			if resp.StatusCode != http.StatusMethodNotAllowed {
				t.Errorf("status %d, want 405", resp.StatusCode)
			}
			if got := resp.Header.Get("Allow"); got != "GET, HEAD" {
				t.Errorf("Allow = %q", got)
			}
		})
	}
}

func TestHealthcheck(t *testing.T) {
	url, _, _ := startApp(t, testSettings(testDist(t)))
	resp, body := fetch(t, http.MethodGet, url+"/healthcheck", nil)
	if resp.StatusCode != http.StatusOK || string(body) != "ok" {
		t.Errorf("GET /healthcheck = %d %q, want 200 ok", resp.StatusCode, body)
	}
	if resp, body := fetch(t, http.MethodHead, url+"/healthcheck", nil); resp.StatusCode != http.StatusOK || len(body) != 0 {
		t.Errorf("HEAD /healthcheck = %d with %d body bytes", resp.StatusCode, len(body))
	}
}

func TestTheIndexIsRevalidatedByETag(t *testing.T) {
	url, _, _ := startApp(t, testSettings(testDist(t)))
	first, _ := fetch(t, http.MethodGet, url+"/alerts/", nil)
	etag := first.Header.Get("ETag")
	if etag == "" {
		t.Fatal("the index has no ETag")
	}
	again, body := fetch(t, http.MethodGet, url+"/", map[string]string{"If-None-Match": etag})
	if again.StatusCode != http.StatusNotModified || len(body) != 0 {
		t.Errorf("revalidation = %d with %d bytes, want 304", again.StatusCode, len(body))
	}

	// Another configuration is another document, so browsers must not keep the old one.
	other := testSettings(testDist(t))
	other.Version = "1.16.1"
	otherURL, _, _ := startApp(t, other)
	if resp, _ := fetch(t, http.MethodGet, otherURL+"/", map[string]string{"If-None-Match": etag}); resp.StatusCode != http.StatusOK {
		t.Errorf("an index with another configuration answered %d to the old ETag, want 200", resp.StatusCode)
	}
}

func TestSecurityHeadersOnEveryAnswer(t *testing.T) {
	url, _, _ := startApp(t, testSettings(testDist(t)))
	index, _ := fetch(t, http.MethodGet, url+"/", nil)
	requests := []struct {
		method, path string
		header       map[string]string
		wantStatus   int
	}{
		{http.MethodGet, "/", nil, http.StatusOK},
		{http.MethodGet, "/log-analysis/alerts/abc/", nil, http.StatusOK},
		{http.MethodGet, "/" + appJS, map[string]string{"Accept-Encoding": "br"}, http.StatusOK},
		{http.MethodGet, "/favicon.ico", nil, http.StatusOK},
		{http.MethodGet, "/healthcheck", nil, http.StatusOK},
		{http.MethodHead, "/", nil, http.StatusOK},
		{http.MethodGet, "/", map[string]string{"If-None-Match": index.Header.Get("ETag")}, http.StatusNotModified},
		{http.MethodGet, "/" + appJS, map[string]string{"Range": "bytes=1000-2000"}, http.StatusRequestedRangeNotSatisfiable},
		{http.MethodGet, "/assets/missing-AbC12345.js", nil, http.StatusNotFound},
		{http.MethodPost, "/graphql", nil, http.StatusMethodNotAllowed},
	}
	want := map[string]string{
		"Strict-Transport-Security": "max-age=31536000; includeSubDomains",
		"X-Content-Type-Options":    "nosniff",
		"Referrer-Policy":           "strict-origin-when-cross-origin",
		"Permissions-Policy":        "camera=(), microphone=(), geolocation=()",
		"X-Frame-Options":           "DENY",
	}
	for _, r := range requests {
		t.Run(r.method+" "+r.path, func(t *testing.T) {
			resp, _ := fetch(t, r.method, url+r.path, r.header)
			if resp.StatusCode != r.wantStatus {
				t.Errorf("status %d, want %d", resp.StatusCode, r.wantStatus)
			}
			for name, value := range want {
				if got := resp.Header.Get(name); got != value {
					t.Errorf("%s = %q, want %q", name, got, value)
				}
			}
			checkCSP(t, resp.Header.Get("Content-Security-Policy"))
		})
	}
}

// checkCSP checks each directive of the policy on its own, so that a failure names it.
func checkCSP(t *testing.T, policy string) {
	t.Helper()
	directives := map[string]string{}
	for d := range strings.SplitSeq(policy, ";") {
		name, value, _ := strings.Cut(strings.TrimSpace(d), " ")
		directives[name] = value
	}
	want := map[string]string{
		"default-src":     "'self'",
		"script-src":      "'self'",
		"style-src":       "'self' 'unsafe-inline'",
		"connect-src":     "'self' https://abcdefghij.appsync-api.eu-west-2.amazonaws.com https://cognito-idp.eu-west-2.amazonaws.com",
		"frame-ancestors": "'none'",
		"object-src":      "'none'",
		"base-uri":        "'self'",
	}
	for name, value := range want {
		if directives[name] != value {
			t.Errorf("CSP %s = %q, want %q (policy %q)", name, directives[name], value, policy)
		}
	}
}

func TestCSPOfALocalRun(t *testing.T) {
	s := testSettings("")
	s.GraphQLEndpoint = "http://127.0.0.1:4566/graphql"
	csp := contentSecurityPolicy(s)
	if !strings.Contains(csp, "connect-src 'self' http://127.0.0.1:4566 https://cognito-idp.eu-west-2.amazonaws.com;") {
		t.Errorf("policy %q does not let the app reach localaws", csp)
	}
	// A local run that signs in at localaws too names its one origin once.
	s.CognitoEndpoint = "http://127.0.0.1:4566/"
	if csp := contentSecurityPolicy(s); !strings.Contains(csp, "connect-src 'self' http://127.0.0.1:4566;") {
		t.Errorf("policy %q, want localaws named once for AppSync and Cognito", csp)
	}
}

func TestNoPathLeavesTheDistFolder(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "dist")
	writeFile(t, filepath.Join(dir, "index.html"), []byte(testIndex))
	writeFile(t, filepath.Join(parent, "secret.txt"), []byte("TOP SECRET"))
	if err := os.Symlink(filepath.Join(parent, "secret.txt"), filepath.Join(dir, "secret.txt")); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "assets"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("../../secret.txt", filepath.Join(dir, "assets", "leak-AbC12345.js")); err != nil {
		t.Fatal(err)
	}
	url, _, _ := startApp(t, testSettings(dir))
	for _, path := range []string{"/../secret.txt", "/..%2fsecret.txt", "/%2e%2e/secret.txt", "/secret.txt",
		"/assets/leak-AbC12345.js", "/assets/..%2f..%2fsecret.txt", "/%00"} {
		t.Run(path, func(t *testing.T) {
			_, body := fetch(t, http.MethodGet, url+path, nil)
			if bytes.Contains(body, []byte("TOP SECRET")) {
				t.Errorf("%s served a file outside the dist folder", path)
			}
		})
	}
}

func TestNewAppRefusesAnUnusableDist(t *testing.T) {
	write := func(index string) string {
		dir := t.TempDir()
		writeFile(t, filepath.Join(dir, "index.html"), []byte(index))
		return dir
	}
	cases := []struct {
		reason, dir, wantText string
		wantErr               error
	}{
		{"no folder", filepath.Join(t.TempDir(), "missing"), "npm run build", nil},
		{"no index.html", t.TempDir(), "has no index.html", nil},
		{"no </head>", write("<!doctype html><html><body><div id=root></div></body></html>"), "", errNoHead},
		{"the index already has the element", write(`<html><head><script id="__PANTHER_CONFIG__">{}</script></head></html>`),
			"already mentions __PANTHER_CONFIG__", nil},
	}
	for _, tc := range cases {
		t.Run(tc.reason, func(t *testing.T) {
			_, err := NewApp(testSettings(tc.dir), slog.New(slog.DiscardHandler))
			if err == nil {
				t.Fatal("NewApp accepted the folder")
			}
			if !strings.Contains(err.Error(), EnvDistDir) {
				t.Errorf("error %q does not name %s", err, EnvDistDir)
			}
			if tc.wantErr != nil && !errors.Is(err, tc.wantErr) {
				t.Errorf("error %v is not %v", err, tc.wantErr)
			}
			if !strings.Contains(err.Error(), tc.wantText) {
				t.Errorf("error %q does not say %q", err, tc.wantText)
			}
		})
	}
}

func TestTheConfigurationGoesBeforeAnyCaseOfHeadEnd(t *testing.T) {
	// İ lowers to a shorter byte sequence; the offset must still be that of the original bytes.
	out, err := injectConfig([]byte("<HTML><HEAD><title>İİİ</title></HEAD><body></body></HTML>"), RuntimeConfig{Version: "v"})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasSuffix(out, []byte(`"commit":""}</script></HEAD><body></body></HTML>`)) || !bytes.Contains(out, []byte("<title>İİİ</title>")) {
		t.Errorf("injected at the wrong place: %s", out)
	}
}

func TestOneAccessLogLinePerRequestWithoutTheQuery(t *testing.T) {
	url, logs, stop := startApp(t, testSettings(testDist(t)))
	fetch(t, http.MethodGet, url+"/log-analysis/alerts/?status=OPEN&title=db-password-123", nil)
	fetch(t, http.MethodGet, url+"/assets/missing-AbC12345.js?v=1", nil)
	fetch(t, http.MethodDelete, url+"/", nil)
	stop()

	if strings.Contains(logs.String(), "db-password-123") || strings.Contains(logs.String(), "v=1") {
		t.Errorf("the access log holds a query string:\n%s", logs)
	}
	type line struct {
		Msg    string `json:"msg"`
		Method string `json:"method"`
		Path   string `json:"path"`
		Status int    `json:"status"`
		Bytes  int64  `json:"bytes"`
	}
	var got []line
	for raw := range strings.SplitSeq(strings.TrimSpace(logs.String()), "\n") {
		var l line
		if err := json.Unmarshal([]byte(raw), &l); err != nil {
			t.Fatalf("log line %q is not JSON: %v", raw, err)
		}
		got = append(got, l)
	}
	want := []line{
		{"Answered request", http.MethodGet, "/log-analysis/alerts/", http.StatusOK, 0},
		{"Answered request", http.MethodGet, "/assets/missing-AbC12345.js", http.StatusNotFound, 0},
		{"Answered request", http.MethodDelete, "/", http.StatusMethodNotAllowed, 0},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d log lines, want %d:\n%s", len(got), len(want), logs)
	}
	for i := range want {
		if got[i].Bytes <= 0 {
			t.Errorf("line %d counts %d body bytes", i, got[i].Bytes)
		}
		got[i].Bytes = 0
		if got[i] != want[i] {
			t.Errorf("line %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}
