// Package logtypes is Panther's native log types: one YAML schema per type (schemas/), with a
// Go parser where the schema language cannot express the format, compiled into one registry
// that custom types join.
package logtypes

import (
	"embed"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"sync"

	"github.com/panther-operator/panther-operator/lambdas/logs/logschema"
	"github.com/panther-operator/panther-operator/lambdas/logs/parsers"
)

//go:embed schemas
var schemaFS embed.FS

// Registry holds compiled log types by name.
type Registry struct {
	types map[string]*parsers.LogType
}

// Native returns the registry of the native log types (compiled once).
var Native = sync.OnceValues(func() (*Registry, error) {
	r := &Registry{types: map[string]*parsers.LogType{}}
	err := fs.WalkDir(schemaFS, "schemas", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".yml") {
			return err
		}
		data, err := schemaFS.ReadFile(path)
		if err != nil {
			return err
		}
		lt, err := Compile(data)
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		if _, dup := r.types[lt.Name]; dup {
			return fmt.Errorf("%s: log type %s is declared twice", path, lt.Name)
		}
		r.types[lt.Name] = lt
		return nil
	})
	return r, err
})

// Compile loads and compiles one schema document, native parsers available.
func Compile(data []byte) (*parsers.LogType, error) {
	s, err := logschema.Load(data)
	if err != nil {
		return nil, err
	}
	return parsers.Compile(s, natives)
}

// Get returns a log type by name.
func (r *Registry) Get(name string) (*parsers.LogType, bool) {
	lt, ok := r.types[name]
	return lt, ok
}

// Names lists the log types, sorted.
func (r *Registry) Names() []string {
	names := make([]string, 0, len(r.types))
	for name := range r.types {
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}

// With returns a registry with the given types added (replacing any of the same name).
func (r *Registry) With(types ...*parsers.LogType) *Registry {
	out := &Registry{types: make(map[string]*parsers.LogType, len(r.types)+len(types))}
	for name, lt := range r.types {
		out.types[name] = lt
	}
	for _, lt := range types {
		out.types[lt.Name] = lt
	}
	return out
}

// natives are the Go parsers schemas may name in parser.native.name; each is registered by
// the file that implements it.
var natives = map[string]parsers.NativeFactory{}

// registerNative adds a native parser; use it as `var _ = registerNative(name, factory)`.
func registerNative(name string, factory parsers.NativeFactory) bool {
	if _, dup := natives[name]; dup {
		panic("native parser " + name + " registered twice")
	}
	natives[name] = factory
	return true
}
