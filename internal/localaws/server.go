package localaws

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/panther-operator/panther-operator/internal/localaws/internal/wire"
)

// Options configure an emulator.
type Options struct {
	// StateFile, when set, is loaded at start and rewritten atomically
	// whenever state changes, so state survives restarts.
	StateFile string
	// LatencyScale multiplies the simulated provisioning time of
	// CloudFormation resources; 1 makes a Panther-sized deployment complete
	// within seconds. Zero means the default, 1, unless ZeroLatency is set.
	LatencyScale float64
	// ZeroLatency selects a latency scale of 0 (Go's zero value already
	// means "default"), which tests use so stacks complete in milliseconds.
	ZeroLatency bool
	// Logger receives one line per request; nil discards them.
	Logger *slog.Logger
	// Clock is the clock of SQS message timers (delay, visibility timeout,
	// retention); nil is time.Now. Tests move it forward to expire
	// messages without waiting.
	Clock func() time.Time
	// TimeScale multiplies the periods of rate schedules and SQS batching windows, so that a
	// pipeline that runs every minute on AWS runs every few seconds in a demo or a test; 0 is
	// real time.
	TimeScale float64
	// FunctionIdleTimeout is how long a function's instance stays warm without an
	// invocation before it stops, as Lambda stops idle instances; 0 is ten minutes.
	FunctionIdleTimeout time.Duration
}

// Server is a running emulator bound to a TCP address.
type Server struct {
	emu      *Emulator
	listener net.Listener
	http     *http.Server
	// fast answers the JSON protocols' calls and hands every other connection to http.
	fast *wire.FastServer
	done chan struct{}
}

// Start listens on addr (use "127.0.0.1:0" for a free port) and serves the
// emulator in the background until Close.
func Start(addr string, opts Options) (*Server, error) {
	emu, err := NewEmulator(opts)
	if err != nil {
		return nil, err
	}
	var lc net.ListenConfig
	ln, err := lc.Listen(context.Background(), "tcp", addr)
	if err != nil {
		emu.Close()
		return nil, err
	}
	// Queue URLs that CloudFormation hands out name this server.
	s := &Server{
		emu:      emu,
		listener: ln,
		http:     &http.Server{Handler: emu, ReadHeaderTimeout: 10 * time.Second},
		done:     make(chan struct{}),
	}
	s.fast = wire.NewFastServer(emu, s.http)
	emu.SetEndpoint(s.URL())
	go func() {
		defer close(s.done)
		if err := s.fast.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			emu.logger.Error("serve", "error", err)
		}
	}()
	return s, nil
}

// URL is the endpoint to give AWS clients, e.g. http://127.0.0.1:4566.
func (s *Server) URL() string { return "http://" + s.listener.Addr().String() }

// Addr is the bound address.
func (s *Server) Addr() string { return s.listener.Addr().String() }

// Emulator returns the handler behind the server.
func (s *Server) Emulator() *Emulator { return s.emu }

// Shutdown stops accepting requests, waits for in-flight ones until ctx
// ends, stops stack operations and writes the state file a last time.
func (s *Server) Shutdown(ctx context.Context) error {
	err := s.fast.Shutdown(ctx)
	<-s.done
	s.emu.Close()
	return err
}

// Close stops the server at once, dropping open connections (clients keep
// idle and never-used connections around, which Shutdown would wait for),
// then stops stack operations and writes the state file.
func (s *Server) Close() error {
	err := s.fast.Close()
	<-s.done
	s.emu.Close()
	return err
}
