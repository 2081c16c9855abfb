package wire

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/textproto"
	"strings"
	"testing"
	"time"
)

// seen is what a test handler saw of a request, to compare the fast path's requests with
// net/http's.
type seen struct {
	Method, URL, Proto, Host, RequestURI string
	ProtoMajor, ProtoMinor               int
	Header                               http.Header
	ContentLength                        int64
	Body                                 string
	Remote                               bool
	Close                                bool
	NoBody                               bool
}

// testHandler answers as its X-Amz-Target says, in the ways handlers answer.
func testHandler(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	s := seen{Method: r.Method, URL: r.URL.String(), Proto: r.Proto, Host: r.Host, RequestURI: r.RequestURI,
		ProtoMajor: r.ProtoMajor, ProtoMinor: r.ProtoMinor, Header: r.Header, ContentLength: r.ContentLength,
		Body: string(body), Remote: r.RemoteAddr != "", Close: r.Close, NoBody: r.Body == http.NoBody}
	doc, _ := json.Marshal(s)
	h := w.Header()
	switch r.Header.Get("X-Amz-Target") {
	case "T.Plain":
		_, _ = w.Write(doc)
	case "T.Set":
		h.Set("Content-Type", "application/x-amz-json-1.0")
		h.Set("Content-Length", fmt.Sprint(len(doc)))
		h["X-Amzn-Requestid"] = []string{"id"}
		h.Add("X-Multi", "b")
		h.Add("X-Multi", "a\r\nInjected: yes")
		h.Set("X-Spaced", "  padded  ")
		w.WriteHeader(http.StatusBadRequest)
		h.Set("X-After", "ignored")
		_, _ = w.Write(doc)
	case "T.NoContent":
		h.Set("Content-Length", "3")
		h.Set("Content-Type", "text/plain")
		w.WriteHeader(http.StatusNoContent)
		_, err := w.Write(doc)
		_, _ = fmt.Fprint(io.Discard, err)
	case "T.Empty":
	case "T.Close":
		h.Set("Connection", "close")
		_, _ = w.Write(doc)
	case "T.Short":
		h.Set("Content-Length", "1000")
		_, _ = w.Write(doc[:10])
	case "T.Long":
		h.Set("Content-Length", "5")
		_, _ = w.Write(doc)
	case "T.Big":
		_, _ = w.Write(bytes.Repeat(doc, 100))
	case "T.Twice":
		w.WriteHeader(http.StatusAccepted)
		w.WriteHeader(http.StatusConflict)
		_, _ = w.Write(doc)
	case "T.Panic":
		panic("handler panic")
	default:
		_, _ = w.Write(doc)
	}
}

// servers starts net/http alone and the fast path, with testHandler and quiet logs.
func servers(t *testing.T) (plain, fast string, fs *FastServer) {
	t.Helper()
	quiet := log.New(io.Discard, "", 0)
	var lc net.ListenConfig
	ln1, err := lc.Listen(context.Background(), "tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ln2, err := lc.Listen(context.Background(), "tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	h := http.HandlerFunc(testHandler)
	p := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, ErrorLog: quiet}
	fs = NewFastServer(h, &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, ErrorLog: quiet})
	go func() { _ = p.Serve(ln1) }()
	go func() { _ = fs.Serve(ln2) }()
	t.Cleanup(func() { _ = p.Close(); _ = fs.Close() })
	return ln1.Addr().String(), ln2.Addr().String(), fs
}

// converse writes raw in pieces and reads the answers until the server closes the
// connection or stops answering, with each answer's Date line blanked.
func converse(t *testing.T, addr string, raw ...string) string {
	t.Helper()
	conn, err := (&net.Dialer{}).DialContext(context.Background(), "tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = conn.Close() }()
	for _, part := range raw {
		if _, err := io.WriteString(conn, part); err != nil {
			t.Fatal(err)
		}
		time.Sleep(5 * time.Millisecond)
	}
	_ = conn.SetReadDeadline(time.Now().Add(200 * time.Millisecond))
	var out strings.Builder
	r := bufio.NewReader(conn)
	for {
		line, err := r.ReadString('\n')
		if strings.HasPrefix(line, "Date: ") {
			line = "Date: *\r\n"
		}
		out.WriteString(line)
		if err != nil {
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() {
				out.WriteString("<open>")
			} else {
				out.WriteString("<closed>")
			}
			return out.String()
		}
	}
}

const sdkHead = "POST / HTTP/1.1\r\nHost: 127.0.0.1:4566\r\nUser-Agent: aws-sdk-go-v2/1.0\r\n" +
	"Authorization: AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=abc\r\n" +
	"Content-Type: application/x-amz-json-1.0\r\nX-Amz-Date: 20260101T000000Z\r\n"

func call(target, body string) string {
	return sdkHead + "X-Amz-Target: " + target + "\r\nContent-Length: " + fmt.Sprint(len(body)) + "\r\n\r\n" + body
}

// TestFastServerAnswersAsNetHTTP checks that the fast path gives handlers the requests
// net/http gives them and sends their answers byte for byte as net/http does, and that
// what it hands over net/http answers as before.
func TestFastServerAnswersAsNetHTTP(t *testing.T) {
	plain, fast, _ := servers(t)
	body := `{"TableName":"t","Key":{"pk":{"S":"a"}}}`
	cases := map[string][]string{
		"plain":          {call("T.Plain", body)},
		"set headers":    {call("T.Set", body)},
		"no content":     {call("T.NoContent", body)},
		"empty":          {call("T.Empty", "")},
		"close":          {call("T.Close", body)},
		"short":          {call("T.Short", body)},
		"long":           {call("T.Long", body)},
		"big":            {call("T.Big", body)},
		"twice":          {call("T.Twice", body)},
		"panic":          {call("T.Panic", body)},
		"pipelined":      {call("T.Plain", body) + call("T.Set", "{}") + call("T.Plain", "")},
		"split head":     {call("T.Plain", body)[:30], call("T.Plain", body)[30:200], call("T.Plain", body)[200:]},
		"split body":     {call("T.Plain", body)[:len(call("T.Plain", body))-5], call("T.Plain", body)[len(call("T.Plain", body))-5:]},
		"large body":     {call("T.Plain", strings.Repeat("x", 100<<10))},
		"then get":       {call("T.Plain", body) + "GET /bucket/key?x=1 HTTP/1.1\r\nHost: h\r\n\r\n" + call("T.Plain", body)},
		"get first":      {"GET / HTTP/1.1\r\nHost: h\r\n\r\n" + call("T.Plain", body)},
		"lower case":     {strings.Replace(call("T.Plain", body), "Content-Type:", "content-TYPE:", 1)},
		"duplicates":     {strings.Replace(call("T.Plain", body), "User-Agent: ", "X-Dup: 1\r\nX-Dup:  2 \r\nUser-Agent:", 1)},
		"no target":      {strings.Replace(call("T.Plain", body), "X-Amz-Target: T.Plain\r\n", "", 1)},
		"no host":        {strings.Replace(call("T.Plain", body), "Host: 127.0.0.1:4566\r\n", "", 1)},
		"two hosts":      {strings.Replace(call("T.Plain", body), "Host: 127.0.0.1:4566\r\n", "Host: a\r\nHost: b\r\n", 1)},
		"chunked":        {sdkHead + "X-Amz-Target: T.Plain\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"},
		"expect":         {strings.Replace(call("T.Plain", body), "User-Agent:", "Expect: 100-continue\r\nUser-Agent:", 1)},
		"connection":     {strings.Replace(call("T.Plain", body), "User-Agent:", "Connection: close\r\nUser-Agent:", 1)},
		"pragma":         {strings.Replace(call("T.Plain", body), "User-Agent:", "Pragma: no-cache\r\nUser-Agent:", 1)},
		"http 1.0":       {strings.Replace(call("T.Plain", body), "HTTP/1.1", "HTTP/1.0", 1)},
		"bad header":     {strings.Replace(call("T.Plain", body), "User-Agent:", "Bad Name: x\r\nUser-Agent:", 1)},
		"folded header":  {strings.Replace(call("T.Plain", body), "User-Agent: ", "X-Fold: a\r\n b\r\nUser-Agent: ", 1)},
		"control char":   {strings.Replace(call("T.Plain", body), "aws-sdk-go-v2", "aws\x01sdk", 1)},
		"bad length":     {strings.Replace(call("T.Plain", body), "Content-Length: ", "Content-Length: +", 1)},
		"bare newlines":  {strings.ReplaceAll(call("T.Plain", body), "\r\n", "\n")},
		"space in value": {strings.Replace(call("T.Plain", body), "User-Agent: ", "User-Agent: \t ", 1)},
	}
	for name, raw := range cases {
		t.Run(name, func(t *testing.T) {
			want := converse(t, plain, raw...)
			got := converse(t, fast, raw...)
			if name == "big" || name == "large body" {
				// A body net/http would send in chunks, having no Content-Length, goes
				// whole with one.
				want, got = unframed(t, want), unframed(t, got)
			}
			if got != want {
				t.Errorf("fast path answered otherwise than net/http: %s", firstDifference(got, want))
			}
		})
	}
}

// unframed is an answer read as a client reads it, without its framing headers.
func unframed(t *testing.T, raw string) string {
	t.Helper()
	resp, err := http.ReadResponse(bufio.NewReader(strings.NewReader(raw)), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = resp.Body.Close() }()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	resp.Header.Del("Content-Length")
	return fmt.Sprint(resp.StatusCode, resp.Header, len(body), string(body[:100]))
}

// firstDifference shows the first line where got differs from want.
func firstDifference(got, want string) string {
	g, w := strings.SplitAfter(got, "\n"), strings.SplitAfter(want, "\n")
	for i := 0; i < len(g) || i < len(w); i++ {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			return fmt.Sprintf("line %d is %.200q, net/http's %.200q", i+1, gl, wl)
		}
	}
	return "none"
}

// TestFastServerCancelsWhenClientLeaves checks that a handler waiting on its request's
// context learns that the client went away, as net/http tells it.
func TestFastServerCancelsWhenClientLeaves(t *testing.T) {
	done := make(chan error, 1)
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
			done <- r.Context().Err()
		case <-time.After(5 * time.Second):
			done <- errors.New("not canceled")
		}
	})
	var lc net.ListenConfig
	ln, err := lc.Listen(context.Background(), "tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	fs := NewFastServer(h, &http.Server{Handler: h, ReadHeaderTimeout: time.Second})
	go func() { _ = fs.Serve(ln) }()
	defer func() { _ = fs.Close() }()
	conn, err := (&net.Dialer{}).DialContext(context.Background(), "tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.WriteString(conn, call("T.Wait", "{}")); err != nil {
		t.Fatal(err)
	}
	time.Sleep(50 * time.Millisecond)
	_ = conn.Close()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("handler's context: %v", err)
	}
}

// TestFastServerShutdown checks that Shutdown waits for a request in flight and that the
// server answers nothing after.
func TestFastServerShutdown(t *testing.T) {
	release := make(chan struct{})
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-release
		_, _ = io.WriteString(w, "done")
	})
	var lc net.ListenConfig
	ln, err := lc.Listen(context.Background(), "tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	fs := NewFastServer(h, &http.Server{Handler: h, ReadHeaderTimeout: time.Second})
	served := make(chan error, 1)
	go func() { served <- fs.Serve(ln) }()
	idle, err := (&net.Dialer{}).DialContext(context.Background(), "tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = idle.Close() }()
	busy, err := (&net.Dialer{}).DialContext(context.Background(), "tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = busy.Close() }()
	if _, err := io.WriteString(busy, call("T.Wait", "{}")); err != nil {
		t.Fatal(err)
	}
	time.Sleep(50 * time.Millisecond)
	shut := make(chan error, 1)
	go func() { shut <- fs.Shutdown(context.Background()) }()
	select {
	case err := <-shut:
		t.Fatalf("Shutdown returned %v with a request in flight", err)
	case <-time.After(100 * time.Millisecond):
	}
	close(release)
	resp, err := http.ReadResponse(bufio.NewReader(busy), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = resp.Body.Close() }()
	data, _ := io.ReadAll(resp.Body)
	if string(data) != "done" || !resp.Close {
		t.Fatalf("answer %q, close %v", data, resp.Close)
	}
	if err := <-shut; err != nil {
		t.Fatal(err)
	}
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		t.Fatalf("Serve returned %v", err)
	}
	if _, err := idle.Read(make([]byte, 1)); err == nil {
		t.Fatal("idle connection still open")
	}
}

// FuzzParseHead checks that a head the fast path reads, net/http reads the same.
func FuzzParseHead(f *testing.F) {
	f.Add(call("T.Plain", ""))
	f.Add(strings.Replace(call("T.Plain", ""), "User-Agent: ", "x-dup: 1\r\nX-DUP:\t2 \r\nuser-agent: ", 1))
	f.Add("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\nX-Amz-Target: a\x7f\r\n\r\n")
	f.Fuzz(func(t *testing.T, raw string) {
		end := strings.Index(raw, "\r\n\r\n")
		if end < 0 {
			return
		}
		head := raw[:end+4]
		header, info, ok := parseHead([]byte(head))
		if !ok {
			return
		}
		req, err := http.ReadRequest(bufio.NewReader(strings.NewReader(head)))
		if err != nil {
			t.Fatalf("%q: read, but net/http answers %v", head, err)
		}
		want := req.Header.Clone()
		delete(want, "Host")
		if fmt.Sprint(header) != fmt.Sprint(want) || info.host != req.Host || info.length != req.ContentLength {
			t.Fatalf("%q: read %v %q %d, net/http reads %v %q %d", head, header, info.host, info.length, want, req.Host, req.ContentLength)
		}
	})
}

// TestValidLine checks the eight-bytes-at-a-time check against one byte at a time.
func TestValidLine(t *testing.T) {
	base := []byte("Authorization: AWS4-HMAC-SHA256 Credential=A/B, X-Tab:\ta")
	for i := range base {
		for _, c := range []byte{0, '\t', '\n', '\r', 0x1f, ' ', 0x7e, 0x7f, 0x80, 0xff} {
			b := append([]byte(nil), base...)
			b[i] = c
			if got, want := validLine(b), validBytes(b); got != want {
				t.Fatalf("%q: %v, want %v", b, got, want)
			}
		}
	}
}

// TestCanonicalKey checks header names against textproto's canonical form.
func TestCanonicalKey(t *testing.T) {
	for _, name := range []string{"Host", "host", "HOST", "x-amz-target", "X-AMZ-DATE", "Content-MD5", "content-md5",
		"x-amz-content-sha256", "a", "-", "a--b", "-a", "1abc", "x-1a", "WWW-Authenticate", "Amz-Sdk-Request"} {
		got, ok := canonicalKey(name)
		if want := textproto.CanonicalMIMEHeaderKey(name); !ok || got != want {
			t.Errorf("canonicalKey(%q) = %q, %v; textproto makes %q", name, got, ok, want)
		}
	}
	for _, name := range []string{"", "a b", "a_b", "a:b", "é"} {
		if _, ok := canonicalKey(name); ok {
			t.Errorf("canonicalKey(%q) read a name the fast path leaves to net/http", name)
		}
	}
}
