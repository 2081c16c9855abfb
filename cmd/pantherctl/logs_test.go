package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const customSchema = `schema: Custom.Login
version: 0
parser:
  csv:
    delimiter: ","
    columns: [time, user, ip, ok]
fields:
  - {name: time, type: timestamp, timeFormat: unix, isEventTime: true, required: true}
  - {name: user, type: string, indicators: [username]}
  - {name: ip, type: string, indicators: [ip]}
  - {name: ok, type: boolean}
`

func parseCLI(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := runLogsParse(context.Background(), args, strings.NewReader(stdin), &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

func TestLogsParseACustomSchemaFromStdin(t *testing.T) {
	dir := t.TempDir()
	schema := filepath.Join(dir, "login.yml")
	if err := os.WriteFile(schema, []byte(customSchema), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errs := parseCLI(t, "1767225600,ana,192.0.2.7,true\nnot,a,login\n", "--schema", schema, "--parse-time", "2026-02-01T00:00:00Z")
	want := `{"time":"2026-01-01 00:00:00.000000000","user":"ana","ip":"192.0.2.7","ok":true,"p_log_type":"Custom.Login","p_row_id":"00000000000080c0ea89f2d52b01",` +
		`"p_event_time":"2026-01-01 00:00:00.000000000","p_parse_time":"2026-02-01 00:00:00.000000000","p_any_ip_addresses":["192.0.2.7"],"p_any_usernames":["ana"]}` + "\n"
	if code != 1 || out != want || errs != "-: line 2: no log type accepts it (tried Custom.Login)\n" {
		t.Fatalf("exit %d\nstdout %s\nstderr %s", code, out, errs)
	}
}

func TestLogsParseReadsGzipAndCloudTrailFiles(t *testing.T) {
	dir := t.TempDir()
	record := `{"eventTime":"2026-03-01T00:00:00Z","eventSource":"s3.amazonaws.com","eventName":"ListBuckets","sourceIPAddress":"198.51.100.1"}`
	doc := "{\n  \"Records\": [\n    " + record + ",\n    " + record + "\n  ]\n}\n"
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	_, _ = zw.Write([]byte(doc))
	_ = zw.Close()
	// CloudTrail's own file name means one JSON object of Records, whatever its lines.
	name := filepath.Join(dir, "123456789012_CloudTrail_us-east-1_20260301T0000Z_abcdEFGH1234.json.gz")
	if err := os.WriteFile(name, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errs := parseCLI(t, "", "--log-type", "AWS.CloudTrail", name)
	if code != 0 || strings.Count(out, `"p_log_type":"AWS.CloudTrail"`) != 2 || errs != "" {
		t.Fatalf("exit %d\nstdout %s\nstderr %s", code, out, errs)
	}
	if !strings.Contains(out, `"p_any_ip_addresses":["198.51.100.1"]`) {
		t.Fatalf("indicators missing: %s", out)
	}
}

func TestLogsParseRefusesUnknownTypes(t *testing.T) {
	code, _, errs := parseCLI(t, "", "--log-type", "Nope.Nothing")
	if code != 2 || !strings.Contains(errs, "--log-type Nope.Nothing: not a log type") {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"logs", "types"}, &stdout, &stderr); code != 0 || !strings.Contains(stdout.String(), "AWS.CloudTrail") {
		t.Fatalf("logs types: %d %s %s", code, stdout.String(), stderr.String())
	}
}
