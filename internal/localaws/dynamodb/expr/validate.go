package expr

import (
	"fmt"
	"strings"
)

// Validate checks a value from a request as DynamoDB does and normalises
// its numbers in place. It returns a ValidationException message, or "".
func Validate(v *Value) string {
	if v == nil {
		return "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes"
	}
	switch n := v.kinds(); {
	case n == 0:
		return "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes"
	case n > 1:
		return "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes"
	}
	switch v.Kind() {
	case TypeN:
		norm, msg := NormalizeNumber(*v.N)
		if msg != "" {
			return msg
		}
		v.N = &norm
	case TypeNS:
		return validateNumberSet(v)
	case TypeSS:
		return validateSet("string", v.SS, func(s string) string { return s })
	case TypeBS:
		return validateSet("binary", v.BS, func(b []byte) string { return string(b) })
	case TypeM:
		for _, e := range v.M {
			if msg := Validate(e); msg != "" {
				return msg
			}
		}
	case TypeL:
		for _, e := range v.L {
			if msg := Validate(e); msg != "" {
				return msg
			}
		}
	}
	return ""
}

func validateNumberSet(v *Value) string {
	for i, s := range v.NS {
		norm, msg := NormalizeNumber(s)
		if msg != "" {
			return msg
		}
		v.NS[i] = norm
	}
	return validateSet("number", v.NS, func(s string) string { return s })
}

func validateSet[E any](kind string, set []E, key func(E) string) string {
	if len(set) == 0 {
		return "One or more parameter values were invalid: An " + kind + " set  may not be empty"
	}
	seen := make(map[string]bool, len(set))
	for _, e := range set {
		k := key(e)
		if seen[k] {
			return fmt.Sprintf("One or more parameter values were invalid: Input collection %s contains duplicates.", setText(set))
		}
		seen[k] = true
	}
	return ""
}

func setText[E any](set []E) string {
	parts := make([]string, len(set))
	for i, e := range set {
		parts[i] = fmt.Sprint(e)
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// ValidateItem validates every attribute of an item.
func ValidateItem(it Item) string {
	for _, v := range it {
		if msg := Validate(v); msg != "" {
			return msg
		}
	}
	return ""
}
