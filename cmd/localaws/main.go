// Command localaws runs the local AWS emulator on one port, so any AWS
// client can use it with AWS_ENDPOINT_URL=http://127.0.0.1:4566.
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/panther-operator/panther-operator/internal/localaws"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:4566", "address to listen on")
	stateFile := flag.String("state-file", "", "file that keeps state across restarts (written atomically)")
	latencyScale := flag.Float64("latency-scale", 1, "multiplier of simulated CloudFormation provisioning time; 0 is as fast as possible")
	timeScale := flag.Float64("time-scale", 0, "multiplier of rate schedules and SQS batching windows (0.1 runs rate(1 minute) every 6 s); 0 is real time")
	flag.Parse()

	logger := slog.New(slog.NewJSONHandler(os.Stderr, nil))
	srv, err := localaws.Start(*addr, localaws.Options{
		StateFile:    *stateFile,
		LatencyScale: *latencyScale,
		ZeroLatency:  *latencyScale == 0,
		TimeScale:    *timeScale,
		Logger:       logger,
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, "localaws:", err)
		os.Exit(1)
	}
	logger.Info("localaws listening", "endpoint", srv.URL())

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	<-ctx.Done()
	logger.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		logger.Error("shutdown", "error", err)
		os.Exit(1)
	}
}
