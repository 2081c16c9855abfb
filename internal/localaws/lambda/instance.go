package lambda

import (
	"bufio"
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// instance is one running execution environment of a function: its process, the Runtime API
// it polls, and what it prints.
type instance struct {
	api    *runtimeAPI
	cmd    *exec.Cmd
	stream string // its log stream, e.g. 2026/12/01/[$LATEST]0123abcd...
	output *lineCapture
	// exited closes when the process is gone; exitErr says how it ended.
	exited  chan struct{}
	exitErr error
	started time.Time
	// fresh is true until the instance has served its first invocation: that one is a cold
	// start, and its REPORT line carries the Init Duration.
	fresh bool
}

// startInstance starts the process of l with its own Runtime API.
func startInstance(l *launch) (*instance, error) {
	api, err := newRuntimeAPI()
	if err != nil {
		return nil, err
	}
	argv, err := l.command()
	if err != nil {
		api.close()
		return nil, err
	}
	reader, writer, err := os.Pipe()
	if err != nil {
		api.close()
		return nil, err
	}
	// The process outlives any one request: its lifetime is the emulator's, not a context's.
	cmd := exec.CommandContext(context.Background(), argv[0], argv[1:]...) //nolint:gosec // runs the function the caller deployed, as Lambda does
	cmd.Dir = l.taskRoot
	cmd.Env = append(append([]string(nil), l.env...), "AWS_LAMBDA_RUNTIME_API="+api.address())
	cmd.Stdout, cmd.Stderr = writer, writer
	// Its own process group, so that a timeout kills what the runtime started too.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		_ = reader.Close()
		_ = writer.Close()
		api.close()
		return nil, err
	}
	_ = writer.Close()
	inst := &instance{api: api, cmd: cmd, stream: newLogStreamName(time.Now()), output: newLineCapture(reader),
		exited: make(chan struct{}), started: time.Now(), fresh: true}
	go func() {
		inst.exitErr = cmd.Wait()
		close(inst.exited)
	}()
	return inst, nil
}

// kill ends the process group and the Runtime API; it is safe to call twice.
func (inst *instance) kill() {
	if inst.cmd.Process != nil {
		_ = syscall.Kill(-inst.cmd.Process.Pid, syscall.SIGKILL)
	}
	<-inst.exited
	inst.api.close()
}

func (inst *instance) alive() bool {
	select {
	case <-inst.exited:
		return false
	default:
		return true
	}
}

// exitMessage is Lambda's description of a runtime that exited.
func (inst *instance) exitMessage() string {
	var exitErr *exec.ExitError
	if errors.As(inst.exitErr, &exitErr) {
		return "Runtime exited with error: " + exitErr.String()
	}
	return "Runtime exited without providing a reason"
}

// lineCapture collects what a process prints, line by line, from its pipe.
type lineCapture struct {
	file *os.File
	// fd is the pipe's descriptor, read once: os.File.Fd races with Close.
	fd      int
	mu      sync.Mutex
	closed  bool // under mu: the pipe is closed, fd may name another file
	lines   []string
	reading atomic.Bool // true while the reader waits in Read with nothing taken
	done    chan struct{}
}

func newLineCapture(f *os.File) *lineCapture {
	c := &lineCapture{file: f, fd: int(f.Fd()), done: make(chan struct{})}
	go c.run()
	return c
}

func (c *lineCapture) run() {
	defer close(c.done)
	defer func() {
		c.mu.Lock()
		defer c.mu.Unlock()
		c.closed = true
		_ = c.file.Close()
	}()
	r := bufio.NewReaderSize(readerFunc(func(p []byte) (int, error) {
		c.reading.Store(true)
		n, err := c.file.Read(p)
		c.reading.Store(false)
		return n, err
	}), 64<<10)
	for {
		line, err := r.ReadString('\n')
		if line != "" {
			c.mu.Lock()
			c.lines = append(c.lines, strings.TrimRight(line, "\r\n"))
			c.mu.Unlock()
		}
		if err != nil {
			return
		}
	}
}

// take returns the lines printed so far and forgets them. It first lets the reader catch up
// with what is already in the pipe: a function prints before it posts its response, so the
// lines of an invocation are in the pipe by the time its outcome arrives.
func (c *lineCapture) take() []string {
	deadline := time.Now().Add(5 * time.Millisecond)
	for time.Now().Before(deadline) && !c.caughtUp() {
		time.Sleep(50 * time.Microsecond)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	lines := c.lines
	c.lines = nil
	return lines
}

// caughtUp reports whether nothing is left unread in the pipe and the reader waits for more.
func (c *lineCapture) caughtUp() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return true
	}
	pending, err := unix.IoctlGetInt(c.fd, unix.TIOCINQ)
	return err == nil && pending == 0 && c.reading.Load()
}

type readerFunc func([]byte) (int, error)

func (f readerFunc) Read(p []byte) (int, error) { return f(p) }

var _ io.Reader = readerFunc(nil)
