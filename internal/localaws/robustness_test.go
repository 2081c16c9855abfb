package localaws

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// panicky is a service whose every operation panics.
type panicky struct{}

func (panicky) resolve(*request) (string, string) { return "Explode", "" }
func (panicky) serve(*request) error              { panic("boom") }

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
		req := httptest.NewRequest(http.MethodPost, "/", strings.NewReader("{}"))
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

func TestFailedStatus(t *testing.T) {
	for in, want := range map[string]string{
		"CREATE_IN_PROGRESS":                  "CREATE_FAILED",
		"ROLLBACK_IN_PROGRESS":                "ROLLBACK_FAILED",
		"UPDATE_ROLLBACK_IN_PROGRESS":         "UPDATE_ROLLBACK_FAILED",
		"DELETE_IN_PROGRESS":                  "DELETE_FAILED",
		"UPDATE_COMPLETE_CLEANUP_IN_PROGRESS": "UPDATE_COMPLETE",
	} {
		if got := failedStatus(in); got != want {
			t.Errorf("failedStatus(%s) = %s, want %s", in, got, want)
		}
	}
}
