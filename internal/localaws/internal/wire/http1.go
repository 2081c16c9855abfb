package wire

import (
	"context"
	"errors"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"runtime"
	"sync"
	"time"
)

// FastServer serves HTTP/1.1 on a listener with a handler, answering the calls of the JSON
// protocols itself and handing every other connection to a net/http server.
//
// The SDKs of DynamoDB, SQS, CloudWatch Logs, KMS, Glue, Firehose, Cognito and EventBridge
// all POST a small JSON document to "/" with X-Amz-Target, over connections they keep alive.
// net/http spends more on such a call than the emulator does: it allocates every header
// value, clones the response header, formats the date, and reads the connection in the
// background throughout, with a goroutine and deadline changes, only to learn of a client
// that goes away. The fast path reads those calls (a request line of "POST / HTTP/1.1", a
// Content-Length, no Transfer-Encoding, Expect, Connection or Upgrade) into a buffer of its
// own connection, gives the handler the same *http.Request and http.ResponseWriter contract
// net/http does, and writes the answer as net/http writes it, headers sorted, in one write.
// It watches for a client that goes away only when the handler waits on the request's
// context (SQS long polling, injected latency).
//
// Any other request, including one it cannot read for any reason, goes to net/http with the
// connection from that request on, so net/http answers it as it always has: S3, the query
// and REST protocols, the admin API, CORS preflights, malformed requests.
type FastServer struct {
	handler  http.Handler
	fallback *http.Server
	handoff  *handoffListener

	mu       sync.Mutex
	listener net.Listener
	conns    map[*fastConn]bool // true when idle
	closing  bool
}

// NewFastServer serves handler, handing connections it does not answer to fallback, whose
// Handler is the same handler and whose settings (ReadHeaderTimeout, ErrorLog) it follows.
func NewFastServer(handler http.Handler, fallback *http.Server) *FastServer {
	return &FastServer{handler: handler, fallback: fallback, conns: map[*fastConn]bool{}}
}

// Serve accepts connections on ln until Close or Shutdown, and returns
// http.ErrServerClosed then, like http.Server.Serve.
func (s *FastServer) Serve(ln net.Listener) error {
	s.mu.Lock()
	if s.closing {
		s.mu.Unlock()
		_ = ln.Close()
		return http.ErrServerClosed
	}
	s.listener = ln
	s.handoff = newHandoffListener(ln.Addr())
	s.mu.Unlock()
	fallbackDone := make(chan error, 1)
	go func() { fallbackDone <- s.fallback.Serve(s.handoff) }()
	err := s.accept(ln)
	_ = s.handoff.Close()
	if ferr := <-fallbackDone; err == nil && !errors.Is(ferr, http.ErrServerClosed) {
		err = ferr
	}
	if err == nil {
		err = http.ErrServerClosed
	}
	return err
}

// accept runs the accept loop, retrying temporary errors as net/http does.
func (s *FastServer) accept(ln net.Listener) error {
	var delay time.Duration
	for {
		rwc, err := ln.Accept()
		if err != nil {
			if s.isClosing() {
				return nil
			}
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() {
				delay = min(max(2*delay, 5*time.Millisecond), time.Second)
				s.logf("http: Accept error: %v; retrying in %v", err, delay)
				time.Sleep(delay)
				continue
			}
			return err
		}
		delay = 0
		c := newFastConn(s, rwc)
		if !s.track(c) {
			_ = rwc.Close()
			continue
		}
		go c.serve()
	}
}

// Close closes the listener and every connection at once, like http.Server.Close.
func (s *FastServer) Close() error {
	s.mu.Lock()
	s.closing = true
	var err error
	if s.listener != nil {
		err = s.listener.Close()
	}
	for c := range s.conns {
		_ = c.rwc.Close()
	}
	s.mu.Unlock()
	if ferr := s.fallback.Close(); err == nil {
		err = ferr
	}
	return ignoreClosed(err)
}

// Shutdown closes the listener and the idle connections, and waits for the others to finish
// their requests or for ctx to end, like http.Server.Shutdown.
func (s *FastServer) Shutdown(ctx context.Context) error {
	s.mu.Lock()
	s.closing = true
	var err error
	if s.listener != nil {
		err = s.listener.Close()
	}
	s.closeIdleLocked()
	s.mu.Unlock()
	ferr := s.fallback.Shutdown(ctx)
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for {
		s.mu.Lock()
		s.closeIdleLocked()
		n := len(s.conns)
		s.mu.Unlock()
		if n == 0 {
			break
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-tick.C:
		}
	}
	if err = ignoreClosed(err); err == nil {
		err = ferr
	}
	return err
}

func ignoreClosed(err error) error {
	if errors.Is(err, net.ErrClosed) {
		return nil
	}
	return err
}

func (s *FastServer) closeIdleLocked() {
	for c, idle := range s.conns {
		if idle {
			_ = c.rwc.Close()
			delete(s.conns, c)
		}
	}
}

func (s *FastServer) isClosing() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.closing
}

// track registers a new connection, unless the server is closing.
func (s *FastServer) track(c *fastConn) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closing {
		return false
	}
	s.conns[c] = false
	return true
}

// setIdle marks a connection idle between requests; false means the server is closing and
// the connection is to be closed.
func (s *FastServer) setIdle(c *fastConn, idle bool) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.conns[c]; !ok || s.closing {
		return false
	}
	s.conns[c] = idle
	return true
}

func (s *FastServer) untrack(c *fastConn) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.conns, c)
}

// logf logs as net/http does: to the fallback's ErrorLog, else to the log package.
func (s *FastServer) logf(format string, args ...any) {
	if s.fallback.ErrorLog != nil {
		s.fallback.ErrorLog.Printf(format, args...)
		return
	}
	log.Printf(format, args...)
}

// handoffListener is the listener the fallback serves: the connections the fast path hands
// over, each with the bytes it had read and not answered.
type handoffListener struct {
	addr   net.Addr
	conns  chan net.Conn
	mu     sync.Mutex
	closed chan struct{}
}

func newHandoffListener(addr net.Addr) *handoffListener {
	return &handoffListener{addr: addr, conns: make(chan net.Conn), closed: make(chan struct{})}
}

func (l *handoffListener) Accept() (net.Conn, error) {
	select {
	case c := <-l.conns:
		return c, nil
	case <-l.closed:
		return nil, net.ErrClosed
	}
}

func (l *handoffListener) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	select {
	case <-l.closed:
	default:
		close(l.closed)
	}
	return nil
}

func (l *handoffListener) Addr() net.Addr { return l.addr }

// hand gives a connection to the fallback, or closes it if the fallback has stopped.
func (l *handoffListener) hand(c net.Conn) {
	select {
	case l.conns <- c:
	case <-l.closed:
		_ = c.Close()
	}
}

// prefixedConn is a connection whose first bytes were already read.
type prefixedConn struct {
	net.Conn
	prefix []byte
}

func (c *prefixedConn) Read(p []byte) (int, error) {
	if len(c.prefix) > 0 {
		n := copy(p, c.prefix)
		c.prefix = c.prefix[n:]
		return n, nil
	}
	return c.Conn.Read(p)
}

// CloseWrite lets net/http half-close the connection, as it does a *net.TCPConn.
func (c *prefixedConn) CloseWrite() error {
	if cw, ok := c.Conn.(interface{ CloseWrite() error }); ok {
		return cw.CloseWrite()
	}
	return nil
}

// requestContext is the context of a request the fast path serves. Like net/http's, it is
// done when the client goes away or the request ends, and it carries the server and the
// local address. It reads the connection to learn of the client only once something waits
// on Done.
type requestContext struct {
	c         *fastConn
	mu        sync.Mutex
	done      chan struct{}
	err       error
	watching  chan struct{} // closed when the watch ends
	stopping  bool
	watchFail error // what the watch read instead of a byte
}

func (x *requestContext) Deadline() (time.Time, bool) { return time.Time{}, false }

func (x *requestContext) Done() <-chan struct{} {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.done == nil {
		x.done = make(chan struct{})
		switch {
		case x.err != nil:
			close(x.done)
		case !x.stopping: // else the request is ending, and cancel closes done
			x.watch()
		}
	}
	return x.done
}

func (x *requestContext) Err() error {
	x.mu.Lock()
	defer x.mu.Unlock()
	return x.err
}

func (x *requestContext) Value(key any) any {
	switch key {
	case http.ServerContextKey:
		return x.c.s.fallback
	case http.LocalAddrContextKey:
		return x.c.rwc.LocalAddr()
	}
	return nil
}

func (x *requestContext) String() string { return "wire.requestContext" }

// cancel ends the context.
func (x *requestContext) cancel() {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.err == nil {
		x.err = context.Canceled
		if x.done != nil {
			close(x.done)
		}
	}
}

// watch reads one byte in the background: the end of the connection cancels the request,
// as net/http's background read does; a byte (a pipelined request) is kept for the next
// one. Callers hold x.mu.
func (x *requestContext) watch() {
	x.watching = make(chan struct{})
	go func() {
		defer close(x.watching)
		n, err := x.c.rwc.Read(x.c.pending[:])
		x.mu.Lock()
		stopping := x.stopping
		x.mu.Unlock()
		switch {
		case n > 0:
			x.c.npending = n
		case stopping && errors.Is(err, os.ErrDeadlineExceeded):
		default:
			x.watchFail = err
			x.cancel()
		}
	}()
}

// end stops the watch, if any, and ends the context, once the handler has returned. It
// reports an error the watch read, after which the connection is not reused.
func (x *requestContext) end() error {
	x.mu.Lock()
	watching := x.watching
	x.stopping = true
	x.mu.Unlock()
	if watching != nil {
		_ = x.c.rwc.SetReadDeadline(aLongTimeAgo)
		<-watching
		_ = x.c.rwc.SetReadDeadline(time.Time{})
	}
	x.cancel()
	return x.watchFail
}

// aLongTimeAgo is a deadline in the past, which interrupts a pending read.
var aLongTimeAgo = time.Unix(1, 0)

// fastBody is a request body the fast path read whole. It reads nothing once the request
// has ended: its bytes are in the connection's buffer, which the next request reuses.
type fastBody struct {
	data   []byte
	closed bool
	mu     sync.Mutex
}

func (b *fastBody) Read(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return 0, http.ErrBodyReadAfterClose
	}
	if len(b.data) == 0 {
		return 0, io.EOF
	}
	n := copy(p, b.data)
	b.data = b.data[n:]
	return n, nil
}

func (b *fastBody) Close() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.closed = true
	b.data = nil
	return nil
}

// panicked logs a handler's panic as net/http does.
func (c *fastConn) panicked(p any) {
	if p == http.ErrAbortHandler { //nolint:errorlint // net/http compares the panic value itself
		return
	}
	const size = 64 << 10
	buf := make([]byte, size)
	buf = buf[:runtime.Stack(buf, false)]
	c.s.logf("http: panic serving %v: %v\n%s", c.remote, p, buf)
}
