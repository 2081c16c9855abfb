package templatelint

import (
	"io/fs"
	"sort"
)

// template is one parsed template file.
type template struct {
	file string
	size int
	body map[string]any
}

func readTemplate(fsys fs.FS, file string) (template, error) {
	data, err := fs.ReadFile(fsys, file)
	if err != nil {
		return template{}, err
	}
	body, err := parseTemplate(data)
	if err != nil {
		return template{}, err
	}
	return template{file: file, size: len(data), body: body}, nil
}

// section returns a top-level section such as Resources, or nil.
func (t template) section(name string) map[string]any {
	m, _ := t.body[name].(map[string]any)
	return m
}

// entry returns one named entry of a section as a map, or nil.
func (t template) entry(section, name string) map[string]any {
	m, _ := t.section(section)[name].(map[string]any)
	return m
}

// names returns the sorted keys of a section.
func (t template) names(section string) []string {
	return sortedKeys(t.section(section))
}

// resourceType returns the Type of a resource, or "".
func (t template) resourceType(name string) string {
	s, _ := t.entry("Resources", name)["Type"].(string)
	return s
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
