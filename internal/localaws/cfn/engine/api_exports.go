package engine

import (
	"maps"
	"slices"

	"github.com/panther-operator/panther-operator/internal/localaws/internal/wire"
)

func cfnListExports(req *request) error {
	type exportXML struct {
		ExportingStackId string `xml:"ExportingStackId"`
		Name             string `xml:"Name"`
		Value            string `xml:"Value"`
	}
	exports := req.region().Exports
	names := slices.Sorted(maps.Keys(exports))
	start, err := pageToken(req.Param("NextToken"))
	if err != nil {
		return err
	}
	from, to, next := page(len(names), start, 100)
	out := struct {
		Exports   []exportXML `xml:"Exports>member"`
		NextToken string      `xml:"NextToken,omitempty"`
	}{NextToken: next}
	for _, n := range names[from:to] {
		e := exports[n]
		out.Exports = append(out.Exports, exportXML{e.StackID, e.Name, e.Value})
	}
	return req.ReplyQuery(out)
}

func cfnListImports(req *request) error {
	name := req.Param("ExportName")
	var importers []string
	for _, s := range sortedStacks(req.region()) {
		if s.Status != "DELETE_COMPLETE" && slices.Contains(s.Imports, name) {
			importers = append(importers, s.Name)
		}
	}
	if len(importers) == 0 {
		return wire.ValidationError("Export '%s' is not imported by any stack.", name)
	}
	return req.ReplyQuery(struct {
		Imports []string `xml:"Imports>member"`
	}{importers})
}
