package state

import (
	"bytes"
	"encoding/json"
	"maps"
	"slices"
)

// Scope is where a table lives: once for the whole emulator, once per
// account or once per account and region.
type Scope int

// The scopes of tables.
const (
	Global Scope = iota
	PerAccount
	PerRegion
)

// Table is one kind of record a service keeps, by name or ID, e.g. S3's
// buckets (global, because bucket names are unique across accounts) or
// CloudFormation's stacks (per region). Its key names it in the state file.
// A service declares its tables and keeps them to itself: other services
// reach its records through its methods only.
type Table[V any] struct {
	key   string
	scope Scope
}

// NewTable declares a table.
func NewTable[V any](key string, scope Scope) Table[V] {
	return Table[V]{key: key, scope: scope}
}

// Global returns the records of a Global table.
func (t Table[V]) Global(s *State) map[string]V {
	t.must(Global)
	return s.global[t.key].(map[string]V)
}

// Account returns (creating the account) the records of a PerAccount table.
func (t Table[V]) Account(s *State, account string) map[string]V {
	t.must(PerAccount)
	return s.account(account).tables[t.key].(map[string]V)
}

// Region returns (creating account and region) the records of a PerRegion
// table.
func (t Table[V]) Region(s *State, account, region string) map[string]V {
	t.must(PerRegion)
	return s.region(account, region).tables[t.key].(map[string]V)
}

// Lookup returns the records of a PerRegion table without creating the
// account or region; nil when they do not exist.
func (t Table[V]) Lookup(s *State, account, region string) map[string]V {
	t.must(PerRegion)
	if a, ok := s.accounts[account]; ok {
		if r, ok := a.regions[region]; ok {
			return r.tables[t.key].(map[string]V)
		}
	}
	return nil
}

// AllRegions returns the records of a PerRegion table in every account and
// region.
func (t Table[V]) AllRegions(s *State) []map[string]V {
	t.must(PerRegion)
	var out []map[string]V
	for _, a := range s.accounts {
		for _, r := range a.regions {
			out = append(out, r.tables[t.key].(map[string]V))
		}
	}
	return out
}

func (t Table[V]) must(scope Scope) {
	if t.scope != scope {
		panic("state: table " + t.key + " used in the wrong scope")
	}
}

func (t Table[V]) declaration() declaration {
	return declaration{
		key: t.key, scope: t.scope,
		empty: func() any { return map[string]V{} },
		decode: func(raw json.RawMessage) (any, error) {
			m := map[string]V{}
			if err := json.Unmarshal(raw, &m); err != nil {
				return nil, err
			}
			if m == nil { // JSON null
				m = map[string]V{}
			}
			return m, nil
		},
	}
}

// Declared is a table, whatever its record type.
type Declared interface{ declaration() declaration }

type declaration struct {
	key    string
	scope  Scope
	empty  func() any
	decode func(json.RawMessage) (any, error)
}

// Layout is the tables of every service, in the order the state file
// lists them.
type Layout struct {
	byScope [3][]declaration
}

// NewLayout collects the tables of the services.
func NewLayout(tables ...Declared) *Layout {
	l := &Layout{}
	for _, t := range tables {
		d := t.declaration()
		l.byScope[d.scope] = append(l.byScope[d.scope], d)
	}
	return l
}

func (l *Layout) empty(scope Scope) map[string]any {
	out := map[string]any{}
	for _, d := range l.byScope[scope] {
		out[d.key] = d.empty()
	}
	return out
}

// State is everything the emulator knows: its global tables and, per
// account and region, the others. It is serialised as a whole to the state
// file and to the admin state dump:
//
//	{"accounts": {ID: {account tables…, "regions": {NAME: {region tables…}}}}, global tables…}
type State struct {
	layout   *Layout
	global   map[string]any
	accounts map[string]*account
}

type account struct {
	tables  map[string]any
	regions map[string]*region
}

type region struct {
	tables map[string]any
}

// New returns an empty state.
func New(layout *Layout) *State {
	return &State{layout: layout, global: layout.empty(Global), accounts: map[string]*account{}}
}

// account returns (creating) an account.
func (s *State) account(id string) *account {
	a, ok := s.accounts[id]
	if !ok {
		a = &account{tables: s.layout.empty(PerAccount), regions: map[string]*region{}}
		s.accounts[id] = a
	}
	return a
}

// region returns (creating) the state of one account and region.
func (s *State) region(accountID, name string) *region {
	a := s.account(accountID)
	r, ok := a.regions[name]
	if !ok {
		r = &region{tables: s.layout.empty(PerRegion)}
		a.regions[name] = r
	}
	return r
}

// MarshalJSON writes the tables in layout order and accounts and regions
// sorted, so the state file reads the same from one write to the next.
func (s *State) MarshalJSON() ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString(`{"accounts":{`)
	for i, id := range slices.Sorted(maps.Keys(s.accounts)) {
		a := s.accounts[id]
		if i > 0 {
			buf.WriteByte(',')
		}
		writeKey(&buf, id)
		buf.WriteByte('{')
		if err := s.writeTables(&buf, PerAccount, a.tables); err != nil {
			return nil, err
		}
		if len(s.layout.byScope[PerAccount]) > 0 {
			buf.WriteByte(',')
		}
		buf.WriteString(`"regions":{`)
		for j, name := range slices.Sorted(maps.Keys(a.regions)) {
			if j > 0 {
				buf.WriteByte(',')
			}
			writeKey(&buf, name)
			buf.WriteByte('{')
			if err := s.writeTables(&buf, PerRegion, a.regions[name].tables); err != nil {
				return nil, err
			}
			buf.WriteByte('}')
		}
		buf.WriteString("}}")
	}
	buf.WriteByte('}')
	if len(s.layout.byScope[Global]) > 0 {
		buf.WriteByte(',')
	}
	if err := s.writeTables(&buf, Global, s.global); err != nil {
		return nil, err
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}

func (s *State) writeTables(buf *bytes.Buffer, scope Scope, tables map[string]any) error {
	for i, d := range s.layout.byScope[scope] {
		if i > 0 {
			buf.WriteByte(',')
		}
		data, err := json.Marshal(tables[d.key])
		if err != nil {
			return err
		}
		writeKey(buf, d.key)
		buf.Write(data)
	}
	return nil
}

func writeKey(buf *bytes.Buffer, key string) {
	data, _ := json.Marshal(key)
	buf.Write(data)
	buf.WriteByte(':')
}

// UnmarshalJSON reads what MarshalJSON wrote. Tables missing from the data
// start empty; keys no service declares are ignored.
func (s *State) UnmarshalJSON(data []byte) error {
	var top map[string]json.RawMessage
	if err := json.Unmarshal(data, &top); err != nil {
		return err
	}
	global, err := s.decodeTables(Global, top)
	if err != nil {
		return err
	}
	var accounts map[string]map[string]json.RawMessage
	if err := unmarshalPresent(top["accounts"], &accounts); err != nil {
		return err
	}
	s.global, s.accounts = global, map[string]*account{}
	for id, rawAccount := range accounts {
		tables, err := s.decodeTables(PerAccount, rawAccount)
		if err != nil {
			return err
		}
		a := &account{tables: tables, regions: map[string]*region{}}
		var regions map[string]map[string]json.RawMessage
		if err := unmarshalPresent(rawAccount["regions"], &regions); err != nil {
			return err
		}
		for name, rawRegion := range regions {
			tables, err := s.decodeTables(PerRegion, rawRegion)
			if err != nil {
				return err
			}
			a.regions[name] = &region{tables: tables}
		}
		s.accounts[id] = a
	}
	return nil
}

func (s *State) decodeTables(scope Scope, raw map[string]json.RawMessage) (map[string]any, error) {
	out := map[string]any{}
	for _, d := range s.layout.byScope[scope] {
		if data, ok := raw[d.key]; ok {
			v, err := d.decode(data)
			if err != nil {
				return nil, err
			}
			out[d.key] = v
		} else {
			out[d.key] = d.empty()
		}
	}
	return out, nil
}

func unmarshalPresent(raw json.RawMessage, v any) error {
	if raw == nil {
		return nil
	}
	return json.Unmarshal(raw, v)
}

// Tag is a key/value tag as services store it.
type Tag struct {
	Key   string `json:"key" xml:"Key"`
	Value string `json:"value" xml:"Value"`
}
