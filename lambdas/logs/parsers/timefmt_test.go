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
