package analysis

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/panther-operator/panther-operator/lambdas/api/analysisapi"
)

// builder assembles a Pack, keeping IDs unique.
type builder struct {
	pack *Pack
	errs []error
}

func newBuilder() *builder {
	return &builder{pack: &Pack{Sources: map[string]Source{}}}
}

// claim records where an ID came from; false (and an error naming both files) when another
// item has it already.
func (b *builder) claim(id string, src Source) bool {
	if earlier, ok := b.pack.Sources[id]; ok {
		b.errs = append(b.errs, fmt.Errorf("%s: ID %q is already defined in %s; IDs must be unique across rules, globals, data models and policies", src.Spec, id, earlier.Spec))
		return false
	}
	b.pack.Sources[id] = src
	return true
}

func (b *builder) addSpec(s *spec, body string, src Source) {
	if !b.claim(s.id, src) {
		return
	}
	switch s.kind {
	case typeRule:
		b.pack.Rules = append(b.pack.Rules, toRule(s, body))
	case typeGlobal:
		b.pack.Globals = append(b.pack.Globals, analysisapi.Global{ID: s.id, Body: body, Description: s.global.Description})
	case typeDataModel:
		b.pack.DataModels = append(b.pack.DataModels, toDataModel(s, body))
	case typePolicy:
		b.pack.Policies = append(b.pack.Policies, s.id)
	}
}

// finish sorts the pack by ID and checks what only the whole pack shows: one enabled data
// model per log type, as panther_analysis_tool requires.
func (b *builder) finish() (*Pack, error) {
	p := b.pack
	sort.Slice(p.Rules, func(i, j int) bool { return p.Rules[i].ID < p.Rules[j].ID })
	sort.Slice(p.Globals, func(i, j int) bool { return p.Globals[i].ID < p.Globals[j].ID })
	sort.Slice(p.DataModels, func(i, j int) bool { return p.DataModels[i].ID < p.DataModels[j].ID })
	slices.Sort(p.Policies)
	modelFor := map[string]string{}
	for _, d := range p.DataModels {
		if !d.Enabled {
			continue
		}
		for _, logType := range d.LogTypes {
			if other, ok := modelFor[logType]; ok {
				b.errs = append(b.errs, fmt.Errorf("%s: data model %q is the second enabled one for %s (the first is %q in %s); disable one of them",
					p.Source(d.ID).Spec, d.ID, logType, other, p.Source(other).Spec))
				continue
			}
			modelFor[logType] = d.ID
		}
	}
	return p, errors.Join(b.errs...)
}

func toRule(s *spec, body string) analysisapi.Rule {
	r := s.rule
	rule := analysisapi.Rule{
		ID:                 s.id,
		Body:               body,
		DisplayName:        r.DisplayName,
		Description:        r.Description,
		Enabled:            r.Enabled,
		LogTypes:           nonNil(r.LogTypes),
		Severity:           strings.ToUpper(r.Severity),
		DedupPeriodMinutes: r.DedupPeriodMinutes,
		Threshold:          r.Threshold,
		Tags:               sorted(r.Tags),
		Reports:            map[string][]string{},
		OutputIDs:          nonNil(r.OutputIDs),
		Reference:          r.Reference,
		Runbook:            r.Runbook,
		Tests:              make([]analysisapi.UnitTest, 0, len(r.Tests)),
	}
	if rule.DedupPeriodMinutes == 0 {
		rule.DedupPeriodMinutes = analysisapi.DefaultDedupPeriodMinutes
	}
	if rule.Threshold == 0 {
		rule.Threshold = analysisapi.DefaultThreshold
	}
	for key, values := range r.Reports {
		rule.Reports[key] = sorted(values)
	}
	for _, t := range r.Tests {
		test := analysisapi.UnitTest{Name: t.Name, ExpectedResult: t.ExpectedResult, Resource: string(t.Log)}
		if len(t.Mocks) > 0 {
			test.Mocks = t.Mocks
		}
		rule.Tests = append(rule.Tests, test)
	}
	return rule
}

func toDataModel(s *spec, body string) analysisapi.DataModel {
	d := s.model
	model := analysisapi.DataModel{
		ID:          s.id,
		DisplayName: d.DisplayName,
		Enabled:     d.Enabled,
		LogTypes:    nonNil(d.LogTypes),
		Mappings:    make([]analysisapi.DataModelMapping, 0, len(d.Mappings)),
		Body:        body,
	}
	for _, m := range d.Mappings {
		model.Mappings = append(model.Mappings, analysisapi.DataModelMapping{Name: m.Name, Path: m.Path, Method: m.Method})
	}
	return model
}

func nonNil(values []string) []string {
	if values == nil {
		return []string{}
	}
	return values
}

func sorted(values []string) []string {
	out := slices.Clone(nonNil(values))
	slices.Sort(out)
	return out
}
