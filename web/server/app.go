package server

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"os"
	"strings"
	"time"
)

// App answers the requests of the web app's users. Build it with NewApp.
type App struct {
	files     distFiles
	index     []byte // index.html with the runtime configuration in it
	indexETag string
	handler   http.Handler
}

// NewApp reads the app from s.DistDir and prepares its index. It fails when the folder or its
// index.html cannot be read, or when the index has no </head> to put the configuration in:
// better not to start than to serve an app that cannot find its API.
func NewApp(s Settings, log *slog.Logger) (*App, error) {
	root, err := os.OpenRoot(s.DistDir)
	if err != nil {
		return nil, fmt.Errorf("%s: %w (build the app with npm ci && npm run build in web/, then point %s at web/dist)",
			EnvDistDir, err, EnvDistDir)
	}
	index, err := readIndex(root)
	if err == nil {
		index, err = injectConfig(index, runtimeConfig(s))
	}
	if err != nil {
		_ = root.Close()
		return nil, fmt.Errorf("%s %s: %w", EnvDistDir, s.DistDir, err)
	}
	a := &App{files: distFiles{root: root, log: log}, index: index, indexETag: strongETag(index)}
	a.handler = accessLog(log, securityHeaders(contentSecurityPolicy(s), onlyGetAndHead(http.HandlerFunc(a.route))))
	return a, nil
}

// readIndex is the dist folder's index.html, which Vite writes at its top.
func readIndex(root *os.Root) ([]byte, error) {
	index, err := fs.ReadFile(root.FS(), "index.html")
	if errors.Is(err, fs.ErrNotExist) {
		return nil, errors.New("has no index.html (build the app with npm ci && npm run build in web/)")
	}
	return index, err
}

// ServeHTTP answers one request.
func (a *App) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	a.handler.ServeHTTP(w, r)
}

// Close releases the dist folder.
func (a *App) Close() error {
	return a.files.root.Close()
}

// route picks the answer for a GET or HEAD request: health, a dist file, a 404 for a missing
// asset, or the index for everything else, since the app's routes exist only in the browser.
func (a *App) route(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", cacheRevalidate)
	name := distName(r.URL.Path)
	switch {
	case name == "healthcheck":
		serveHealth(w)
	case name == "" || name == "index.html":
		a.serveIndex(w, r)
	case a.files.serve(w, r, name):
		// answered with the dist file
	case name == "assets" || strings.HasPrefix(name, "assets/"):
		// A missing script or style must fail as one: the index in its place would be parsed
		// as JavaScript or CSS and hide the real problem (an old page asking for the assets of
		// a release no longer served).
		http.NotFound(w, r)
	default:
		a.serveIndex(w, r)
	}
}

// serveIndex answers with the index. It is revalidated on every load (no-cache) with its
// ETag, so a new release or configuration reaches browsers at once.
func (a *App) serveIndex(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", cacheRevalidate)
	h.Set("ETag", a.indexETag)
	http.ServeContent(w, r, "index.html", time.Time{}, bytes.NewReader(a.index))
}

// serveHealth is the load balancer's health check: the process is up and answering.
func serveHealth(w http.ResponseWriter) {
	h := w.Header()
	h.Set("Content-Type", "text/plain; charset=utf-8")
	h.Set("Cache-Control", cacheNever)
	_, _ = w.Write([]byte("ok"))
}
