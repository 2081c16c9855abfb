package main

import (
	"archive/tar"
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
)

// TestWebImageAnswersTheHealthCheck is what the web stack's ECS task relies on: the image
// runs as a non-root user, and its entrypoint, started as that user with the task's settings,
// answers GET /healthcheck with 200 "ok" on SERVER_PORT, and passes the container health
// check (the entrypoint with the argument healthcheck). It builds the image from a small app
// (no npm), unpacks its layer and runs the binary in it as a process of its own. It runs in
// -short too: the web server builds in a few seconds.
func TestWebImageAnswersTheHealthCheck(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("runs the image's linux binary")
	}
	dist, _ := testApp(t)
	opts := withDefaults(options{app: appWeb, dist: dist, out: filepath.Join(t.TempDir(), "web-image.tar"),
		version: "1.16.0", arch: runtime.GOARCH})
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
	uid, gid := nonRootUser(t, cfg.Config.User)

	root := unpack(t, img)
	entrypoint := cfg.Config.Entrypoint
	if len(entrypoint) != 1 {
		t.Fatalf("entrypoint %q, want the server alone", entrypoint)
	}
	binary := filepath.Join(root, filepath.FromSlash(strings.TrimPrefix(entrypoint[0], "/")))

	// The image's environment, then what the task adds: the deployment's settings, a free
	// port instead of 8080, and the unpacked app instead of /app/dist.
	port := strconv.Itoa(freePort(t))
	env := append(append([]string{}, cfg.Config.Env...),
		"AWS_REGION=us-east-1", "AWS_ACCOUNT_ID=123456789012",
		"WEB_APPLICATION_GRAPHQL_API_ENDPOINT=https://abc.appsync-api.us-east-1.amazonaws.com/graphql",
		"WEB_APPLICATION_USER_POOL_ID=us-east-1_AbCdEfGhI", "WEB_APPLICATION_USER_POOL_CLIENT_ID=1example23456789",
		"PANTHER_VERSION=1.16.0", "PANTHER_COMMIT=e74a52eb",
		"SERVER_PORT="+port, "WEB_DIST_DIR="+filepath.Join(root, "app", "dist"))

	server := asImageUser(exec.CommandContext(context.Background(), binary), uid, gid)
	server.Env = env
	server.Dir = filepath.Join(root, filepath.FromSlash(strings.TrimPrefix(cfg.Config.WorkingDir, "/")))
	logs := &syncBuffer{}
	server.Stdout, server.Stderr = logs, logs
	if err := server.Start(); err != nil {
		t.Fatal(err)
	}
	var waitErr error
	exited := make(chan struct{})
	go func() { waitErr = server.Wait(); close(exited) }()
	t.Cleanup(func() {
		_ = server.Process.Kill()
		<-exited
	})
	if os.Geteuid() == 0 {
		checkProcessUser(t, server.Process.Pid, uid)
	}

	status, body := waitForHealthCheck(t, "http://127.0.0.1:"+port+"/healthcheck", exited, logs)
	if status != http.StatusOK || body != "ok" {
		t.Errorf("GET /healthcheck = %d %q, want 200 \"ok\"", status, body)
	}

	// The task definition's health check: CMD /app/server healthcheck, in the task's env.
	probe := asImageUser(exec.CommandContext(context.Background(), binary, "healthcheck"), uid, gid)
	probe.Env = env
	if out, err := probe.CombinedOutput(); err != nil {
		t.Errorf("the container health check failed: %v\n%s", err, out)
	}

	if err := server.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case <-exited:
		if waitErr != nil {
			t.Errorf("after SIGTERM: %v, want exit 0\n%s", waitErr, logs.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatalf("the server did not stop within 30 s of SIGTERM\n%s", logs.String())
	}
}

// nonRootUser parses the image's user, which must be numeric (Kubernetes' runAsNonRoot and
// ECS check a number, not a name the empty image cannot resolve) and not root.
func nonRootUser(t *testing.T, user string) (uint32, uint32) {
	t.Helper()
	u, g, ok := strings.Cut(user, ":")
	uid, uerr := strconv.ParseUint(u, 10, 32)
	gid, gerr := strconv.ParseUint(g, 10, 32)
	if !ok || uerr != nil || gerr != nil || uid == 0 || gid == 0 {
		t.Fatalf("image user %q, want a numeric non-root uid:gid", user)
	}
	return uint32(uid), uint32(gid)
}

// asImageUser runs cmd as the image's user when the test can switch to it (as root); else as
// the test's own user, which is not root either.
func asImageUser(cmd *exec.Cmd, uid, gid uint32) *exec.Cmd {
	if os.Geteuid() == 0 {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: uid, Gid: gid}}
	}
	return cmd
}

// checkProcessUser reads the real and effective uid of a running process from /proc.
func checkProcessUser(t *testing.T, pid int, uid uint32) {
	t.Helper()
	status, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		t.Fatal(err)
	}
	for line := range strings.SplitSeq(string(status), "\n") {
		if fields := strings.Fields(line); len(fields) >= 3 && fields[0] == "Uid:" {
			want := strconv.FormatUint(uint64(uid), 10)
			if fields[1] != want || fields[2] != want {
				t.Errorf("the server runs as uid %s (effective %s), want %s", fields[1], fields[2], want)
			}
			return
		}
	}
	t.Errorf("no Uid line in /proc/%d/status", pid)
}

// unpack writes the image's layers into a folder the image's user can read, as a container
// runtime would, and returns it.
func unpack(t *testing.T, img v1.Image) string {
	t.Helper()
	dir := t.TempDir()
	root := filepath.Join(dir, "rootfs")
	// t.TempDir makes its folders 0700; the image's user must reach the files in it.
	for _, d := range []string{filepath.Dir(dir), dir} {
		if err := os.Chmod(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(root, 0o755); err != nil {
		t.Fatal(err)
	}
	layers, err := img.Layers()
	if err != nil {
		t.Fatal(err)
	}
	for _, layer := range layers {
		rc, err := layer.Uncompressed()
		if err != nil {
			t.Fatal(err)
		}
		extract(t, tar.NewReader(rc), root)
		_ = rc.Close()
	}
	return root
}

func extract(t *testing.T, tr *tar.Reader, root string) {
	t.Helper()
	for {
		hdr, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		name := filepath.FromSlash(strings.TrimSuffix(hdr.Name, "/"))
		if !filepath.IsLocal(name) {
			t.Fatalf("layer entry %q points outside the image", hdr.Name)
		}
		p := filepath.Join(root, name)
		mode := os.FileMode(hdr.Mode & 0o777)
		switch hdr.Typeflag {
		case tar.TypeDir:
			if err := os.MkdirAll(p, mode); err != nil {
				t.Fatal(err)
			}
		case tar.TypeReg:
			data, err := io.ReadAll(tr)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, data, mode); err != nil {
				t.Fatal(err)
			}
		default:
			t.Fatalf("layer entry %q has type %c; the web image holds only folders and files", hdr.Name, hdr.Typeflag)
		}
	}
}

// syncBuffer collects a process's output while the test reads it.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// waitForHealthCheck asks url until the server answers, for at most 20 s.
func waitForHealthCheck(t *testing.T, url string, exited <-chan struct{}, logs *syncBuffer) (int, string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		req, err := http.NewRequestWithContext(context.Background(), http.MethodGet, url, nil)
		if err != nil {
			t.Fatal(err)
		}
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			body, _ := io.ReadAll(resp.Body)
			_ = resp.Body.Close()
			return resp.StatusCode, string(body)
		}
		select {
		case <-exited:
			t.Fatalf("the server exited before answering:\n%s", logs.String())
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("no answer from %s in 20 s: %v\n%s", url, err, logs.String())
		}
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
