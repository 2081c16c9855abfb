package processor

import "testing"

func TestExtraRuns(t *testing.T) {
	tests := []struct{ previous, depth, want int }{
		{0, 0, 0}, {0, 5, 0}, {0, 6, 1}, {6, 6, 0}, {0, 12, 2}, {10, 12, 1}, {100, 100, 2}, {200, 100, 2}, {0, 29, 2}, {20, 29, 2}, {29, 29, 2},
		{3, 9, 1}, {9, 9, 0},
	}
	for _, tt := range tests {
		if got := extraRuns(tt.previous, tt.depth); got != tt.want {
			t.Errorf("extraRuns(%d, %d) = %d, want %d", tt.previous, tt.depth, got, tt.want)
		}
	}
}
