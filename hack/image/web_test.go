package main

import (
	"archive/tar"
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/v1/tarball"

	"github.com/panther-operator/panther-operator/web/server"
)

// testApp writes a small built app: the index, a hashed asset with its gzip sibling, a folder
// in a folder.
func testApp(t *testing.T) (string, map[string]string) {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"index.html":                        "<!doctype html><html><head></head><body></body></html>",
		"assets/index-AbC12_-9.js":          "console.log('panther')",
		"assets/index-AbC12_-9.js.gz":       "gzip bytes",
		"assets/fonts/inter-Qw3rTy12.woff2": "wOF2",
		"favicon.ico":                       "icon",
	}
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir, files
}

// TestWebImage runs what `make web-image` runs and reads the tarball back as `crane push`
// would.
func TestWebImage(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the web server")
	}
	dist, files := testApp(t)
	opts := withDefaults(options{
		app: appWeb, dist: dist, out: filepath.Join(t.TempDir(), "out", "web-image.tar"),
		version: "1.16.0", arch: runtime.GOARCH,
	})
	if opts.tag != "panther-web:dev" {
		t.Errorf("default tag %q, want panther-web:dev", opts.tag)
	}
	if err := run(context.Background(), opts); err != nil {
		t.Fatal(err)
	}
	tag, err := name.NewTag(opts.tag)
	if err != nil {
		t.Fatal(err)
	}
	img, err := tarball.ImageFromPath(opts.out, &tag)
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := img.ConfigFile()
	if err != nil {
		t.Fatal(err)
	}
	c := cfg.Config
	if c.User != "65532:65532" {
		t.Errorf("user = %q, want 65532:65532 (numeric and not root)", c.User)
	}
	if !slices.Equal(c.Entrypoint, []string{"/app/server"}) || c.WorkingDir != "/app" {
		t.Errorf("entrypoint %q in %q, want /app/server in /app", c.Entrypoint, c.WorkingDir)
	}
	if !slices.Contains(c.Env, "SERVER_PORT=8080") {
		t.Errorf("env %q lacks SERVER_PORT=8080", c.Env)
	}
	if _, ok := c.ExposedPorts["8080/tcp"]; !ok || len(c.ExposedPorts) != 1 {
		t.Errorf("exposed ports %v, want 8080/tcp", c.ExposedPorts)
	}
	if c.Labels["org.opencontainers.image.title"] != "panther-web" || c.Labels["org.opencontainers.image.version"] != "1.16.0" {
		t.Errorf("labels %v", c.Labels)
	}
	if cfg.OS != "linux" || cfg.Architecture != runtime.GOARCH {
		t.Errorf("platform %s/%s", cfg.OS, cfg.Architecture)
	}

	layers, err := img.Layers()
	if err != nil {
		t.Fatal(err)
	}
	if len(layers) != 1 {
		t.Fatalf("got %d layers, want 1", len(layers))
	}
	contents := readLayer(t, layers[0].Uncompressed)

	// The app sits where the server looks by default, so the container needs no WEB_DIST_DIR.
	for name, data := range files {
		if got, ok := contents[server.DefaultDistDir[1:]+"/"+name]; !ok || string(got) != data {
			t.Errorf("the layer holds %q at %s/%s, want %q", got, server.DefaultDistDir, name, data)
		}
	}
	var names []string
	for n := range contents {
		names = append(names, n)
	}
	slices.Sort(names)
	want := []string{"app/", "app/dist/", "app/dist/assets/", "app/dist/assets/fonts/",
		"app/dist/assets/fonts/inter-Qw3rTy12.woff2", "app/dist/assets/index-AbC12_-9.js",
		"app/dist/assets/index-AbC12_-9.js.gz", "app/dist/favicon.ico", "app/dist/index.html", "app/server"}
	if !slices.Equal(names, want) {
		t.Errorf("layer holds %v, want %v", names, want)
	}
	checkWebServer(t, contents["app/server"])
}

// readLayer is every entry of the layer by name (folders with no data), after checking that
// each is owned by root and unchangeable by the user the server runs as.
func readLayer(t *testing.T, open func() (io.ReadCloser, error)) map[string][]byte {
	t.Helper()
	rc, err := open()
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = rc.Close() }()
	contents := map[string][]byte{}
	tr := tar.NewReader(rc)
	for {
		hdr, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return contents
		}
		if err != nil {
			t.Fatal(err)
		}
		if hdr.Uid != 0 || hdr.Mode&0o022 != 0 {
			t.Errorf("%s is owned by %d with mode %o; the server's user must not be able to change it", hdr.Name, hdr.Uid, hdr.Mode)
		}
		if hdr.Name == "app/server" && (hdr.Typeflag != tar.TypeReg || hdr.Mode&0o111 != 0o111) {
			t.Errorf("/app/server has type %c and mode %o, want an executable file", hdr.Typeflag, hdr.Mode)
		}
		data, err := io.ReadAll(tr)
		if err != nil {
			t.Fatal(err)
		}
		contents[hdr.Name] = data
	}
}

// checkWebServer runs the image's binary on this machine (it is built for its architecture)
// with no settings: a static build starts without libc, and the web server says which
// settings it misses and exits 1.
func checkWebServer(t *testing.T, binary []byte) {
	t.Helper()
	if !bytes.HasPrefix(binary, []byte("\x7fELF")) {
		t.Fatalf("/app/server is not an ELF binary")
	}
	if runtime.GOOS != "linux" {
		return
	}
	p := filepath.Join(t.TempDir(), "server")
	if err := os.WriteFile(p, binary, 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := exec.CommandContext(context.Background(), p)
	cmd.Env = []string{}
	out, _ := cmd.CombinedOutput()
	if cmd.ProcessState.ExitCode() != 1 || !strings.Contains(string(out), "AWS_REGION is not set") {
		t.Errorf("the image's server exited %d with %s, want 1 naming AWS_REGION", cmd.ProcessState.ExitCode(), out)
	}
}

func TestWebImageNeedsTheBuiltApp(t *testing.T) {
	empty := t.TempDir()
	for reason, dist := range map[string]string{
		"no folder":     filepath.Join(empty, "dist"),
		"no index.html": empty,
	} {
		t.Run(reason, func(t *testing.T) {
			opts := withDefaults(options{app: appWeb, dist: dist, out: filepath.Join(t.TempDir(), "web-image.tar"), arch: runtime.GOARCH})
			err := run(context.Background(), opts)
			if !errors.Is(err, errNoApp) || !strings.Contains(err.Error(), "run npm ci && npm run build in web/ first") {
				t.Errorf("run = %v, want the instruction to build the app", err)
			}
			if _, statErr := os.Stat(opts.out); !errors.Is(statErr, os.ErrNotExist) {
				t.Errorf("a tarball was written without an app (%v)", statErr)
			}
		})
	}
}

func TestWebImageRefusesLinks(t *testing.T) {
	dist, _ := testApp(t)
	if err := os.Symlink("/etc/passwd", filepath.Join(dist, "assets", "passwd")); err != nil {
		t.Fatal(err)
	}
	if _, err := distEntries(dist); err == nil || !strings.Contains(err.Error(), "symbolic link") {
		t.Errorf("distEntries = %v, want a refusal of the link", err)
	}
}

func TestDefaultsKeepTheManagersImage(t *testing.T) {
	if got := withDefaults(options{app: appManager}); got.out != "out/image.tar" || got.tag != "panther-operator:dev" {
		t.Errorf("manager defaults %q %q, want out/image.tar panther-operator:dev", got.out, got.tag)
	}
	if got := withDefaults(options{app: appWeb, out: "x.tar", tag: "r/w:1"}); got.out != "x.tar" || got.tag != "r/w:1" {
		t.Errorf("given values were replaced: %q %q", got.out, got.tag)
	}
}

func TestUnknownApp(t *testing.T) {
	opts := withDefaults(options{app: "api", out: filepath.Join(t.TempDir(), "x.tar"), arch: runtime.GOARCH})
	if err := run(context.Background(), opts); err == nil || !strings.Contains(err.Error(), `--app "api"`) {
		t.Errorf("run = %v, want the unknown app named", err)
	}
}
