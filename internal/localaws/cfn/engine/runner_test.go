package engine

import "testing"

func TestFailedStatus(t *testing.T) {
	for in, want := range map[string]string{
		"CREATE_IN_PROGRESS":                  "CREATE_FAILED",
		"ROLLBACK_IN_PROGRESS":                "ROLLBACK_FAILED",
		"UPDATE_ROLLBACK_IN_PROGRESS":         "UPDATE_ROLLBACK_FAILED",
		"DELETE_IN_PROGRESS":                  "DELETE_FAILED",
		"UPDATE_COMPLETE_CLEANUP_IN_PROGRESS": "UPDATE_COMPLETE",
	} {
		if got := failedStatus(in); got != want {
			t.Errorf("failedStatus(%s) = %s, want %s", in, got, want)
		}
	}
}
