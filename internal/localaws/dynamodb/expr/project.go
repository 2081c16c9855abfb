package expr

import (
	"maps"
	"slices"
)

// projNode is the tree of the paths a projection selects.
type projNode struct {
	leaf    bool
	names   map[string]*projNode
	indexes map[int]*projNode
}

func (n *projNode) child(e PathElem) *projNode {
	if e.IsIndex {
		if n.indexes == nil {
			n.indexes = map[int]*projNode{}
		}
		if n.indexes[e.Index] == nil {
			n.indexes[e.Index] = &projNode{}
		}
		return n.indexes[e.Index]
	}
	if n.names == nil {
		n.names = map[string]*projNode{}
	}
	if n.names[e.Name] == nil {
		n.names[e.Name] = &projNode{}
	}
	return n.names[e.Name]
}

// Project returns the parts of an item the paths select, as
// ProjectionExpression does: nested maps keep their shape and selected
// list elements are kept in order.
func Project(it Item, paths []Path) Item {
	if it == nil {
		return nil
	}
	root := &projNode{}
	for _, p := range paths {
		n := root
		for _, e := range p {
			n = n.child(e)
		}
		n.leaf = true
	}
	out := Item{}
	for name, n := range root.names {
		if v := project(it[name], n); v != nil {
			out[name] = v
		}
	}
	return out
}

func project(v *Value, n *projNode) *Value {
	switch {
	case v == nil:
		return nil
	case n.leaf:
		return v.Clone()
	case v.M != nil && n.names != nil:
		m := map[string]*Value{}
		for name, c := range n.names {
			if e := project(v.M[name], c); e != nil {
				m[name] = e
			}
		}
		if len(m) > 0 {
			return &Value{M: m}
		}
	case v.L != nil && n.indexes != nil:
		var l []*Value
		for _, i := range slices.Sorted(maps.Keys(n.indexes)) {
			if i < len(v.L) {
				if e := project(v.L[i], n.indexes[i]); e != nil {
					l = append(l, e)
				}
			}
		}
		if len(l) > 0 {
			return &Value{L: l}
		}
	}
	return nil
}
