// Command appsync writes the GraphQL API's AppSync resources into deployments/appsync.yml:
// the schema of api/graphql/schema.graphql, one Lambda data source per function and one
// direct Lambda resolver per Query and Mutation field, from api/graphql's resolvers; and the
// table of fields and functions into docs/graphql.md. It owns only the marked region of each
// file; `make generate` runs it, and hack/verify.sh fails when a committed file is not what it
// writes.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"

	"github.com/panther-operator/panther-operator/api/graphql"
)

func main() {
	template := flag.String("template", "deployments/appsync.yml", "the template to write the AppSync resources into")
	doc := flag.String("doc", "docs/graphql.md", "the document to write the table of fields into")
	ts := flag.String("typescript", "web/src/graphql/schema.ts", "the TypeScript file to write the schema's types into")
	flag.Parse()
	if err := run(*template, *doc, *ts); err != nil {
		fmt.Fprintln(os.Stderr, "appsync:", err)
		os.Exit(1)
	}
}

func run(template, doc, ts string) error {
	// A resolver of a field the schema lacks would fail the stack; catch it here.
	if err := graphql.Check(); err != nil {
		return err
	}
	resolvers := graphql.Resolvers()
	if err := rewrite(template, func(b []byte) ([]byte, error) { return renderTemplate(b, graphql.Schema, resolvers) }); err != nil {
		return err
	}
	if err := rewrite(doc, func(b []byte) ([]byte, error) { return renderDoc(b, resolvers) }); err != nil {
		return err
	}
	parsed, err := graphql.Document()
	if err != nil {
		return err
	}
	return rewriteWhole(ts, func() ([]byte, error) {
		out, err := renderTypeScript(parsed)
		return []byte(out), err
	})
}

// rewriteWhole writes a generated file that has no hand-written part, when it changed.
func rewriteWhole(path string, render func() ([]byte, error)) error {
	out, err := render()
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if current, err := os.ReadFile(path); err == nil && bytes.Equal(current, out) {
		return nil
	}
	return os.WriteFile(path, out, 0o644) //nolint:gosec // a file of the repository, world-readable like the others
}

// rewrite writes a file's new content when it changed.
func rewrite(path string, render func([]byte) ([]byte, error)) error {
	current, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	out, err := render(current)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if bytes.Equal(out, current) {
		return nil
	}
	return os.WriteFile(path, out, 0o644) //nolint:gosec // a file of the repository, world-readable like the others
}
