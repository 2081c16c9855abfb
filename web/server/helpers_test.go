package server

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// Names of the files of the test app, shaped as Vite names them.
const (
	appJS    = "assets/index-AbC12_-9.js"
	appCSS   = "assets/index-D8a_b-9Q.css"
	logoSVG  = "assets/logo-Zx81abQ_.svg"
	fontFile = "assets/inter-Qw3rTy12.woff2"
	photoJPG = "assets/team-Pq9Rs8Tu.jpg"
	chunkJS  = "assets/chunk.js" // no hash: Vite would not emit it, but a hand-copied file could be there
)

// testIndex is what Vite writes: the module script and the stylesheet in the head.
const testIndex = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="UTF-8" />
    <link rel="icon" href="/favicon.ico" />
    <title>Panther</title>
    <script type="module" crossorigin src="/` + appJS + `"></script>
    <link rel="stylesheet" crossorigin href="/` + appCSS + `">
  </head>
  <body>
    <div id="root"></div>
  </body>
</html>
`

// testDist writes a built app into a temporary folder: files with precompressed siblings
// (a real gzip, and bytes that stand for brotli: the server never decodes them), files
// without, and a favicon.
func testDist(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string][]byte{
		"index.html":      []byte(testIndex),
		appJS:             []byte("console.log('panther')\n"),
		appJS + ".br":     []byte("brotli bytes of the script"),
		appJS + ".gz":     gzipped(t, "console.log('panther')\n"),
		appCSS:            []byte("body{margin:0}\n"),
		appCSS + ".gz":    gzipped(t, "body{margin:0}\n"),
		logoSVG:           []byte(`<svg xmlns="http://www.w3.org/2000/svg"/>`),
		fontFile:          []byte("wOF2 font"),
		photoJPG:          []byte("\xff\xd8\xff jpeg"),
		chunkJS:           []byte("export {}\n"),
		"favicon.ico":     []byte("icon"),
		"robots.txt":      []byte("User-agent: *\nDisallow: /\n"),
		"index.html.br":   []byte("a precompressed index would lack the configuration"),
		"assets/sub/x.js": []byte("nested"),
	}
	for name, data := range files {
		writeFile(t, filepath.Join(dir, name), data)
	}
	return dir
}

func writeFile(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func gzipped(t *testing.T, s string) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	if _, err := zw.Write([]byte(s)); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// testSettings are valid settings over the dist folder dir.
func testSettings(dir string) Settings {
	return Settings{
		Region: "eu-west-2", AccountID: "123456789012",
		GraphQLEndpoint: "https://abcdefghij.appsync-api.eu-west-2.amazonaws.com/graphql",
		UserPoolID:      "eu-west-2_AbC123dEf", UserPoolClientID: "4u1qv0example0client0id0abc",
		Version: "1.16.0", Commit: "e74a52eb", Port: DefaultPort, DistDir: dir,
	}
}

// startApp serves the app of s on a real loopback server and returns its URL. Its access log
// goes to logs, complete once the returned stop has run (stop waits for requests in flight).
func startApp(t *testing.T, s Settings) (url string, logs *bytes.Buffer, stop func()) {
	t.Helper()
	logs = &bytes.Buffer{}
	app, err := NewApp(s, slog.New(slog.NewJSONHandler(logs, nil)))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(app)
	stopped := false
	stop = func() {
		if !stopped {
			stopped = true
			srv.Close()
			_ = app.Close()
		}
	}
	t.Cleanup(stop)
	return srv.URL, logs, stop
}

// answer is a response as the server sent it, its body read and closed.
type answer struct {
	StatusCode int
	Header     http.Header
}

// fetch sends one request and returns the answer and its body.
func fetch(t *testing.T, method, url string, header map[string]string) (answer, []byte) {
	t.Helper()
	req, err := http.NewRequestWithContext(context.Background(), method, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	// A transport of its own that never asks for or decodes gzip by itself, so that what the
	// test sees is exactly what the server sent.
	client := &http.Client{Transport: &http.Transport{DisableCompression: true}}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = resp.Body.Close() }()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return answer{StatusCode: resp.StatusCode, Header: resp.Header}, body
}

// scriptElements are the <script> elements of an HTML document, as a browser parses it.
func scriptElements(t *testing.T, doc []byte) []*html.Node {
	t.Helper()
	root, err := html.Parse(bytes.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	var scripts []*html.Node
	for n := range root.Descendants() {
		if n.Type == html.ElementNode && n.Data == "script" {
			scripts = append(scripts, n)
		}
	}
	return scripts
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// text is the text inside an element.
func text(n *html.Node) string {
	var b strings.Builder
	for c := range n.Descendants() {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
		}
	}
	return b.String()
}
