package lambda

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"strings"
	"sync"
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
	// idleSince is when it last went back to its pool; guarded by the pool's lock.
	idleSince time.Time
	// fresh is true until the instance has served its first invocation: that one is a cold
	// start, and its REPORT line carries the Init Duration.
	fresh bool
}

// oneVCPUMemory is the memory size at which Lambda gives a function the equivalent of one
// vCPU; it gives less below it, in proportion. An instance below it runs on one CPU of the
// machine's, so that many instances share a laptop's cores as they would share their hosts',
// rather than each spreading its runtime's threads over all of them.
const oneVCPUMemory = 1769

// startInstance starts the process of l with its own Runtime API.
func startInstance(l *launch) (*instance, error) {
	if err := l.unpack(); err != nil {
		return nil, err
	}
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
	start := cmd.Start
	if l.memory < oneVCPUMemory {
		start = func() error { return startOnOneCPU(cmd) }
	}
	if err := start(); err != nil {
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

// lineCapture collects what a process prints, line by line, from its pipe. The pipe is read
// only under mu, in non-blocking mode: by a background goroutine whenever poll says there is
// data, and by take, which drains it first. So take sees everything the process wrote before
// it was called, with no race between the two readers.
type lineCapture struct {
	file *os.File
	fd   int
	mu   sync.Mutex
	// closed is set (under mu) once the pipe reached its end; fd may then name another file.
	closed  bool
	partial []byte
	lines   []string
	done    chan struct{}
	// buf is what drain reads into, kept: take drains once per invocation, mostly finding
	// the pipe empty.
	buf []byte
}

func newLineCapture(f *os.File) *lineCapture {
	c := &lineCapture{file: f, fd: int(f.Fd()), done: make(chan struct{})}
	_ = unix.SetNonblock(c.fd, true)
	go c.run()
	return c
}

func (c *lineCapture) run() {
	defer close(c.done)
	fds := []unix.PollFd{{Fd: int32(c.fd), Events: unix.POLLIN}}
	for {
		if _, err := unix.Poll(fds, -1); err != nil && !errors.Is(err, unix.EINTR) {
			c.finish()
			return
		}
		c.mu.Lock()
		open := c.drain()
		c.mu.Unlock()
		if !open {
			return
		}
	}
}

// drain reads what the pipe holds into lines, and reports whether the pipe is still open.
// The caller holds mu.
func (c *lineCapture) drain() bool {
	if c.closed {
		return false
	}
	if c.buf == nil {
		c.buf = make([]byte, 64<<10)
	}
	for {
		n, err := unix.Read(c.fd, c.buf)
		if n > 0 {
			c.split(c.buf[:n])
		}
		switch {
		case errors.Is(err, unix.EAGAIN) || errors.Is(err, unix.EINTR):
			return true
		case err != nil || n == 0:
			c.closeLocked()
			return false
		}
	}
}

// split appends complete lines and keeps the rest for the next read.
func (c *lineCapture) split(data []byte) {
	c.partial = append(c.partial, data...)
	for {
		i := bytes.IndexByte(c.partial, '\n')
		if i < 0 {
			return
		}
		c.lines = append(c.lines, strings.TrimRight(string(c.partial[:i]), "\r"))
		c.partial = c.partial[i+1:]
	}
}

func (c *lineCapture) closeLocked() {
	if len(c.partial) > 0 {
		c.lines = append(c.lines, string(c.partial))
		c.partial = nil
	}
	c.closed, c.buf = true, nil
	_ = c.file.Close()
}

func (c *lineCapture) finish() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.closed {
		c.closeLocked()
	}
}

// take returns the lines printed so far and forgets them, after reading what the pipe holds:
// a function prints before it posts its response, so the lines of an invocation are in the
// pipe by the time its outcome arrives.
func (c *lineCapture) take() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.drain()
	lines := c.lines
	c.lines = nil
	return lines
}
