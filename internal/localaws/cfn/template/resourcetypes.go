package template

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/awslabs/goformation/v7/schema"
	"github.com/panther-operator/panther-operator/internal/localaws/internal/wire"
)

// resourceTypes maps each resource type of the CloudFormation resource
// specification (goformation's copy) to the names of its properties. It is
// read once, on first use.
var resourceTypes = sync.OnceValue(func() map[string]map[string]bool {
	var doc struct {
		Definitions map[string]struct {
			Properties struct {
				Properties struct {
					Properties map[string]json.RawMessage `json:"properties"`
				} `json:"Properties"`
			} `json:"properties"`
		} `json:"definitions"`
	}
	if err := json.Unmarshal([]byte(schema.CloudformationSchema), &doc); err != nil {
		panic(fmt.Sprintf("goformation's resource specification does not parse: %v", err))
	}
	types := map[string]map[string]bool{}
	for name, def := range doc.Definitions {
		if strings.Count(name, "::") != 2 || strings.Contains(name, ".") {
			continue // property types such as AWS::S3::Bucket.Rule
		}
		props := map[string]bool{}
		for p := range def.Properties.Properties.Properties {
			props[p] = true
		}
		types[name] = props
	}
	return types
})

// specified reports whether CloudFormation's specification covers a type;
// custom resources and SAM types are outside it.
func specified(typ string) bool {
	_, ok := resourceTypes()[typ]
	return ok
}

// CheckResourceTypes rejects types CloudFormation does not know, with its
// message. Custom resources and the SAM types that survive the transform
// are accepted.
func CheckResourceTypes(t *Template) error {
	var unknown []string
	for _, r := range t.Resources {
		if specified(r.Type) || IsCustomResource(r.Type) || strings.HasPrefix(r.Type, "AWS::Serverless::") {
			continue
		}
		if !slices.Contains(unknown, r.Type) {
			unknown = append(unknown, r.Type)
		}
	}
	if len(unknown) > 0 {
		sort.Strings(unknown)
		return wire.ValidationError("Template format error: Unrecognized resource types: [%s]", strings.Join(unknown, ", "))
	}
	return nil
}

// CheckProperties fails a resource step on a property its type does not
// have, with CloudFormation's reason.
func CheckProperties(typ string, props map[string]any) error {
	allowed, ok := resourceTypes()[typ]
	if !ok {
		return nil
	}
	for _, name := range slices.Sorted(maps.Keys(props)) {
		if !allowed[name] {
			return wire.Failuref("Encountered unsupported property %s", name)
		}
	}
	return nil
}

// IsCustomResource reports whether a type is a custom resource, whose
// handler localaws never invokes.
func IsCustomResource(typ string) bool {
	return strings.HasPrefix(typ, "Custom::") || typ == "AWS::CloudFormation::CustomResource"
}
