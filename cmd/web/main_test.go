package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// runAsMain makes the test binary run main instead of the tests, so that the tests can start
// the real command in a process of its own, with an environment of their choosing.
const runAsMain = "PANTHER_WEB_TEST_RUN_MAIN"

func TestMain(m *testing.M) {
	if os.Getenv(runAsMain) == "1" {
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// validEnv are settings of a local run against localaws.
var validEnv = []string{
	"AWS_REGION=us-east-1", "AWS_ACCOUNT_ID=000000000000",
	"WEB_APPLICATION_GRAPHQL_API_ENDPOINT=http://127.0.0.1:4566/graphql",
	"WEB_APPLICATION_USER_POOL_ID=us-east-1_Local1", "WEB_APPLICATION_USER_POOL_CLIENT_ID=localclient",
	"PANTHER_VERSION=1.16.0", "PANTHER_COMMIT=e74a52eb",
}

// command is the web server as a process with exactly env (and nothing inherited).
func command(t *testing.T, env ...string) *exec.Cmd {
	t.Helper()
	return commandWithArgs(t, nil, env...)
}

// commandWithArgs is the command run with arguments, such as healthcheck.
func commandWithArgs(t *testing.T, args []string, env ...string) *exec.Cmd {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.CommandContext(context.Background(), exe, args...)
	cmd.Env = append([]string{runAsMain + "=1"}, env...)
	return cmd
}

func TestRefusesToStartWithoutItsSettings(t *testing.T) {
	cmd := command(t, "SERVER_PORT=8099")
	out, err := cmd.CombinedOutput()
	if code := cmd.ProcessState.ExitCode(); code != 1 {
		t.Fatalf("exit code %d (%v), want 1:\n%s", code, err, out)
	}
	var line struct {
		Level, Msg, Error string
	}
	if err := json.Unmarshal(out, &line); err != nil {
		t.Fatalf("the output is not one JSON log line: %v\n%s", err, out)
	}
	for _, name := range []string{"AWS_REGION", "AWS_ACCOUNT_ID", "WEB_APPLICATION_GRAPHQL_API_ENDPOINT",
		"WEB_APPLICATION_USER_POOL_ID", "WEB_APPLICATION_USER_POOL_CLIENT_ID", "PANTHER_VERSION", "PANTHER_COMMIT"} {
		if !strings.Contains(line.Error, name+" is not set") {
			t.Errorf("the error does not name %s: %s", name, line.Error)
		}
	}
	if line.Level != "ERROR" {
		t.Errorf("level %q, want ERROR", line.Level)
	}
}

func TestServesUntilSIGTERM(t *testing.T) {
	dist := t.TempDir()
	if err := os.WriteFile(filepath.Join(dist, "index.html"), []byte("<html><head></head><body></body></html>"), 0o644); err != nil {
		t.Fatal(err)
	}
	port := freePort(t)
	cmd := command(t, append([]string{"SERVER_PORT=" + strconv.Itoa(port), "WEB_DIST_DIR=" + dist}, validEnv...)...)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = cmd.Process.Kill() }()
	logs := make(chan string, 100)
	go func() {
		scanner := bufio.NewScanner(stderr)
		for scanner.Scan() {
			logs <- scanner.Text()
		}
		close(logs)
	}()
	waitFor(t, logs, `"msg":"Serving the web app"`)

	req, err := http.NewRequestWithContext(context.Background(), http.MethodGet, "http://127.0.0.1:"+strconv.Itoa(port)+"/healthcheck", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusOK || string(body) != "ok" {
		t.Errorf("healthcheck = %d %q", resp.StatusCode, body)
	}
	waitFor(t, logs, `"path":"/healthcheck"`)

	// The container's health check: the same binary, with only the port of the task's settings.
	probe := commandWithArgs(t, []string{"healthcheck"}, "SERVER_PORT="+strconv.Itoa(port))
	if out, err := probe.CombinedOutput(); err != nil {
		t.Errorf("healthcheck against the running server: %v\n%s", err, out)
	}
	waitFor(t, logs, `"path":"/healthcheck"`)

	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	waitFor(t, logs, `"msg":"Stopped the web server"`)
	for range logs { // drain until the process closes stderr
	}
	if err := cmd.Wait(); err != nil {
		t.Errorf("after SIGTERM: %v, want exit 0", err)
	}
}

// The health check fails, naming what it tried, when nothing answers; a bad port or an
// unknown argument is refused before any request.
func TestHealthcheckFailures(t *testing.T) {
	for _, tt := range []struct {
		name string
		args []string
		env  []string
		code int
		want string
	}{
		{"nothing listens", []string{"healthcheck"}, []string{"SERVER_PORT=" + strconv.Itoa(freePort(t))}, 1, "connection refused"},
		{"a port out of range", []string{"healthcheck"}, []string{"SERVER_PORT=70000"}, 1, `SERVER_PORT is "70000"`},
		{"an unknown argument", []string{"serve"}, nil, 2, "usage:"},
		{"more than one argument", []string{"healthcheck", "now"}, nil, 2, "usage:"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			cmd := commandWithArgs(t, tt.args, tt.env...)
			out, _ := cmd.CombinedOutput()
			if cmd.ProcessState.ExitCode() != tt.code || !strings.Contains(string(out), tt.want) {
				t.Errorf("exit %d with %q, want %d with %q", cmd.ProcessState.ExitCode(), out, tt.code, tt.want)
			}
		})
	}
}

// A health check that answers anything but 200 is a failure.
func TestHealthcheckWantsOK(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/healthcheck" {
			t.Errorf("probe asked for %s", r.URL.Path)
		}
		w.WriteHeader(http.StatusServiceUnavailable)
	}))
	defer srv.Close()
	_, port, err := net.SplitHostPort(srv.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	err = probe(context.Background(), port)
	if err == nil || !strings.Contains(err.Error(), "503") {
		t.Errorf("probe = %v, want the 503 named", err)
	}
}

// TestNamesTheCauseOfARefusedLowPort runs the server as the image's non-root user on port 80,
// which Linux refuses unless the runtime lowered ip_unprivileged_port_start; the error must
// say so rather than only "permission denied".
func TestNamesTheCauseOfARefusedLowPort(t *testing.T) {
	start, err := os.ReadFile("/proc/sys/net/ipv4/ip_unprivileged_port_start")
	if os.Geteuid() != 0 || err != nil || strings.TrimSpace(string(start)) == "0" {
		t.Skip("needs root to switch to a non-root user, on a system that keeps port 80 privileged")
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(exe)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	dist := filepath.Join(dir, "dist")
	if err := os.Mkdir(dist, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dist, "index.html"), []byte("<html><head></head></html>"), 0o644); err != nil {
		t.Fatal(err)
	}
	// The copy and its folder must be readable by the non-root user.
	copyPath := filepath.Join(dir, "web")
	if err := os.WriteFile(copyPath, data, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, d := range []string{filepath.Dir(dir), dir} { // t.TempDir makes both 0700
		if err := os.Chmod(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.CommandContext(context.Background(), copyPath)
	cmd.Env = append([]string{runAsMain + "=1", "SERVER_PORT=80", "WEB_DIST_DIR=" + dist}, validEnv...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65532, Gid: 65532}}
	out, err := cmd.CombinedOutput()
	if cmd.ProcessState == nil {
		t.Fatalf("starting the server as a non-root user: %v", err)
	}
	if cmd.ProcessState.ExitCode() != 1 || !strings.Contains(string(out), "ip_unprivileged_port_start") {
		t.Errorf("exit %d with %s, want 1 naming ip_unprivileged_port_start", cmd.ProcessState.ExitCode(), out)
	}
}

// freePort is a TCP port nothing listens on at the moment.
func freePort(t *testing.T) int {
	t.Helper()
	ln, err := new(net.ListenConfig).Listen(context.Background(), "tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = ln.Close() }()
	return ln.Addr().(*net.TCPAddr).Port
}

// waitFor reads log lines until one contains want.
func waitFor(t *testing.T, logs <-chan string, want string) {
	t.Helper()
	timeout := time.After(30 * time.Second)
	for {
		select {
		case line, ok := <-logs:
			if !ok {
				t.Fatalf("the server exited before logging %s", want)
			}
			if strings.Contains(line, want) {
				return
			}
		case <-timeout:
			t.Fatalf("no log line with %s in 30 s", want)
		}
	}
}
