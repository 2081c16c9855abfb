package wire

import (
	"fmt"
	"net"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
)

// fastResponse is the http.ResponseWriter of a request the fast path answers. It writes the
// status line and the handler's headers when the handler calls WriteHeader, as net/http fixes
// them then, buffers the body, and at the end adds the headers net/http adds (Date,
// Content-Length, a sniffed Content-Type) and writes the whole answer at once.
type fastResponse struct {
	c      *fastConn
	req    *http.Request
	header http.Header

	wroteHeader bool
	status      int
	declared    int64 // the handler's Content-Length, or -1
	written     int64
	has         struct{ date, contentType, contentEncoding, close bool }
}

func (w *fastResponse) Header() http.Header { return w.header }

func (w *fastResponse) WriteHeader(code int) {
	if w.wroteHeader {
		w.c.s.logf("http: superfluous response.WriteHeader call")
		return
	}
	if code < 100 || code > 999 {
		panic(fmt.Sprintf("invalid WriteHeader code %v", code))
	}
	if code >= 100 && code <= 199 && code != http.StatusSwitchingProtocols {
		// An informational answer goes first, with the headers so far, and the handler
		// answers on.
		w.c.head = appendStatusLine(w.c.head, code)
		w.c.head = w.appendHeader(w.c.head, false)
		w.c.head = append(w.c.head, "\r\n"...)
		return
	}
	w.wroteHeader, w.status = true, code
	if cl := header(w.header, "Content-Length"); cl != "" {
		if v, err := strconv.ParseInt(cl, 10, 64); err == nil && v >= 0 {
			w.declared = v
		} else {
			w.c.s.logf("http: invalid Content-Length of %q", cl)
			delete(w.header, "Content-Length")
		}
	}
	_, w.has.date = w.header["Date"]
	_, w.has.contentType = w.header["Content-Type"]
	w.has.contentEncoding = header(w.header, "Content-Encoding") != ""
	w.has.close = header(w.header, "Connection") == "close"
	w.c.head = appendStatusLine(w.c.head, code)
	w.c.head = w.appendHeader(w.c.head, bodyAllowedForStatus(code))
}

func (w *fastResponse) Write(p []byte) (int, error) {
	if !w.wroteHeader {
		w.WriteHeader(http.StatusOK)
	}
	if len(p) == 0 {
		return 0, nil
	}
	if !bodyAllowedForStatus(w.status) {
		return 0, http.ErrBodyNotAllowed
	}
	w.written += int64(len(p))
	if w.declared != -1 && w.written > w.declared {
		return 0, http.ErrContentLength
	}
	w.c.body = append(w.c.body, p...)
	return len(p), nil
}

// appendHeader appends the handler's headers as net/http writes them: sorted, valid names
// only, newlines in values made spaces and values trimmed; without the framing headers the
// fast path sets itself, and for an answer without a body without those it forbids.
func (w *fastResponse) appendHeader(b []byte, bodyAllowed bool) []byte {
	keys := w.c.keys[:0]
	for k := range w.header {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	w.c.keys = keys
	for _, k := range keys {
		if !validFieldName(k) || k == "Transfer-Encoding" || strings.HasPrefix(k, http.TrailerPrefix) ||
			(!bodyAllowed && (k == "Content-Length" || (w.status == http.StatusNotModified && k == "Content-Type"))) {
			continue
		}
		for _, v := range w.header[k] {
			b = append(b, k...)
			b = append(b, ": "...)
			b = appendHeaderValue(b, v)
			b = append(b, "\r\n"...)
		}
	}
	return b
}

// finish writes the answer and reports whether the connection can take another request.
func (w *fastResponse) finish() bool {
	if !w.wroteHeader {
		w.WriteHeader(http.StatusOK)
	}
	c := w.c
	bodyAllowed := bodyAllowedForStatus(w.status)
	if !w.has.date {
		c.head = appendDate(append(c.head, "Date: "...), time.Now())
		c.head = append(c.head, "\r\n"...)
	}
	if bodyAllowed && w.declared == -1 {
		c.head = strconv.AppendInt(append(c.head, "Content-Length: "...), int64(len(c.body)), 10)
		c.head = append(c.head, "\r\n"...)
	}
	if bodyAllowed && !w.has.contentType && !w.has.contentEncoding && len(c.body) > 0 {
		c.head = append(append(c.head, "Content-Type: "...), http.DetectContentType(c.body)...)
		c.head = append(c.head, "\r\n"...)
	}
	// A server shutting down says it closes the connection. A body shorter than declared
	// leaves the client waiting for the rest: net/http closes the connection after it
	// without a word, and so does the fast path.
	closing := c.s.isClosing()
	if closing && !w.has.close {
		c.head = append(c.head, "Connection: close\r\n"...)
	}
	reuse := !w.has.close && !closing && (w.declared == -1 || !bodyAllowed || w.written == w.declared)
	c.head = append(c.head, "\r\n"...)
	var err error
	if len(c.body) <= 16<<10 {
		c.head = append(c.head, c.body...)
		_, err = c.rwc.Write(c.head)
	} else {
		bufs := net.Buffers{c.head, c.body}
		_, err = bufs.WriteTo(c.rwc)
	}
	return reuse && err == nil
}

// appendStatusLine appends an HTTP/1.1 status line as net/http writes it.
func appendStatusLine(b []byte, code int) []byte {
	b = append(b, "HTTP/1.1 "...)
	if text := http.StatusText(code); text != "" {
		b = strconv.AppendInt(b, int64(code), 10)
		b = append(b, ' ')
		b = append(b, text...)
		return append(b, "\r\n"...)
	}
	return fmt.Appendf(b, "%03d status code %d\r\n", code, code)
}

// appendHeaderValue appends a value with CR and LF made spaces and surrounding whitespace
// trimmed, as net/http's Header.Write does.
func appendHeaderValue(b []byte, v string) []byte {
	if strings.IndexByte(v, '\r') >= 0 || strings.IndexByte(v, '\n') >= 0 {
		v = strings.NewReplacer("\n", " ", "\r", " ").Replace(v)
	}
	return append(b, strings.Trim(v, " \t\r\n")...)
}

// validFieldName is httpguts.ValidHeaderFieldName: a non-empty token.
func validFieldName(s string) bool {
	if s == "" {
		return false
	}
	for i := range len(s) {
		if c := s[i]; !isAlnum(c) && strings.IndexByte("!#$%&'*+-.^_`|~", c) < 0 {
			return false
		}
	}
	return true
}

// bodyAllowedForStatus is net/http's: no body for 1xx, 204 and 304.
func bodyAllowedForStatus(status int) bool {
	switch {
	case status >= 100 && status <= 199, status == http.StatusNoContent, status == http.StatusNotModified:
		return false
	}
	return true
}

// cachedDate is the Date header of the current second.
type cachedDate struct {
	unix int64
	text []byte
}

var dateCache atomic.Pointer[cachedDate]

// appendDate appends now as an HTTP date, formatted once a second.
func appendDate(b []byte, now time.Time) []byte {
	sec := now.Unix()
	d := dateCache.Load()
	if d == nil || d.unix != sec {
		d = &cachedDate{unix: sec, text: now.UTC().AppendFormat(nil, http.TimeFormat)}
		dateCache.Store(d)
	}
	return append(b, d.text...)
}
