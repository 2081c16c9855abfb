// Package logschema is the language log types are declared in: the YAML documents of native
// and custom log types, their validation, and the rule an update must follow. It parses no
// logs; package parsers compiles a Schema into a parser.
package logschema

// Schema is one log type's declaration.
type Schema struct {
	Schema       string                  `yaml:"schema" json:"schema"`
	Description  string                  `yaml:"description,omitempty" json:"description,omitempty"`
	ReferenceURL string                  `yaml:"referenceURL,omitempty" json:"referenceURL,omitempty"`
	Version      int                     `yaml:"version" json:"version"`
	Parser       *Parser                 `yaml:"parser,omitempty" json:"parser,omitempty"`
	Definitions  map[string]*ValueSchema `yaml:"definitions,omitempty" json:"definitions,omitempty"`
	Fields       []*Field                `yaml:"fields" json:"fields"`
}

// Parser selects how lines are split into fields; JSON when none is set.
type Parser struct {
	CSV       *CSVParser       `yaml:"csv,omitempty" json:"csv,omitempty"`
	FastMatch *FastMatchParser `yaml:"fastmatch,omitempty" json:"fastmatch,omitempty"`
	Regex     *RegexParser     `yaml:"regex,omitempty" json:"regex,omitempty"`
	Native    *NativeParser    `yaml:"native,omitempty" json:"native,omitempty"`
}

// CSVParser reads delimited lines.
type CSVParser struct {
	// Delimiter is one character: ",", a tab or a space.
	Delimiter string `yaml:"delimiter" json:"delimiter"`
	// HasHeader: the first line of each file names the columns. With Columns as well, Columns
	// apply until a line whose values are all declared field names, which then sets them.
	HasHeader bool     `yaml:"hasHeader,omitempty" json:"hasHeader,omitempty"`
	Columns   []string `yaml:"columns,omitempty" json:"columns,omitempty"`
	// SkipPrefix: lines starting with it are not events (comments).
	SkipPrefix string `yaml:"skipPrefix,omitempty" json:"skipPrefix,omitempty"`
	// EmptyValues are the values that mean "no value", such as "-".
	EmptyValues []string `yaml:"emptyValues,omitempty" json:"emptyValues,omitempty"`
	TrimSpace   bool     `yaml:"trimSpace,omitempty" json:"trimSpace,omitempty"`
	// ExpandFields builds further fields from the columns: name → "%{column} %{column}".
	ExpandFields map[string]string `yaml:"expandFields,omitempty" json:"expandFields,omitempty"`
}

// FastMatchParser matches lines against patterns of literal text and %{field} captures.
type FastMatchParser struct {
	Match        []string          `yaml:"match" json:"match"`
	EmptyValues  []string          `yaml:"emptyValues,omitempty" json:"emptyValues,omitempty"`
	TrimSpace    bool              `yaml:"trimSpace,omitempty" json:"trimSpace,omitempty"`
	ExpandFields map[string]string `yaml:"expandFields,omitempty" json:"expandFields,omitempty"`
}

// RegexParser matches lines against one regular expression (the Match lines joined), with
// %{NAME:field} references to PatternDefinitions or the built-in patterns.
type RegexParser struct {
	Match              []string          `yaml:"match" json:"match"`
	PatternDefinitions map[string]string `yaml:"patternDefinitions,omitempty" json:"patternDefinitions,omitempty"`
	EmptyValues        []string          `yaml:"emptyValues,omitempty" json:"emptyValues,omitempty"`
	TrimSpace          bool              `yaml:"trimSpace,omitempty" json:"trimSpace,omitempty"`
	ExpandFields       map[string]string `yaml:"expandFields,omitempty" json:"expandFields,omitempty"`
}

// NativeParser names a parser written in Go; the fields still declare the output.
type NativeParser struct {
	Name string `yaml:"name" json:"name"`
}

// Field is a named value of an event.
type Field struct {
	Name        string `yaml:"name" json:"name"`
	Required    bool   `yaml:"required,omitempty" json:"required,omitempty"`
	Description string `yaml:"description,omitempty" json:"description,omitempty"`
	ValueSchema `yaml:",inline" json:",inline"`
}

// ValueSchema is the type of a value and what goes with it.
type ValueSchema struct {
	Type Type `yaml:"type" json:"type"`
	// Fields of an object.
	Fields []*Field `yaml:"fields,omitempty" json:"fields,omitempty"`
	// Element of an array.
	Element *ValueSchema `yaml:"element,omitempty" json:"element,omitempty"`
	// Target of a ref: a Definitions name.
	Target string `yaml:"target,omitempty" json:"target,omitempty"`
	// TimeFormat of a timestamp (rfc3339, unix, unix_ms, unix_us, unix_ns, a strftime
	// pattern or layout=<Go layout>).
	TimeFormat  string `yaml:"timeFormat,omitempty" json:"timeFormat,omitempty"`
	IsEventTime bool   `yaml:"isEventTime,omitempty" json:"isEventTime,omitempty"`
	// Indicators of a string, or of every string inside a json value.
	Indicators []string  `yaml:"indicators,omitempty" json:"indicators,omitempty"`
	Validate   *Validate `yaml:"validate,omitempty" json:"validate,omitempty"`
}

// Validate restricts a string's values.
type Validate struct {
	Allow []string `yaml:"allow,omitempty" json:"allow,omitempty"`
	Deny  []string `yaml:"deny,omitempty" json:"deny,omitempty"`
}

// Type is a value type of the language.
type Type string

// The value types.
const (
	TypeObject    Type = "object"
	TypeArray     Type = "array"
	TypeString    Type = "string"
	TypeTimestamp Type = "timestamp"
	TypeRef       Type = "ref"
	TypeInt       Type = "int"
	TypeSmallInt  Type = "smallint"
	TypeBigInt    Type = "bigint"
	TypeFloat     Type = "float"
	TypeBoolean   Type = "boolean"
	TypeJSON      Type = "json"
)
