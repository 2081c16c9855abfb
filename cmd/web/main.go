// Command web serves the Panther web app: the files Vite built, the runtime configuration
// of the deployment, and a health check for the load balancer. Its settings come from the
// environment (see web/server and docs/web.md); it exits 1 without listening when one is
// missing or malformed.
//
// `web healthcheck` is the container's health check instead: the image has no shell and no
// curl, so the binary itself asks the server running beside it for /healthcheck and exits 0
// when it answers 200, 1 otherwise.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/panther-operator/panther-operator/web/server"
)

// healthcheckCommand is the argument that makes the binary probe instead of serve.
const healthcheckCommand = "healthcheck"

func main() {
	switch args := os.Args[1:]; {
	case len(args) == 1 && args[0] == healthcheckCommand:
		if err := probe(context.Background(), os.Getenv(server.EnvPort)); err != nil {
			fmt.Fprintln(os.Stderr, "healthcheck:", err)
			os.Exit(1)
		}
		return
	case len(args) > 0:
		fmt.Fprintf(os.Stderr, "usage: %s [%s]\n", os.Args[0], healthcheckCommand)
		os.Exit(2)
	}
	log := slog.New(slog.NewJSONHandler(os.Stderr, nil))
	if err := run(log); err != nil {
		log.Error("Stopping the web server", "error", err)
		os.Exit(1)
	}
}

// probeTimeout is shorter than the 5 s ECS gives a health check command, so that a hung
// server is reported by this process rather than killed with it.
const probeTimeout = 3 * time.Second

// probe asks the server on port (SERVER_PORT; empty is the default) of this host for
// /healthcheck. It reads only the port: the check must not fail because of a setting the
// running server has already accepted.
func probe(ctx context.Context, port string) error {
	port = strings.TrimSpace(port)
	if port == "" {
		port = strconv.Itoa(server.DefaultPort)
	}
	if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
		return fmt.Errorf("%s is %q, want a TCP port from 1 to 65535", server.EnvPort, port)
	}
	ctx, cancel := context.WithTimeout(ctx, probeTimeout)
	defer cancel()
	url := "http://" + net.JoinHostPort("127.0.0.1", port) + "/healthcheck"
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer func() { _ = resp.Body.Close() }()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<10))
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s answered %s", url, resp.Status)
	}
	return nil
}

// run serves until SIGTERM (how ECS stops a task) or Ctrl-C.
func run(log *slog.Logger) error {
	settings, err := server.LoadSettings(os.Getenv)
	if err != nil {
		return err
	}
	app, err := server.NewApp(settings, log)
	if err != nil {
		return err
	}
	defer func() { _ = app.Close() }()

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	ln, err := listen(ctx, settings.Port)
	if err != nil {
		return err
	}
	log.Info("Serving the web app", "addr", ln.Addr().String(), "distDir", settings.DistDir,
		"version", settings.Version, "commit", settings.Commit)
	if err := server.Serve(ctx, ln, app, log, server.ShutdownGrace); err != nil {
		return err
	}
	log.Info("Stopped the web server")
	return nil
}

// listen opens the server's port on every interface. A refusal of a port below 1024 gets its
// usual cause named: the image runs as a non-root user, which Linux lets bind such a port only
// where the runtime lowers net.ipv4.ip_unprivileged_port_start (Docker does). The image and
// the web stack's task use 8080, which needs no such setting.
func listen(ctx context.Context, port int) (net.Listener, error) {
	ln, err := new(net.ListenConfig).Listen(ctx, "tcp", ":"+strconv.Itoa(port))
	if err != nil && port < 1024 && errors.Is(err, syscall.EACCES) {
		return nil, fmt.Errorf("%w: a non-root user may bind port %d only where net.ipv4.ip_unprivileged_port_start is at most %d; set that sysctl for the container or a %s of 1024 or more",
			err, port, port, server.EnvPort)
	}
	return ln, err
}
