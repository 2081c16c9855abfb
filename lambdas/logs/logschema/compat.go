package logschema

import (
	"errors"
	"fmt"
)

// CheckUpdate reports why next may not replace prev: a log type's tables outlive its schema,
// so an update may add fields but never delete one (a rename is a delete) or change a value's
// type.
func CheckUpdate(prev, next *Schema) error {
	var errs []error
	compareFields("fields", prev, next, prev.Fields, next.Fields, &errs)
	return errors.Join(errs...)
}

func compareFields(path string, prevSchema, nextSchema *Schema, prev, next []*Field, errs *[]error) {
	byName := map[string]*Field{}
	for _, f := range next {
		byName[f.Name] = f
	}
	for _, old := range prev {
		at := path + "." + old.Name
		now, ok := byName[old.Name]
		if !ok {
			*errs = append(*errs, fmt.Errorf("%s: removed; fields cannot be removed or renamed, only added", at))
			continue
		}
		compareValues(at, prevSchema, nextSchema, &old.ValueSchema, &now.ValueSchema, errs)
	}
}

func compareValues(path string, prevSchema, nextSchema *Schema, prev, next *ValueSchema, errs *[]error) {
	prev, next = prevSchema.Resolve(prev), nextSchema.Resolve(next)
	if prev == nil || next == nil {
		return
	}
	if prev.Type != next.Type {
		*errs = append(*errs, fmt.Errorf("%s: type changed from %s to %s; a field's type cannot change", path, prev.Type, next.Type))
		return
	}
	switch prev.Type {
	case TypeObject:
		compareFields(path, prevSchema, nextSchema, prev.Fields, next.Fields, errs)
	case TypeArray:
		compareValues(path+"[]", prevSchema, nextSchema, prev.Element, next.Element, errs)
	}
}
