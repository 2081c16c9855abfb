package release

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strconv"

	"gopkg.in/yaml.v3"
)

// The root template is rewritten as text, not re-emitted from a parsed tree, so that the
// release keeps its layout and comments and the rewrite changes nothing else.
var (
	templateURLLine = regexp.MustCompile(`(?m)^(\s+TemplateURL:\s*)(\S+)\s*$`)
	versionToken    = "'{{PantherVersion}}'"
	commitToken     = "'{{PantherCommit}}'"
)

// rewriteRoot points every nested TemplateURL at the release key of its template and writes
// the version and commit into the Constants mapping, quoted so that YAML keeps them strings.
func rewriteRoot(source []byte, keyOfFile map[string]string, version, commit string) ([]byte, error) {
	var rewriteErr error
	count := 0
	out := templateURLLine.ReplaceAllFunc(source, func(line []byte) []byte {
		parts := templateURLLine.FindSubmatch(line)
		key, ok := keyOfFile[string(parts[2])]
		if !ok {
			rewriteErr = fmt.Errorf("root template: TemplateURL %s is not a stack template", parts[2])
			return line
		}
		count++
		return append(append([]byte{}, parts[1]...), key...)
	})
	if rewriteErr != nil {
		return nil, rewriteErr
	}
	if count != len(keyOfFile) {
		return nil, fmt.Errorf("root template: %d TemplateURLs for %d stack templates", count, len(keyOfFile))
	}
	for token, value := range map[string]string{versionToken: version, commitToken: commit} {
		if bytes.Count(out, []byte(token)) != 1 {
			return nil, fmt.Errorf("root template: want exactly one %s", token)
		}
		out = bytes.Replace(out, []byte(token), []byte(strconv.Quote(value)), 1)
	}
	return out, nil
}

// parameterNames returns the sorted names in a template's Parameters section.
func parameterNames(template []byte) ([]string, error) {
	names := []string{}
	err := eachEntry(template, "Parameters", func(name, _ *yaml.Node) {
		names = append(names, name.Value)
	})
	sort.Strings(names)
	return names, err
}

// resourceTypes lists the resource types a template declares, sorted, without repeats. A
// template with a Transform deploys other types than it declares: its types are unknown (nil).
func resourceTypes(template []byte) ([]string, error) {
	transformed := false
	if err := eachEntry(template, "", func(name, _ *yaml.Node) { transformed = transformed || name.Value == "Transform" }); err != nil {
		return nil, err
	}
	if transformed {
		return nil, nil
	}
	types := []string{}
	err := eachEntry(template, "Resources", func(_, decl *yaml.Node) {
		if decl.Kind != yaml.MappingNode {
			return
		}
		for i := 0; i+1 < len(decl.Content); i += 2 {
			if decl.Content[i].Value == "Type" && !slices.Contains(types, decl.Content[i+1].Value) {
				types = append(types, decl.Content[i+1].Value)
			}
		}
	})
	sort.Strings(types)
	return types, err
}

// eachEntry calls fn with the name and the value of every entry of a top-level section of a
// YAML template (Parameters, Resources), or with the sections themselves when section is empty.
func eachEntry(template []byte, section string, fn func(name, value *yaml.Node)) error {
	var doc yaml.Node
	if err := yaml.Unmarshal(template, &doc); err != nil {
		return err
	}
	if len(doc.Content) != 1 || doc.Content[0].Kind != yaml.MappingNode {
		return fmt.Errorf("not a YAML mapping")
	}
	top := doc.Content[0].Content
	for i := 0; i+1 < len(top); i += 2 {
		if section == "" {
			fn(top[i], top[i+1])
			continue
		}
		if top[i].Value != section {
			continue
		}
		entries := top[i+1].Content
		for j := 0; j+1 < len(entries); j += 2 {
			fn(entries[j], entries[j+1])
		}
	}
	return nil
}

// nestedTemplateURL matches a nested stack's TemplateURL that is relative to the release.
var nestedTemplateURL = regexp.MustCompile(`(?m)^(\s+TemplateURL:\s*)(templates/\S+)\s*$`)

// releaseBucketToken stands for the release bucket in a published root template.
const releaseBucketToken = "'{{PantherReleaseBucket}}'"

// AbsoluteRoot points the release-relative TemplateURLs of a published root template at their
// objects, as CloudFormation needs, and fills in the release bucket whose function packages
// the nested stacks deploy; urlOf turns a release-relative key into an HTTPS address.
func AbsoluteRoot(template []byte, bucket string, urlOf func(key string) (string, error)) ([]byte, error) {
	template = bytes.ReplaceAll(template, []byte(releaseBucketToken), []byte(strconv.Quote(bucket)))
	var urlErr error
	out := nestedTemplateURL.ReplaceAllFunc(template, func(line []byte) []byte {
		parts := nestedTemplateURL.FindSubmatch(line)
		url, err := urlOf(string(parts[2]))
		if err != nil {
			urlErr = err
			return line
		}
		return append(append([]byte{}, parts[1]...), url...)
	})
	return out, urlErr
}
