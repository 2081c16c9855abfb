package wire

import (
	"bytes"
	"encoding/binary"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Limits of the fast path: a request beyond them goes to net/http.
const (
	fastHeadLimit = 16 << 10 // request line and headers
	fastBodyLimit = 4 << 20
	fastBufSize   = 4 << 10  // a connection's read buffer to start with, as net/http's
	fastKeepBuf   = 64 << 10 // larger buffers are dropped once their request is answered
)

// fastRequestLine is the request line of every call the fast path answers.
var fastRequestLine = []byte("POST / HTTP/1.1\r\n")

var crlfcrlf = []byte("\r\n\r\n")

// fastConn is a connection the fast path serves, until it hands it to net/http.
type fastConn struct {
	s      *FastServer
	rwc    net.Conn
	remote string

	// buf[start:end] is read and not yet consumed.
	buf        []byte
	start, end int
	// pending is what a context watch read, which comes after buf's bytes.
	pending  [1]byte
	npending int

	// head and body are the answer being written, kept from one request to the next.
	head, body []byte
	keys       []string
}

func newFastConn(s *FastServer, rwc net.Conn) *fastConn {
	return &fastConn{s: s, rwc: rwc, remote: rwc.RemoteAddr().String()}
}

// serve answers requests until the connection ends or goes to net/http.
func (c *fastConn) serve() {
	for {
		if c.start == c.end {
			c.start, c.end = 0, 0
			if !c.s.setIdle(c, true) || c.waitForRequest() != nil {
				c.close()
				return
			}
		}
		if !c.s.setIdle(c, false) {
			c.close()
			return
		}
		req, x, ok, err := c.readRequest()
		switch {
		case err != nil:
			c.close()
			return
		case !ok:
			c.handOff()
			return
		}
		if !c.answer(req, x) {
			c.close()
			return
		}
	}
}

// waitForRequest reads the first bytes of the next request, within the idle timeout if the
// server has one.
func (c *fastConn) waitForRequest() error {
	d := c.s.fallback.IdleTimeout
	if d <= 0 {
		d = c.s.fallback.ReadTimeout
	}
	if d > 0 {
		_ = c.rwc.SetReadDeadline(time.Now().Add(d))
		defer func() { _ = c.rwc.SetReadDeadline(time.Time{}) }()
	}
	return c.fill()
}

func (c *fastConn) close() {
	_ = c.rwc.Close()
	c.s.untrack(c)
}

// handOff gives the connection, with the bytes read of the request the fast path does not
// answer, to net/http.
func (c *fastConn) handOff() {
	c.s.untrack(c)
	prefix := c.buf[c.start:c.end]
	if c.npending > 0 {
		prefix = append(prefix, c.pending[:c.npending]...)
	}
	c.s.handoff.hand(&prefixedConn{Conn: c.rwc, prefix: prefix})
}

// fill reads more of the connection into buf, making room first.
func (c *fastConn) fill() error {
	if c.buf == nil {
		c.buf = make([]byte, fastBufSize)
	}
	if c.end == len(c.buf) {
		c.reserve(c.end - c.start + 1)
	}
	if c.npending > 0 {
		c.end += copy(c.buf[c.end:], c.pending[:c.npending])
		c.npending = 0
		return nil
	}
	for {
		n, err := c.rwc.Read(c.buf[c.end:])
		c.end += n
		if n > 0 || err != nil {
			return err
		}
	}
}

// reserve makes buf hold at least n bytes from start, moving them to its front.
func (c *fastConn) reserve(n int) {
	if len(c.buf) < n {
		grown := make([]byte, max(n, 2*len(c.buf)))
		c.end = copy(grown, c.buf[c.start:c.end])
		c.buf, c.start = grown, 0
		return
	}
	if len(c.buf)-c.start < n {
		c.end = copy(c.buf, c.buf[c.start:c.end])
		c.start = 0
	}
}

// exchange is the state of one request the fast path answers, in one allocation.
type exchange struct {
	ctx  requestContext
	w    fastResponse
	body fastBody
	url  url.URL
}

// readRequest reads the next request's head and, if the fast path answers it, its body,
// which aliases buf. ok is false for a request it leaves to net/http, unconsumed.
func (c *fastConn) readRequest() (req *http.Request, x *exchange, ok bool, err error) {
	headLen, err := c.readHead()
	if err != nil || headLen < 0 {
		return nil, nil, false, err
	}
	header, info, ok := parseHead(c.buf[c.start : c.start+headLen])
	if !ok || info.length > fastBodyLimit {
		return nil, nil, false, nil
	}
	total := headLen + int(info.length)
	c.reserve(total)
	for c.end-c.start < total {
		if err := c.fill(); err != nil {
			return nil, nil, false, err
		}
	}
	x = &exchange{}
	x.ctx.c, x.url.Path = c, "/"
	req = new(http.Request).WithContext(&x.ctx)
	req.Method, req.URL, req.RequestURI = http.MethodPost, &x.url, "/"
	req.Proto, req.ProtoMajor, req.ProtoMinor = "HTTP/1.1", 1, 1
	req.Header, req.Host, req.ContentLength, req.RemoteAddr = header, info.host, info.length, c.remote
	if info.length == 0 {
		req.Body = http.NoBody
	} else {
		x.body.data = c.buf[c.start+headLen : c.start+total]
		req.Body = &x.body
	}
	c.start += total
	return req, x, true, nil
}

// readHead reads until buf holds the whole head of the next request and returns its length,
// or -1 for a head too long for the fast path. The head is read within the server's
// ReadHeaderTimeout, once its first bytes have come.
func (c *fastConn) readHead() (int, error) {
	deadline := false
	defer func() {
		if deadline {
			_ = c.rwc.SetReadDeadline(time.Time{})
		}
	}()
	for {
		if i := bytes.Index(c.buf[c.start:c.end], crlfcrlf); i >= 0 {
			return i + len(crlfcrlf), nil
		}
		if c.end-c.start >= fastHeadLimit || !bytes.HasPrefix(fastRequestLine, c.buf[c.start:min(c.end, c.start+len(fastRequestLine))]) {
			return -1, nil
		}
		if d := c.s.readHeaderTimeout(); d > 0 && !deadline {
			_ = c.rwc.SetReadDeadline(time.Now().Add(d))
			deadline = true
		}
		if err := c.fill(); err != nil {
			return 0, err
		}
	}
}

// readHeaderTimeout is net/http's: ReadHeaderTimeout, else ReadTimeout.
func (s *FastServer) readHeaderTimeout() time.Duration {
	if s.fallback.ReadHeaderTimeout > 0 {
		return s.fallback.ReadHeaderTimeout
	}
	return s.fallback.ReadTimeout
}

// answer runs the handler and writes its answer, reporting whether the connection goes on.
func (c *fastConn) answer(req *http.Request, x *exchange) bool {
	w := &x.w
	w.c, w.req, w.header, w.declared = c, req, make(http.Header, 8), -1
	c.head, c.body = c.head[:0], c.body[:0]
	ok := c.run(w, req)
	watchErr := x.ctx.end()
	_ = x.body.Close()
	if !ok {
		return false
	}
	reuse := w.finish() && watchErr == nil
	if cap(c.buf) > fastKeepBuf && c.start == c.end {
		c.buf = nil
	}
	if cap(c.head) > fastKeepBuf || cap(c.body) > fastKeepBuf {
		c.head, c.body = nil, nil
	}
	return reuse
}

// run calls the handler, recovering a panic as net/http does: logged, and the connection
// closed without an answer.
func (c *fastConn) run(w *fastResponse, req *http.Request) (ok bool) {
	defer func() {
		if p := recover(); p != nil {
			c.panicked(p)
			ok = false
		}
	}()
	c.s.handler.ServeHTTP(w, req)
	return true
}

// headInfo is what the fast path reads from a request's headers beyond the header map.
type headInfo struct {
	host   string
	length int64
}

// parseHead reads the head of a request as net/http does, or reports that the fast path
// does not answer it: another request line, a header net/http would act on (Expect,
// Transfer-Encoding, Connection, Upgrade, Pragma, Trailer), no X-Amz-Target, no or several
// Content-Length or Host headers, or anything net/http would reject or read differently.
// The header values are pieces of one string of the whole head.
func parseHead(head []byte) (http.Header, headInfo, bool) {
	var info headInfo
	if !bytes.HasPrefix(head, fastRequestLine) {
		return nil, info, false
	}
	lines := head[len(fastRequestLine) : len(head)-2] // each line with its CRLF
	n := bytes.Count(lines, []byte{'\n'})
	text := string(lines)
	header, values := make(http.Header, n), make([]string, n)
	var seen struct{ host, length, target bool }
	for at := 0; at < len(text); {
		i := bytes.IndexByte(lines[at:], '\n')
		end := at + i
		if i <= 0 || lines[end-1] != '\r' || !validLine(lines[at:end-1]) {
			return nil, info, false
		}
		line := text[at : end-1]
		at = end + 1
		colon := strings.IndexByte(line, ':')
		if colon < 0 {
			return nil, info, false
		}
		key, ok := canonicalKey(line[:colon])
		if !ok {
			return nil, info, false
		}
		value := trimSpaceTab(line[colon+1:])
		switch key {
		case "Host":
			if seen.host || !validHost(value) {
				return nil, info, false
			}
			seen.host, info.host = true, value
			continue
		case "Content-Length":
			length, ok := parseLength(value)
			if seen.length || !ok {
				return nil, info, false
			}
			seen.length, info.length = true, length
		case "X-Amz-Target":
			seen.target = value != ""
		case "Expect", "Transfer-Encoding", "Connection", "Upgrade", "Pragma", "Trailer":
			return nil, info, false
		}
		if vv, dup := header[key]; dup {
			header[key] = append(vv, value)
			continue
		}
		values[0] = value
		header[key], values = values[:1:1], values[1:]
	}
	return header, info, seen.host && seen.length && seen.target
}

// trimSpaceTab trims the spaces and tabs around a header value, as textproto does.
func trimSpaceTab(s string) string {
	for s != "" && (s[0] == ' ' || s[0] == '\t') {
		s = s[1:]
	}
	for s != "" && (s[len(s)-1] == ' ' || s[len(s)-1] == '\t') {
		s = s[:len(s)-1]
	}
	return s
}

// validLine reports whether a header line (without its CRLF) has only the bytes net/http
// admits: no control characters but tabs. It looks at eight bytes at a time, which are
// all printable in most lines.
func validLine(b []byte) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	i := 0
	for ; i+8 <= len(b); i += 8 {
		x := binary.LittleEndian.Uint64(b[i : i+8])
		del := x ^ (0x7f * ones)
		if (x-0x20*ones)&^x&highs == 0 && (del-ones)&^del&highs == 0 {
			continue // no byte below 0x20 and no DEL
		}
		if !validBytes(b[i : i+8]) {
			return false
		}
	}
	return validBytes(b[i:])
}

func validBytes(b []byte) bool {
	for _, c := range b {
		if (c < ' ' && c != '\t') || c == 0x7f {
			return false
		}
	}
	return true
}

// parseLength reads a Content-Length: decimal digits only.
func parseLength(s string) (int64, bool) {
	if s == "" || len(s) > 12 {
		return 0, false
	}
	var n int64
	for i := range len(s) {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + int64(s[i]-'0')
	}
	return n, true
}

// canonicalKey is textproto.CanonicalMIMEHeaderKey of a header name made of letters, digits
// and hyphens; other names, which net/http keeps as sent or rejects, are not the fast
// path's. A name already canonical, as the SDKs send them, is returned as it is.
func canonicalKey(s string) (string, bool) {
	switch s {
	case "Host", "User-Agent", "Content-Length", "Content-Type", "Accept-Encoding", "Authorization",
		"Amz-Sdk-Invocation-Id", "Amz-Sdk-Request", "X-Amz-Date", "X-Amz-Target", "X-Amz-Security-Token",
		"X-Amz-Content-Sha256", "X-Amz-User-Agent":
		return s, true // what the SDKs send, as they write it
	}
	canonical, ok := keyForm(s)
	switch {
	case !ok:
		return "", false
	case canonical:
		return s, true
	}
	b := []byte(s)
	upper := true
	for i, c := range b {
		if upper && c >= 'a' && c <= 'z' {
			b[i] = c - ('a' - 'A')
		} else if !upper && c >= 'A' && c <= 'Z' {
			b[i] = c + ('a' - 'A')
		}
		upper = c == '-'
	}
	return string(b), true
}

// keyForm reports whether a header name is of letters, digits and hyphens only and, if so,
// whether it is canonical: upper case at the start and after each hyphen, lower case else.
func keyForm(s string) (canonical, ok bool) {
	canonical, upper := true, true
	for i := range len(s) {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z':
			canonical = canonical && !upper
		case c >= 'A' && c <= 'Z':
			canonical = canonical && upper
		case c != '-' && (c < '0' || c > '9'):
			return false, false
		}
		upper = c == '-'
	}
	return canonical, s != ""
}

// validHost admits the host names and addresses clients send (letters, digits, dots,
// hyphens, colons, brackets, underscores); anything else goes to net/http's checks.
func validHost(h string) bool {
	if h == "" {
		return false
	}
	for i := range len(h) {
		if c := h[i]; !isAlnum(c) && strings.IndexByte(".-:[]_", c) < 0 {
			return false
		}
	}
	return true
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}
