package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"time"
)

// manager is the operator binary running as its own process, so that its memory is its own
// and can be read from /proc.
type manager struct {
	cmd         *exec.Cmd
	logPath     string
	metricsAddr string
	done        chan struct{} // closed when the process has exited
	err         error         // its exit status, once done is closed
}

// startManager runs the manager with default settings against the kubeconfig, with AWS pointed
// at localaws, and waits until it reports ready.
func startManager(ctx context.Context, bin, dir, kubeconfig, awsURL string, requeueProgress time.Duration, stackEvents bool,
	extraArgs []string,
) (*manager, error) {
	metricsAddr, err := freeAddr(ctx)
	if err != nil {
		return nil, err
	}
	probeAddr, err := freeAddr(ctx)
	if err != nil {
		return nil, err
	}
	logPath := filepath.Join(dir, "manager.log")
	logFile, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	args := append([]string{"--metrics-bind-address=" + metricsAddr, "--health-probe-bind-address=" + probeAddr,
		"--requeue-progress=" + requeueProgress.String(), fmt.Sprintf("--stack-events=%t", stackEvents)}, extraArgs...)
	cmd := exec.CommandContext(ctx, bin, args...)
	// A cancelled benchmark stops the manager as Kubernetes would, and kills it only if it hangs.
	cmd.Cancel = func() error { return cmd.Process.Signal(syscall.SIGTERM) }
	cmd.WaitDelay = 15 * time.Second
	// Later entries win, so the manager sees localaws and never the user's AWS configuration.
	cmd.Env = append(os.Environ(),
		"KUBECONFIG="+kubeconfig,
		"AWS_ENDPOINT_URL="+awsURL,
		"AWS_REGION=us-east-1",
		"AWS_ACCESS_KEY_ID=bench",
		"AWS_SECRET_ACCESS_KEY=bench",
		"AWS_EC2_METADATA_DISABLED=true",
		"AWS_CONFIG_FILE="+filepath.Join(dir, "no-aws-config"),
		"AWS_SHARED_CREDENTIALS_FILE="+filepath.Join(dir, "no-aws-credentials"),
	)
	cmd.Stdout, cmd.Stderr = logFile, logFile
	cmd.SysProcAttr = childAttr()
	if err := cmd.Start(); err != nil {
		_ = logFile.Close()
		return nil, err
	}
	m := &manager{cmd: cmd, logPath: logPath, metricsAddr: metricsAddr, done: make(chan struct{})}
	go func() {
		m.err = cmd.Wait()
		_ = logFile.Close()
		close(m.done)
	}()
	if err := m.waitReady(ctx, "http://"+probeAddr+"/readyz", 30*time.Second); err != nil {
		m.printLogTail(os.Stderr, 20)
		m.stop()
		return nil, err
	}
	return m, nil
}

func (m *manager) pid() int { return m.cmd.Process.Pid }

// exitError explains an early exit of the manager; call it once done is closed.
func (m *manager) exitError() error {
	if m.err == nil {
		return errors.New("the manager exited early; its log ends above")
	}
	return fmt.Errorf("the manager exited early; its log ends above: %w", m.err)
}

func (m *manager) waitReady(ctx context.Context, url string, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if err != nil {
			return err
		}
		if resp, err := http.DefaultClient.Do(req); err == nil {
			_ = resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		if err := sleep(ctx, m, 200*time.Millisecond); err != nil {
			return err
		}
	}
	return fmt.Errorf("the manager was not ready within %s", timeout)
}

// stop asks the manager to shut down as Kubernetes would (SIGTERM), and kills it if it takes
// too long.
func (m *manager) stop() {
	select {
	case <-m.done:
		return
	default:
	}
	_ = m.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-m.done:
	case <-time.After(15 * time.Second):
		_ = m.cmd.Process.Kill()
		<-m.done
	}
}

// printLogTail shows the end of the manager's log, which lives in a folder removed on exit.
func (m *manager) printLogTail(w io.Writer, lines int) {
	f, err := os.Open(m.logPath)
	if err != nil {
		return
	}
	defer func() { _ = f.Close() }()
	var tail []string
	scanner := bufio.NewScanner(f)
	scanner.Buffer(make([]byte, 0, 64*1024), 1024*1024)
	for scanner.Scan() {
		tail = append(tail, scanner.Text())
		if len(tail) > lines {
			tail = tail[1:]
		}
	}
	_, _ = fmt.Fprintln(w, "--- the end of the manager's log:")
	for _, line := range tail {
		_, _ = fmt.Fprintln(w, line)
	}
}

// freeAddr finds a free local port for the manager's metrics and probe servers.
func freeAddr(ctx context.Context) (string, error) {
	var lc net.ListenConfig
	l, err := lc.Listen(ctx, "tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	addr := l.Addr().String()
	return addr, l.Close()
}
