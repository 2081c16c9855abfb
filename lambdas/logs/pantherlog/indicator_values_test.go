package pantherlog

import (
	"slices"
	"testing"
)

func TestHostScannersIgnoreNilMarkers(t *testing.T) {
	var e Event
	e.Reset()
	for _, v := range []string{"-", "--", ".", "", "host", "münchen.example", "-"} {
		Scanners["hostname"](&e, v, false)
		Scanners["net_addr"](&e, v, false)
	}
	if got, want := e.Indicators(KindDomainName), []string{"host", "münchen.example"}; !slices.Equal(got, want) {
		t.Fatalf("domains %q, want %q", got, want)
	}
}
