package analysisapi

import (
	"bytes"
	"encoding/json"
	"time"

	"github.com/panther-operator/panther-operator/lambdas/api/analysisapi"
)

// Item is a row of the panther-analysis table: a rule, a global or a data model, told apart by
// Type. Its JSON is also the body of each version in the analysis versions bucket.
type Item struct {
	ID                 string                         `json:"id"`
	Type               string                         `json:"analysisType"`
	Body               string                         `json:"body,omitempty"`
	VersionID          string                         `json:"versionId,omitempty"`
	DisplayName        string                         `json:"displayName,omitempty"`
	Description        string                         `json:"description,omitempty"`
	Enabled            bool                           `json:"enabled"`
	LogTypes           []string                       `json:"logTypes,omitempty"`
	Severity           string                         `json:"severity,omitempty"`
	DedupPeriodMinutes int                            `json:"dedupPeriodMinutes,omitempty"`
	Threshold          int                            `json:"threshold,omitempty"`
	Tags               []string                       `json:"tags,omitempty"`
	Reports            map[string][]string            `json:"reports,omitempty"`
	OutputIDs          []string                       `json:"outputIds,omitempty"`
	Reference          string                         `json:"reference,omitempty"`
	Runbook            string                         `json:"runbook,omitempty"`
	Tests              []analysisapi.UnitTest         `json:"tests,omitempty"`
	Mappings           []analysisapi.DataModelMapping `json:"mappings,omitempty"`
	CreatedAt          time.Time                      `json:"createdAt"`
	CreatedBy          string                         `json:"createdBy,omitempty"`
	LastModified       time.Time                      `json:"lastModified"`
	LastModifiedBy     string                         `json:"lastModifiedBy,omitempty"`
}

// sameContent reports whether two items say the same thing, whoever saved them when: an
// upload of an unchanged pack modifies nothing.
func sameContent(a, b *Item) bool {
	strip := func(i Item) []byte {
		i.VersionID, i.CreatedAt, i.CreatedBy, i.LastModified, i.LastModifiedBy = "", time.Time{}, "", time.Time{}, ""
		out, _ := json.Marshal(i)
		return out
	}
	return bytes.Equal(strip(*a), strip(*b))
}

func ruleItem(r *analysisapi.Rule) *Item {
	return &Item{ID: r.ID, Type: analysisapi.TypeRule, Body: r.Body, DisplayName: r.DisplayName, Description: r.Description,
		Enabled: r.Enabled, LogTypes: r.LogTypes, Severity: r.Severity, DedupPeriodMinutes: r.DedupPeriodMinutes,
		Threshold: r.Threshold, Tags: r.Tags, Reports: r.Reports, OutputIDs: r.OutputIDs, Reference: r.Reference,
		Runbook: r.Runbook, Tests: r.Tests}
}

func (i *Item) rule() analysisapi.Rule {
	return analysisapi.Rule{ID: i.ID, Body: i.Body, VersionID: i.VersionID, DisplayName: i.DisplayName,
		Description: i.Description, Enabled: i.Enabled, LogTypes: nonNil(i.LogTypes), Severity: i.Severity,
		DedupPeriodMinutes: i.DedupPeriodMinutes, Threshold: i.Threshold, Tags: nonNil(i.Tags), Reports: nonNilMap(i.Reports),
		OutputIDs: nonNil(i.OutputIDs), Reference: i.Reference, Runbook: i.Runbook, Tests: nonNil(i.Tests),
		CreatedAt: i.CreatedAt, CreatedBy: i.CreatedBy, LastModified: i.LastModified, LastModifiedBy: i.LastModifiedBy}
}

func globalItem(g *analysisapi.Global) *Item {
	return &Item{ID: g.ID, Type: analysisapi.TypeGlobal, Body: g.Body, Description: g.Description, Enabled: true}
}

func (i *Item) global() analysisapi.Global {
	return analysisapi.Global{ID: i.ID, Body: i.Body, Description: i.Description, VersionID: i.VersionID,
		CreatedAt: i.CreatedAt, CreatedBy: i.CreatedBy, LastModified: i.LastModified, LastModifiedBy: i.LastModifiedBy}
}

func dataModelItem(m *analysisapi.DataModel) *Item {
	return &Item{ID: m.ID, Type: analysisapi.TypeDataModel, Body: m.Body, DisplayName: m.DisplayName, Enabled: m.Enabled,
		LogTypes: m.LogTypes, Mappings: m.Mappings}
}

func (i *Item) dataModel() analysisapi.DataModel {
	return analysisapi.DataModel{ID: i.ID, DisplayName: i.DisplayName, Enabled: i.Enabled, LogTypes: nonNil(i.LogTypes),
		Mappings: nonNil(i.Mappings), Body: i.Body, VersionID: i.VersionID, CreatedAt: i.CreatedAt, CreatedBy: i.CreatedBy,
		LastModified: i.LastModified, LastModifiedBy: i.LastModifiedBy}
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func nonNilMap(m map[string][]string) map[string][]string {
	if m == nil {
		return map[string][]string{}
	}
	return m
}
