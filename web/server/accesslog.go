package server

import (
	"log/slog"
	"net/http"
	"time"
)

// accessLog writes one line per request once it is answered. The query string is left out:
// the app keeps filters there, and they can hold what users typed.
func accessLog(log *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &recorder{ResponseWriter: w}
		next.ServeHTTP(rec, r)
		if rec.status == 0 {
			rec.status = http.StatusOK
		}
		log.Info("Answered request",
			"method", r.Method,
			"path", r.URL.Path,
			"status", rec.status,
			"bytes", rec.bytes,
			"durationMs", float64(time.Since(start).Microseconds())/1000,
			"remoteAddr", r.RemoteAddr,
			"userAgent", r.UserAgent())
	})
}

// recorder notes the status and body size of an answer as it is written.
type recorder struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (r *recorder) WriteHeader(status int) {
	if r.status == 0 {
		r.status = status
	}
	r.ResponseWriter.WriteHeader(status)
}

func (r *recorder) Write(p []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	n, err := r.ResponseWriter.Write(p)
	r.bytes += int64(n)
	return n, err
}

// Unwrap lets http.ResponseController reach the connection's own writer.
func (r *recorder) Unwrap() http.ResponseWriter {
	return r.ResponseWriter
}
