package pantherlog

import (
	"slices"
	"testing"
)

func TestHostScannerSkipsText(t *testing.T) {
	var e Event
	e.Reset()
	for _, v := range []string{"ns1.example.org", "192.0.2.1", "TXT 36 v=spf1 include:_spf.example.org ~all", "a\tb"} {
		Scanners["hostname"](&e, v, false)
	}
	if got := e.Indicators(KindDomainName); !slices.Equal(got, []string{"ns1.example.org"}) {
		t.Errorf("domains %q", got)
	}
	if got := e.Indicators(KindIPAddress); !slices.Equal(got, []string{"192.0.2.1"}) {
		t.Errorf("addresses %q", got)
	}
}
