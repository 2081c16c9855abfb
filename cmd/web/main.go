// Command web serves the Panther web app: the files Vite built, the runtime configuration
// of the deployment, and a health check for the load balancer. Its settings come from the
// environment (see web/server and docs/web.md); it exits 1 without listening when one is
// missing or malformed.
package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"strconv"
	"syscall"

	"github.com/panther-operator/panther-operator/web/server"
)

func main() {
	log := slog.New(slog.NewJSONHandler(os.Stderr, nil))
	if err := run(log); err != nil {
		log.Error("Stopping the web server", "error", err)
		os.Exit(1)
	}
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
// where the runtime lowers net.ipv4.ip_unprivileged_port_start (Docker does; ECS needs the
// task definition's systemControls to).
func listen(ctx context.Context, port int) (net.Listener, error) {
	ln, err := new(net.ListenConfig).Listen(ctx, "tcp", ":"+strconv.Itoa(port))
	if err != nil && port < 1024 && errors.Is(err, syscall.EACCES) {
		return nil, fmt.Errorf("%w: a non-root user may bind port %d only where net.ipv4.ip_unprivileged_port_start is at most %d; set that sysctl for the container or a %s of 1024 or more",
			err, port, port, server.EnvPort)
	}
	return ln, err
}
