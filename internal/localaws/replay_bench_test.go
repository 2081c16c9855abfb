package localaws_test

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"runtime"
	"runtime/pprof"
	"strconv"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"

	"github.com/panther-operator/panther-operator/internal/localaws"
)

// The *OneCore benchmarks measure what localaws serves on one core: localaws runs in a
// process of its own with GOMAXPROCS=1 (this test binary, re-executed), the SDK signs and
// serializes each request once (captured by recorder), and several connections replay those
// exact bytes in parallel. The SDK client's serialization, signing and retry middleware, which
// dominate the end-to-end benchmarks beside them (where the SDK and localaws share one core),
// run on the other core or not at all.

// benchServerEnv, when set, makes this test binary serve localaws instead of running tests.
const benchServerEnv = "LOCALAWS_BENCH_SERVE"

func TestMain(m *testing.M) {
	if os.Getenv(benchServerEnv) != "" {
		os.Exit(serveForBenchmark())
	}
	os.Exit(m.Run())
}

// serveForBenchmark runs localaws on one core, prints its URL and serves until stdin closes.
func serveForBenchmark() int {
	runtime.GOMAXPROCS(1)
	srv, err := localaws.Start("127.0.0.1:0", localaws.Options{ZeroLatency: true})
	if err != nil {
		fmt.Fprintln(os.Stderr, "localaws:", err)
		return 1
	}
	// LOCALAWS_BENCH_CPUPROFILE names a file for the server's CPU profile, for finding
	// where a one-core figure goes.
	if path := os.Getenv("LOCALAWS_BENCH_CPUPROFILE"); path != "" {
		if f, err := os.Create(path); err == nil && pprof.StartCPUProfile(f) == nil {
			defer pprof.StopCPUProfile()
		}
	}
	fmt.Println(srv.URL())
	_, _ = io.Copy(io.Discard, os.Stdin)
	_ = srv.Close()
	return 0
}

// processServer is localaws in a child process.
type processServer struct {
	url   string
	cmd   *exec.Cmd
	stdin io.Closer
}

func (p *processServer) URL() string { return p.url }

func (p *processServer) Addr() string {
	u, _ := url.Parse(p.url)
	return u.Host
}

func (p *processServer) Close() error {
	_ = p.stdin.Close()
	return p.cmd.Wait()
}

// startOneCoreEnv starts localaws in a child process limited to one core.
func startOneCoreEnv(b *testing.B) *env {
	cmd := exec.CommandContext(context.Background(), os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), benchServerEnv+"=1")
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		b.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	p := &processServer{cmd: cmd, stdin: stdin}
	b.Cleanup(func() { _ = p.Close() })
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		b.Fatal("localaws process:", err)
	}
	p.url = strings.TrimSpace(line)
	return newEnv(b, p, "AKIDEXAMPLE")
}

// recorder is an SDK HTTP client that sends requests through the real transport and keeps
// the wire bytes of the last one.
type recorder struct {
	next aws.HTTPClient
	last []byte
}

func (r *recorder) Do(req *http.Request) (*http.Response, error) {
	var body []byte
	if req.Body != nil {
		var err error
		if body, err = io.ReadAll(req.Body); err != nil {
			return nil, err
		}
	}
	wire := req.Clone(req.Context())
	wire.Body = io.NopCloser(bytes.NewReader(body))
	wire.ContentLength = int64(len(body))
	var buf bytes.Buffer
	if err := wire.Write(&buf); err != nil {
		return nil, err
	}
	r.last = buf.Bytes()
	req.Body = io.NopCloser(bytes.NewReader(body))
	return r.next.Do(req)
}

// recordingConfig is e's SDK configuration with rec as its HTTP client.
func recordingConfig(e *env, rec *recorder) aws.Config {
	cfg := e.cfg.Copy()
	rec.next = awshttp.NewBuildableClient()
	cfg.HTTPClient = rec
	return cfg
}

// replayer writes recorded requests over one connection and reads each reply whole.
type replayer struct {
	conn net.Conn
	r    *bufio.Reader
	body bytes.Buffer
}

func newReplayer(e *env) (*replayer, error) {
	conn, err := (&net.Dialer{}).DialContext(context.Background(), "tcp", e.srv.Addr())
	if err != nil {
		return nil, err
	}
	return &replayer{conn: conn, r: bufio.NewReaderSize(conn, 64<<10)}, nil
}

// do sends raw and returns the reply's body; anything but 200 is an error.
func (p *replayer) do(raw []byte) ([]byte, error) {
	if _, err := p.conn.Write(raw); err != nil {
		return nil, err
	}
	resp, err := http.ReadResponse(p.r, nil)
	if err != nil {
		return nil, err
	}
	p.body.Reset()
	_, err = p.body.ReadFrom(resp.Body)
	_ = resp.Body.Close()
	if err == nil && resp.StatusCode != http.StatusOK {
		err = fmt.Errorf("replay: HTTP %d %s", resp.StatusCode, p.body.String())
	}
	return p.body.Bytes(), err
}

// replayParallel runs step on connections per GOMAXPROCS at once until the benchmark ends and
// returns how many units (requests, messages) the steps reported.
func replayParallel(b *testing.B, e *env, connections int, step func(p *replayer) (int, error)) int {
	b.SetParallelism(connections)
	units := make(chan int, 64)
	b.RunParallel(func(pb *testing.PB) {
		p, err := newReplayer(e)
		if err != nil {
			b.Error(err)
			return
		}
		defer func() { _ = p.conn.Close() }()
		n := 0
		for pb.Next() {
			k, err := step(p)
			if err != nil {
				b.Error(err)
				break
			}
			n += k
		}
		units <- n
	})
	close(units)
	total := 0
	for n := range units {
		total += n
	}
	return total
}

// withBody is the recorded request raw with its body replaced (and Content-Length set to
// match): for requests whose body depends on an earlier reply, such as receipt handles.
func withBody(raw, body []byte) ([]byte, error) {
	req, err := http.ReadRequest(bufio.NewReader(bytes.NewReader(raw)))
	if err != nil {
		return nil, err
	}
	req.Body = io.NopCloser(bytes.NewReader(body))
	req.ContentLength = int64(len(body))
	req.Header.Set("Content-Length", strconv.Itoa(len(body)))
	var buf bytes.Buffer
	if err := req.Write(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// errNoItem is a GetItem reply without the item the benchmark stored.
var errNoItem = errors.New("GetItem returned no item")
