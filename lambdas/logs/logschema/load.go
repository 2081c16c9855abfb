package logschema

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// IndicatorNames are the scanners a string (or json) value may declare.
var IndicatorNames = []string{"ip", "domain", "hostname", "url", "md5", "sha1", "sha256", "aws_arn",
	"aws_account_id", "aws_instance_id", "aws_tag", "trace_id", "username", "email", "net_addr"}

var (
	schemaNamePattern     = regexp.MustCompile(`^[A-Z][A-Za-z0-9]+(\.[A-Z][A-Za-z0-9]+)*$`)
	definitionNamePattern = regexp.MustCompile(`^[A-Z][A-Za-z0-9]+$`)
)

// Load reads one YAML schema strictly (unknown keys are errors) and validates it.
func Load(data []byte) (*Schema, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var s Schema
	if err := dec.Decode(&s); err != nil {
		return nil, fmt.Errorf("schema YAML: %w", err)
	}
	if err := s.Validate(); err != nil {
		return nil, err
	}
	return &s, nil
}

// Validate checks a schema: every problem is reported with the path of the field it is in.
func (s *Schema) Validate() error {
	var errs []error
	add := func(path, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s: %s", path, fmt.Sprintf(format, args...)))
	}
	if !schemaNamePattern.MatchString(s.Schema) {
		add("schema", "%q must be dotted words starting with capitals, such as Custom.MyApp", s.Schema)
	}
	if s.Version != 0 {
		add("version", "must be 0")
	}
	if len(s.Fields) == 0 {
		add("fields", "at least one field is required")
	}
	s.validateParser(add)
	for name, def := range s.Definitions {
		if !definitionNamePattern.MatchString(name) {
			add("definitions."+name, "a definition name starts with a capital and has only letters and digits")
		}
		s.validateValue("definitions."+name, def, add, nil)
	}
	s.validateFields("fields", s.Fields, add, nil)
	return errors.Join(errs...)
}

type reporter func(path, format string, args ...any)

func (s *Schema) validateParser(add reporter) {
	p := s.Parser
	if p == nil {
		return
	}
	set := 0
	for _, on := range []bool{p.CSV != nil, p.FastMatch != nil, p.Regex != nil, p.Native != nil} {
		if on {
			set++
		}
	}
	if set > 1 {
		add("parser", "set at most one of csv, fastmatch, regex and native")
	}
	if c := p.CSV; c != nil {
		if c.Delimiter != "," && c.Delimiter != "\t" && c.Delimiter != " " && c.Delimiter != ";" && c.Delimiter != "|" {
			add("parser.csv.delimiter", "%q: use one of \",\", \";\", \"|\", a tab or a space", c.Delimiter)
		}
		if !c.HasHeader && len(c.Columns) == 0 {
			add("parser.csv", "give columns, or hasHeader: true")
		}
	}
	if m := p.FastMatch; m != nil && len(m.Match) == 0 {
		add("parser.fastmatch.match", "at least one pattern is required")
	}
	if r := p.Regex; r != nil && len(r.Match) == 0 {
		add("parser.regex.match", "at least one line of the expression is required")
	}
	if n := p.Native; n != nil && n.Name == "" {
		add("parser.native.name", "name the native parser")
	}
}

func (s *Schema) validateFields(path string, fields []*Field, add reporter, seen []string) {
	names := map[string]bool{}
	for i, f := range fields {
		at := fmt.Sprintf("%s[%d]", path, i)
		if f == nil {
			add(at, "empty field")
			continue
		}
		if f.Name != "" {
			at = fmt.Sprintf("%s (%s)", at, f.Name)
		}
		switch {
		case f.Name == "":
			add(at, "name is required")
		case strings.HasPrefix(f.Name, "p_"):
			add(at, "names starting with p_ are Panther's own fields")
		case names[f.Name]:
			add(at, "name %q is declared twice", f.Name)
		}
		names[f.Name] = true
		s.validateValue(at, &f.ValueSchema, add, seen)
	}
}

func (s *Schema) validateValue(path string, v *ValueSchema, add reporter, seen []string) {
	if v == nil {
		add(path, "a value schema is required")
		return
	}
	switch v.Type {
	case TypeObject:
		if len(v.Fields) == 0 {
			add(path, "an object needs fields")
		}
		s.validateFields(path+".fields", v.Fields, add, seen)
	case TypeArray:
		if v.Element == nil {
			add(path, "an array needs element")
			return
		}
		s.validateValue(path+".element", v.Element, add, seen)
	case TypeTimestamp:
		if v.TimeFormat == "" {
			add(path, "a timestamp needs timeFormat (rfc3339, unix, unix_ms, unix_us, unix_ns, a %%-pattern or layout=...)")
		}
	case TypeRef:
		s.validateRef(path, v, add, seen)
	case TypeString, TypeJSON:
		for _, ind := range v.Indicators {
			if !slices.Contains(IndicatorNames, ind) {
				add(path, "indicator %q is not one of %s", ind, strings.Join(IndicatorNames, ", "))
			}
		}
	case TypeInt, TypeSmallInt, TypeBigInt, TypeFloat, TypeBoolean:
	default:
		add(path, "type %q is not one of object, array, string, timestamp, ref, int, smallint, bigint, float, boolean, json", v.Type)
	}
	if v.IsEventTime && v.Type != TypeTimestamp {
		add(path, "isEventTime is for timestamps")
	}
	if len(v.Indicators) > 0 && v.Type != TypeString && v.Type != TypeJSON {
		add(path, "indicators are for strings and json values")
	}
}

func (s *Schema) validateRef(path string, v *ValueSchema, add reporter, seen []string) {
	def, ok := s.Definitions[v.Target]
	switch {
	case v.Target == "":
		add(path, "a ref needs target, the name of a definition")
	case !ok:
		add(path, "target %q is not in definitions", v.Target)
	case slices.Contains(seen, v.Target):
		add(path, "definition %q refers to itself", v.Target)
	default:
		s.validateValue(path+"->"+v.Target, def, func(string, string, ...any) {}, append(seen, v.Target))
	}
}

// Resolve returns v with refs replaced by their definitions (one level; Validate rejects cycles).
func (s *Schema) Resolve(v *ValueSchema) *ValueSchema {
	for v != nil && v.Type == TypeRef {
		v = s.Definitions[v.Target]
	}
	return v
}
