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

func TestHashScannersSkipZeros(t *testing.T) {
	var e Event
	e.Reset()
	Scanners["sha1"](&e, "0000000000000000000000000000000000000000", false)
	Scanners["md5"](&e, "7353f60b1739074eb17c5f4dddefe239", false)
	Scanners["md5"](&e, "00000000000000000000000000000000", true)
	if got := e.Indicators(KindSHA1); got != nil {
		t.Errorf("sha1 %q", got)
	}
	if got := e.Indicators(KindMD5); !slices.Equal(got, []string{"7353f60b1739074eb17c5f4dddefe239"}) {
		t.Errorf("md5 %q", got)
	}
}
