// Package state keeps what the emulator knows: the tables services declare,
// per account and region, behind one lock, written to and loaded from the
// state file; and, beside it, the fault rules, the latency scale and the
// request log the admin API controls.
package state
