package state

import (
	"encoding/json"
	"testing"
)

// TestStateFileLayout checks the JSON shape the state file has always had
// (global tables beside "accounts", account tables beside "regions") and
// that it reads back.
func TestStateFileLayout(t *testing.T) {
	buckets := NewTable[string]("buckets", Global)
	roles := NewTable[int]("roles", PerAccount)
	stacks := NewTable[string]("stacks", PerRegion)
	layout := NewLayout(buckets, roles, stacks)
	s := New(layout)
	buckets.Global(s)["b"] = "bucket"
	roles.Account(s, "111111111111")["r"] = 1
	stacks.Region(s, "111111111111", "us-east-1")["id"] = "stack"
	data, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"accounts":{"111111111111":{"roles":{"r":1},"regions":{"us-east-1":{"stacks":{"id":"stack"}}}}},"buckets":{"b":"bucket"}}`
	if string(data) != want {
		t.Fatalf("got  %s\nwant %s", data, want)
	}
	back := New(layout)
	if err := json.Unmarshal([]byte(`{"accounts":{"111111111111":{"roles":null,"regions":{"us-east-1":{"stacks":{"id":"stack"}}}}},"buckets":{"b":"bucket"},"unknown":1}`), back); err != nil {
		t.Fatal(err)
	}
	if got := stacks.Lookup(back, "111111111111", "us-east-1")["id"]; got != "stack" {
		t.Fatalf("stack %q", got)
	}
	if roles.Account(back, "111111111111") == nil || buckets.Global(back)["b"] != "bucket" {
		t.Fatal("tables did not read back")
	}
	if stacks.Lookup(back, "222222222222", "us-east-1") != nil {
		t.Fatal("Lookup created an account")
	}
}
