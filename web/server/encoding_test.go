package server

import "testing"

func TestAcceptedQuality(t *testing.T) {
	cases := []struct {
		header, coding string
		want           float64
	}{
		{"", "br", 0},
		{"gzip, br", "br", 1},
		{"GZIP", "gzip", 1},
		{" gzip ; q=0.5 ", "gzip", 0.5},
		{"gzip;Q=0.25", "gzip", 0.25},
		{"gzip;q=0", "gzip", 0},
		{"*;q=0.3", "br", 0.3},
		{"br;q=0.9, *;q=0.1", "br", 0.9},
		{"*, br;q=0", "br", 0},
		{"gzip;q=x", "gzip", 0},
		{"gzip;q=2", "gzip", 0},
		{"gzip;level=1", "gzip", 1},
		{"brotli", "br", 0},
	}
	for _, tc := range cases {
		if got := acceptedQuality(tc.header, tc.coding); got != tc.want {
			t.Errorf("acceptedQuality(%q, %q) = %v, want %v", tc.header, tc.coding, got, tc.want)
		}
	}
}
