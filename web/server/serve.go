package server

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"time"
)

// ShutdownGrace is how long requests in flight may take to finish once the server is told
// to stop. ECS sends SIGTERM and, by default, SIGKILL 30 seconds later; the load balancer
// has stopped sending new requests by then.
const ShutdownGrace = 20 * time.Second

// Serve answers requests on ln with h until ctx is done, then stops accepting connections
// and waits up to grace for the requests in flight. It returns nil after a clean stop.
func Serve(ctx context.Context, ln net.Listener, h http.Handler, log *slog.Logger, grace time.Duration) error {
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		// Longer than the load balancer's 60-second idle timeout, so that the balancer, not
		// the server, closes idle connections and never sends on one being closed (a 502).
		IdleTimeout: 120 * time.Second,
		ErrorLog:    slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()

	select {
	case err := <-served:
		return err // the listener failed before any stop was asked for
	case <-ctx.Done():
	}
	log.Info("Shutting down", "grace", grace.String())
	stopCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), grace)
	defer cancel()
	if err := srv.Shutdown(stopCtx); err != nil {
		_ = srv.Close() // drop the requests that outlived the grace
		return err
	}
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
