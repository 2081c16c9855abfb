package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"

	v1 "github.com/google/go-containerregistry/pkg/v1"

	"github.com/panther-operator/panther-operator/web/server"
)

// The web image: the server at /app/server, the app where the server looks for it by default
// (so the container needs no WEB_DIST_DIR), and the server's default port 8080, the port of
// the load balancer's target group and of the web containers' security group. A port of 1024
// or more lets the non-root user bind it without lowering net.ipv4.ip_unprivileged_port_start.
const webBinary = "app/server"

var webPort = strconv.Itoa(server.DefaultPort)

// webDistPath is the app's folder in the layer, without the leading slash.
var webDistPath = strings.TrimPrefix(server.DefaultDistDir, "/")

// errNoApp says how to get the app the image needs: it is built by npm, not by Go.
var errNoApp = errors.New("run npm ci && npm run build in web/ first")

// checkDist fails unless dist holds a built app, which always has an index.html at its top.
func checkDist(dist string) error {
	info, err := os.Stat(filepath.Join(dist, "index.html"))
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("%s has no index.html, so the web app is not built: %w", dist, errNoApp)
	case err != nil:
		return err
	case !info.Mode().IsRegular():
		return fmt.Errorf("%s/index.html is not a file: %w", dist, errNoApp)
	}
	return nil
}

// newWebImage puts the web server and the app of opts.dist in one layer. The server needs no
// CA certificates: it calls nothing; the browser calls AWS.
func newWebImage(binary string, opts options) (v1.Image, error) {
	data, err := os.ReadFile(binary)
	if err != nil {
		return nil, err
	}
	app, err := distEntries(opts.dist)
	if err != nil {
		return nil, err
	}
	entries := append([]entry{{name: "app/", mode: 0o755}}, app...)
	entries = append(entries, entry{name: webBinary, mode: 0o555, data: data})
	return singleLayerImage(entries, "go build ./cmd/web; npm run build", opts, func(c *v1.Config) {
		c.Entrypoint = []string{"/" + webBinary}
		c.User = nonRoot
		c.WorkingDir = "/app"
		// The server's default, written out so that the image says what it exposes; the ECS
		// task sets the same value.
		c.Env = []string{server.EnvPort + "=" + webPort}
		c.ExposedPorts = map[string]struct{}{webPort + "/tcp": {}}
		c.Labels = labels("panther-web", opts.version)
	})
}

// distEntries are the folders and files of the built app under webDistPath, in lexical
// order. Anything but folders and regular files (a link that could point out of the app, a
// device) is refused: a Vite build has none.
func distEntries(dist string) ([]entry, error) {
	var entries []entry
	err := filepath.WalkDir(dist, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dist, p)
		if err != nil {
			return err
		}
		name := path.Join(webDistPath, filepath.ToSlash(rel))
		switch {
		case d.IsDir():
			entries = append(entries, entry{name: name + "/", mode: 0o755})
		case d.Type().IsRegular():
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			entries = append(entries, entry{name: name, mode: 0o444, data: data})
		case d.Type()&fs.ModeSymlink != 0:
			return fmt.Errorf("%s is a symbolic link; the web image holds only folders and regular files", p)
		default:
			return fmt.Errorf("%s is a special file; the web image holds only folders and regular files", p)
		}
		return nil
	})
	return entries, err
}
