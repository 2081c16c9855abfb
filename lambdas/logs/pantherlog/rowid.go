package pantherlog

import (
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"net"
	"sync/atomic"
	"time"
)

// rowIDEpoch is where row IDs count time from.
var rowIDEpoch = time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)

// RowIDs makes p_row_id values unique across processes: the node (a MAC address), the
// microseconds from 2020 to the process's start, and a counter, as hex.
type RowIDs struct {
	prefix  []byte
	counter atomic.Uint64
}

// NewRowIDs returns a generator for a node and a start time.
func NewRowIDs(node [6]byte, start time.Time) *RowIDs {
	prefix := append([]byte{}, node[:]...)
	prefix = binary.AppendUvarint(prefix, uint64(start.Sub(rowIDEpoch).Microseconds()))
	return &RowIDs{prefix: prefix}
}

// NewProcessRowIDs uses the first hardware address of the machine (random bytes when it has
// none) and the current time.
func NewProcessRowIDs() *RowIDs {
	var node [6]byte
	ifaces, _ := net.Interfaces()
	found := false
	for _, i := range ifaces {
		if len(i.HardwareAddr) >= 6 {
			copy(node[:], i.HardwareAddr)
			found = true
			break
		}
	}
	if !found {
		_, _ = rand.Read(node[:])
	}
	return NewRowIDs(node, time.Now())
}

// Next returns a new row ID.
func (r *RowIDs) Next() string {
	var buf [32]byte
	id := binary.AppendUvarint(append(buf[:0], r.prefix...), r.counter.Add(1))
	return hex.EncodeToString(id)
}
