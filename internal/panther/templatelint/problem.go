package templatelint

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// Problem is one finding, located as precisely as its check allows.
type Problem struct {
	File string
	// Section is "resource", "parameter", "output", "condition" or "mapping"; empty for
	// findings about the template as a whole.
	Section string
	// Name is the logical id of the resource, parameter, output, condition or mapping.
	Name string
	// Type is the resource type, for resources.
	Type string
	// Property is the path of the offending value inside the entry, such as
	// BucketEncryption.ServerSideEncryptionConfiguration[0].
	Property string
	Message  string
}

func (p Problem) String() string {
	var b strings.Builder
	b.WriteString(p.File)
	b.WriteString(": ")
	if p.Section != "" {
		fmt.Fprintf(&b, "%s %s", p.Section, p.Name)
		if p.Type != "" {
			fmt.Fprintf(&b, " (%s)", p.Type)
		}
		b.WriteString(": ")
	}
	if p.Property != "" {
		fmt.Fprintf(&b, "property %s: ", p.Property)
	}
	b.WriteString(p.Message)
	return b.String()
}

// sortProblems orders problems by file, then by their text, so that output is stable.
func sortProblems(ps []Problem) {
	sort.Slice(ps, func(i, j int) bool {
		if ps[i].File != ps[j].File {
			return ps[i].File < ps[j].File
		}
		return ps[i].String() < ps[j].String()
	})
}

// propertyPath formats a path of keys and array indexes as A.B[0].C.
func propertyPath(path []string) string {
	var b strings.Builder
	for _, elem := range path {
		if _, err := strconv.Atoi(elem); err == nil {
			fmt.Fprintf(&b, "[%s]", elem)
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(elem)
	}
	return b.String()
}
