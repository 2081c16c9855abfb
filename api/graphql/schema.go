// Package graphql is the GraphQL API of the Panther web app: the schema AppSync serves
// (schema.graphql) and the function and operation that answer each of its Query and Mutation
// fields. hack/appsync generates the AppSync resources of deployments/appsync.yml from both.
package graphql

import (
	_ "embed"
	"errors"
	"fmt"
	"maps"
	"slices"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"
)

// Schema is the SDL AppSync serves. It does not declare AppSync's own scalars and directives
// (AWSDateTime, AWSJSON, @aws_cognito_user_pools...): AppSync provides them.
//
//go:embed schema.graphql
var Schema string

// RootTypes are the types whose fields resolvers answer.
var RootTypes = []string{"Query", "Mutation"}

// Document parses the schema. It is the syntax only: that every type it names exists is
// checked where AppSync's declarations are, by localaws's AppSync (see the tests).
func Document() (*ast.SchemaDocument, error) {
	doc, err := parser.ParseSchema(&ast.Source{Name: "schema.graphql", Input: Schema})
	if err != nil {
		return nil, fmt.Errorf("schema.graphql: %w", err)
	}
	return doc, nil
}

// Check reports every Query and Mutation field without exactly one resolver, and every
// resolver of a field the schema does not have.
func Check() error {
	doc, err := Document()
	if err != nil {
		return err
	}
	return check(doc, resolvers)
}

func check(doc *ast.SchemaDocument, rs []Resolver) error {
	fields := map[string]bool{}
	for _, def := range doc.Definitions {
		if slices.Contains(RootTypes, def.Name) {
			for _, f := range def.Fields {
				fields[def.Name+"."+f.Name] = true
			}
		}
	}
	var problems []error
	count := map[string]int{}
	for _, r := range rs {
		count[r.Field()]++
		if !fields[r.Field()] {
			problems = append(problems, fmt.Errorf("a resolver names %s, which the schema does not have", r.Field()))
		}
	}
	for _, field := range slices.Sorted(maps.Keys(fields)) {
		switch n := count[field]; {
		case n == 0:
			problems = append(problems, fmt.Errorf("%s has no resolver", field))
		case n > 1:
			problems = append(problems, fmt.Errorf("%s has %d resolvers", field, n))
		}
	}
	return errors.Join(problems...)
}
