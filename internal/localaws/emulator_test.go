package localaws

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/panther-operator/panther-operator/internal/localaws/internal/wire"
)

// panicky is a service whose every operation panics.
type panicky struct{}

func (panicky) Resolve(*wire.Request) (string, string) { return "Explode", "" }
func (panicky) Serve(*wire.Request) error              { panic("boom") }

// TestHandlerPanicReleasesTheLock checks that a panicking handler answers
// InternalFailure and leaves the emulator usable.
func TestHandlerPanicReleasesTheLock(t *testing.T) {
	e, err := NewEmulator(Options{ZeroLatency: true})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	e.services["panicky"] = panicky{}
	call := func() *httptest.ResponseRecorder {
		req := httptest.NewRequestWithContext(context.Background(), http.MethodPost, "/", strings.NewReader("{}"))
		req.Header.Set("X-Amz-Target", "Panicky.Explode")
		req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=AKID/20240101/us-east-1/panicky/aws4_request")
		rec := httptest.NewRecorder()
		e.ServeHTTP(rec, req)
		return rec
	}
	// Twice: the second call would hang if the first had kept the lock.
	for range 2 {
		rec := call()
		if rec.Code != http.StatusInternalServerError || !strings.Contains(rec.Body.String(), "InternalFailure") {
			t.Fatalf("got %d %s", rec.Code, rec.Body.String())
		}
	}
}
