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

func TestEmailScannerNeedsAnAtSign(t *testing.T) {
	var e Event
	e.Reset()
	for _, v := range []string{"unknown", "Salesforce.com", "@example.com", "ana@", "ana@example.com", "bob@corp"} {
		Scanners["email"](&e, v, false)
	}
	if got, want := e.Indicators(KindEmail), []string{"ana@example.com", "bob@corp"}; !slices.Equal(got, want) {
		t.Fatalf("emails %q, want %q", got, want)
	}
}
