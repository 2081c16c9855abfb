package parsers_test

import "testing"

func TestUnixTimesWithFractionsAreExact(t *testing.T) {
	schema := `
schema: Custom.Test
fields:
  - {name: s, type: timestamp, timeFormat: unix}
  - {name: ms, type: timestamp, timeFormat: unix_ms}
  - {name: src, type: string}
`
	got := parse(t, schema, `{"s":1773526458.25,"ms":"1773526458250.5","src":"a"}`, `{"s":"-0.5","src":"b"}`)
	check(t, got,
		`{"s":"2026-03-14 22:14:18.250000000","ms":"2026-03-14 22:14:18.250500000","src":"a",`+tailNoTime+`}`,
		`{"s":"1969-12-31 23:59:59.500000000","src":"b",`+tailNoTime+`}`)
}

func TestUnixTimesOutOfRangeAreRejected(t *testing.T) {
	schema := `
schema: Custom.Test
fields:
  - {name: s, type: timestamp, timeFormat: unix}
`
	// 10^12 seconds (a count of milliseconds in a field of seconds) is past what a time can
	// hold: an error, not a time wrapped around.
	got := parse(t, schema, `{"s":1773526458250}`, `{"s":"-1773526458250"}`, `{"s":9000000000}`)
	check(t, got,
		"error: s: not a timestamp in the declared timeFormat",
		"error: s: not a timestamp in the declared timeFormat",
		`{"s":"2255-03-14 16:00:00.000000000",`+tailNoTime+`}`)
}
