package parsers_test

import (
	"strings"
	"testing"
	"time"

	"github.com/panther-operator/panther-operator/lambdas/logs/logschema"
	"github.com/panther-operator/panther-operator/lambdas/logs/pantherlog"
	"github.com/panther-operator/panther-operator/lambdas/logs/parsers"
)

var fixedMeta = pantherlog.Meta{RowID: "r1", ParseTime: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}

// parse compiles a schema and parses lines of one stream, returning each event (or the error
// of a line) as text.
func parse(t *testing.T, schema string, lines ...string) []string {
	t.Helper()
	s, err := logschema.Load([]byte(schema))
	if err != nil {
		t.Fatal(err)
	}
	lt, err := parsers.Compile(s, nil)
	if err != nil {
		t.Fatal(err)
	}
	p := lt.NewParser()
	var out []string
	var e pantherlog.Event
	for _, line := range lines {
		m := fixedMeta
		m.LogType = lt.Name
		err := p.Parse([]byte(line), &e, func(e *pantherlog.Event) { out = append(out, string(e.Finish(&m))) })
		if err != nil {
			out = append(out, "error: "+err.Error())
		}
	}
	return out
}

func check(t *testing.T, got []string, want ...string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

const tail = `"p_log_type":"Custom.Test","p_row_id":"r1","p_event_time":"2024-05-06 07:08:09.123000000","p_parse_time":"2026-01-02 03:04:05.000000000"`
const tailNoTime = `"p_log_type":"Custom.Test","p_row_id":"r1","p_event_time":"2026-01-02 03:04:05.000000000","p_parse_time":"2026-01-02 03:04:05.000000000"`

const jsonSchema = `
schema: Custom.Test
fields:
  - name: time
    type: timestamp
    timeFormat: rfc3339
    isEventTime: true
  - name: "@user"
    type: string
    indicators: [username]
  - name: src
    type: string
    required: true
    indicators: [ip]
  - name: count
    type: bigint
  - name: ok
    type: boolean
  - name: ratio
    type: float
  - name: tags
    type: array
    element: {type: string, indicators: [aws_tag]}
  - name: detail
    type: object
    fields:
      - {name: arn, type: string, indicators: [aws_arn]}
      - {name: empty, type: string}
  - name: raw
    type: json
    indicators: [ip, aws_arn]
`

func TestJSONConvertsDeclaredFieldsAndSkipsTheRest(t *testing.T) {
	got := parse(t, jsonSchema,
		`{"time":"2024-05-06T09:08:09.123+02:00","@user":"ana","src":"10.0.0.1","count":"42","ok":"true","ratio":0.5,"extra":{"x":[1,2]},"tags":["a",null,"b"],"detail":{"arn":"arn:aws:iam::123456789012:role/x"},"raw":{"k":"192.168.1.1","n":[{"a":"arn:aws:s3:::b"}],"s":"not an ip"}}`,
		`{"src":"::1","detail":{"empty":null},"tags":[],"count":null}`,
		`{"src":"10.0.0.2","src":"10.0.0.3","note":"duplicate keys keep the first"}`,
	)
	check(t, got,
		`{"time":"2024-05-06 07:08:09.123000000","at_sign_user":"ana","src":"10.0.0.1","count":42,"ok":true,"ratio":0.5,"tags":["a","b"],"detail":{"arn":"arn:aws:iam::123456789012:role/x"},"raw":{"k":"192.168.1.1","n":[{"a":"arn:aws:s3:::b"}],"s":"not an ip"},`+tail+
			`,"p_any_ip_addresses":["10.0.0.1","192.168.1.1"],"p_any_aws_account_ids":["123456789012"],"p_any_aws_arns":["arn:aws:iam::123456789012:role/x","arn:aws:s3:::b"],"p_any_aws_tags":["a","b"],"p_any_usernames":["ana"]}`,
		`{"src":"::1",`+tailNoTime+`,"p_any_ip_addresses":["::1"]}`,
		`{"src":"10.0.0.2",`+tailNoTime+`,"p_any_ip_addresses":["10.0.0.2"]}`,
	)
}

func TestJSONRejectsWhatItCannotRepresent(t *testing.T) {
	got := parse(t, jsonSchema,
		`{"time":"yesterday","src":"1.2.3.4"}`,
		`{"count":1}`,
		`{"src":"1.2.3.4","count":1.5}`,
		`{"src":{"a":1}}`,
		`{"src":"1.2.3.4"} trailing`,
		`{"src":"1.2.3.4",`,
		`[1,2]`,
		strings.Repeat("[", 1000),
	)
	check(t, got,
		"error: time: not a timestamp in the declared timeFormat",
		"error: required field src is missing",
		"error: count: want an integer in range",
		"error: src: want a scalar, found an object",
		"error: malformed JSON at byte 18",
		"error: malformed JSON at byte 17",
		"error: malformed JSON at byte 0",
		"error: malformed JSON at byte 0",
	)
}

func TestCSVWithHeaderLinesAndDefaultColumns(t *testing.T) {
	schema := `
schema: Custom.Test
parser:
  csv:
    delimiter: " "
    hasHeader: true
    columns: [version, srcaddr, start]
    emptyValues: ["-"]
fields:
  - {name: version, type: int}
  - {name: srcaddr, type: string, indicators: [ip]}
  - {name: start, type: timestamp, timeFormat: unix, isEventTime: true}
  - {name: action, type: string}
`
	got := parse(t, schema,
		`2 10.0.0.1 1715000000`,
		`version start action srcaddr`,
		`2 1715000000 "ACCEPT all" -`,
	)
	check(t, got,
		`{"version":2,"srcaddr":"10.0.0.1","start":"2024-05-06 12:53:20.000000000","p_log_type":"Custom.Test","p_row_id":"r1","p_event_time":"2024-05-06 12:53:20.000000000","p_parse_time":"2026-01-02 03:04:05.000000000","p_any_ip_addresses":["10.0.0.1"]}`,
		`{"version":2,"start":"2024-05-06 12:53:20.000000000","action":"ACCEPT all","p_log_type":"Custom.Test","p_row_id":"r1","p_event_time":"2024-05-06 12:53:20.000000000","p_parse_time":"2026-01-02 03:04:05.000000000"}`,
	)
}

func TestFastMatchAndRegex(t *testing.T) {
	fields := `
fields:
  - {name: ip, type: string, indicators: [ip]}
  - {name: time, type: timestamp, timeFormat: "%d/%b/%Y:%H:%M:%S %z", isEventTime: true}
  - {name: request, type: string}
  - {name: status, type: smallint}
`
	fast := "schema: Custom.Test\nparser:\n  fastmatch:\n    match:\n      - '%{ip} - - [%{time}] \"%{request}\" %{status}'\n" + fields
	re := "schema: Custom.Test\nparser:\n  regex:\n    match:\n      - '%{IP:ip} - - \\[(?P<time>[^\\]]+)\\] '\n      - '\"%{DATA:request}\" %{INT:status}'\n" + fields
	line := `10.1.2.3 - - [06/May/2024:09:08:09 +0200] "GET /index.html HTTP/1.1" 200`
	want := `{"ip":"10.1.2.3","time":"2024-05-06 07:08:09.000000000","request":"GET /index.html HTTP/1.1","status":200,"p_log_type":"Custom.Test","p_row_id":"r1","p_event_time":"2024-05-06 07:08:09.000000000","p_parse_time":"2026-01-02 03:04:05.000000000","p_any_ip_addresses":["10.1.2.3"]}`
	check(t, parse(t, fast, line, "garbage"), want, "error: fastmatch: the line matches no pattern")
	check(t, parse(t, re, line), want)
}

func TestControlCharactersAreEscapedInTheOutput(t *testing.T) {
	got := parse(t, jsonSchema, "{\"src\":\"1.2.3.4\",\"@user\":\"a\tb\",\"raw\":{\"k\":\"x\ty\"}}")
	check(t, got, `{"src":"1.2.3.4","at_sign_user":"a\tb","raw":{"k":"x\u0009y"},`+tailNoTime+`,"p_any_ip_addresses":["1.2.3.4"],"p_any_usernames":["a\tb"]}`)
}
