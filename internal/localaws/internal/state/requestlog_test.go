package state

import (
	"reflect"
	"strconv"
	"testing"
	"time"

	"github.com/panther-operator/panther-operator/internal/localaws/admin"
)

// TestRequestLogKeepsRecords checks that the packed log gives back the records it was given,
// the newest ones once it is full.
func TestRequestLogKeepsRecords(t *testing.T) {
	l := NewRequestLog(4)
	if got := l.Snapshot(); got != nil {
		t.Fatalf("empty log: %v", got)
	}
	start := time.Now()
	var added []admin.RequestRecord
	for i := range 7 {
		if i == 5 {
			if got, want := l.Snapshot(), added[2:]; !reflect.DeepEqual(got, want) {
				t.Fatalf("got  %+v\nwant %+v", got, want)
			}
		}
		r := admin.RequestRecord{Time: start.Add(time.Duration(i) * time.Millisecond).UTC(),
			RequestID: "id-" + strconv.Itoa(i), Service: "dynamodb", Operation: "GetItem", Account: "000000000000",
			Region: "us-east-1", AccessKeyID: "AKID" + strconv.Itoa(i), Resource: "table-" + strconv.Itoa(i*11),
			Status: 200 + i, Duration: time.Duration(i) * time.Microsecond, Mutating: i%2 == 0}
		if i == 3 {
			r.ErrorCode, r.Resource, r.AccessKeyID = "ResourceNotFoundException", "", ""
		}
		l.Add(r)
		added = append(added, r)
	}
	// The fifth record dropped the oldest two (leaving 2, 3, 4), the seventh the next two.
	if got, want := l.Snapshot(), added[4:]; !reflect.DeepEqual(got, want) {
		t.Fatalf("got  %+v\nwant %+v", got, want)
	}
	l.Clear()
	if got := l.Snapshot(); got != nil {
		t.Fatalf("cleared log: %v", got)
	}
}
