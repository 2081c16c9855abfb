package rulesengine_test

import (
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/panther-operator/panther-operator/internal/testenv"
)

// TestPythonAgainstLocalAWS runs the engine's Python tests that need AWS (the dedup table,
// ProcessedData, the notifications topic) against a localaws of their own, through the
// engine's own SigV4 client.
func TestPythonAgainstLocalAWS(t *testing.T) {
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("python3 is not installed")
	}
	cfg := testenv.LocalAWS(t)
	cmd := exec.CommandContext(t.Context(), "python3", "-m", "unittest", "-v", "tests.test_output_localaws")
	cmd.Env = append(os.Environ(), "AWS_ENDPOINT_URL="+*cfg.BaseEndpoint, "AWS_REGION=us-east-1",
		"AWS_ACCESS_KEY_ID=AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY=secret", "AWS_SESSION_TOKEN=")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("python tests failed: %v\n%s", err, out)
	}
	if strings.Contains(string(out), "(skipped=") {
		t.Fatalf("python tests were skipped:\n%s", out)
	}
	t.Logf("%s", out)
}
