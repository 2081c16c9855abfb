package engine

import (
	"sort"
	"strings"

	"github.com/panther-operator/panther-operator/internal/localaws/cfn/template"
)

func cfnGetTemplate(req *request) error {
	s, err := req.stack(req.Param("StackName"))
	if err != nil {
		return err
	}
	body := s.Template
	if name := req.Param("ChangeSetName"); name != "" {
		cs, err := findChangeSet(req, s, name)
		if err != nil {
			return err
		}
		body = cs.Template
	}
	stages := []string{"Original"}
	if req.Param("TemplateStage") == "Processed" || strings.Contains(body, template.SamTransform) {
		p, err := template.Prepare(body)
		if err == nil && len(p.Template.Transforms) > 0 {
			stages = append(stages, "Processed")
			if req.Param("TemplateStage") == "Processed" {
				body = p.Processed
			}
		}
	}
	return req.ReplyQuery(struct {
		TemplateBody    string   `xml:"TemplateBody"`
		StagesAvailable []string `xml:"StagesAvailable>member"`
	}{body, stages})
}

func cfnValidateTemplate(req *request) error {
	source, err := req.eng.loadTemplateSource(req.Param("TemplateBody"), req.Param("TemplateURL"))
	if err != nil {
		return err
	}
	p, err := template.Prepare(source)
	if err != nil {
		return err
	}
	if err := template.CheckResourceTypes(p.Template); err != nil {
		return err
	}
	type paramXML struct {
		ParameterKey string `xml:"ParameterKey"`
		DefaultValue string `xml:"DefaultValue,omitempty"`
		NoEcho       bool   `xml:"NoEcho"`
		Description  string `xml:"Description,omitempty"`
	}
	out := struct {
		Parameters         []paramXML `xml:"Parameters>member"`
		Description        string     `xml:"Description,omitempty"`
		Capabilities       []string   `xml:"Capabilities>member"`
		CapabilitiesReason string     `xml:"CapabilitiesReason,omitempty"`
		DeclaredTransforms []string   `xml:"DeclaredTransforms>member"`
	}{Description: p.Template.Description, Capabilities: template.RequiredCapabilities(p), DeclaredTransforms: p.Template.Transforms}
	for _, name := range p.Template.ParamOrder {
		d := p.Template.Parameters[name]
		px := paramXML{ParameterKey: name, NoEcho: d.NoEcho, Description: d.Description}
		if d.Default != nil {
			px.DefaultValue = *d.Default
		}
		out.Parameters = append(out.Parameters, px)
	}
	if len(out.Capabilities) > 0 {
		out.CapabilitiesReason = "The following resource(s) require capabilities: [" + strings.Join(iamResourceTypes(p), ", ") + "]"
	}
	return req.ReplyQuery(out)
}

func iamResourceTypes(p *template.Prepared) []string {
	seen := map[string]bool{}
	var out []string
	for _, r := range p.Template.Resources {
		if _, ok := template.IamTypes[r.Type]; ok && !seen[r.Type] {
			seen[r.Type] = true
			out = append(out, r.Type)
		}
	}
	sort.Strings(out)
	return out
}

func cfnGetTemplateSummary(req *request) error {
	source := ""
	if name := req.Param("StackName"); name != "" {
		s, err := req.stack(name)
		if err != nil {
			return err
		}
		source = s.Template
	} else {
		var err error
		if source, err = req.eng.loadTemplateSource(req.Param("TemplateBody"), req.Param("TemplateURL")); err != nil {
			return err
		}
	}
	p, err := template.Prepare(source)
	if err != nil {
		return err
	}
	type declarationXML struct {
		ParameterKey  string   `xml:"ParameterKey"`
		DefaultValue  string   `xml:"DefaultValue,omitempty"`
		ParameterType string   `xml:"ParameterType"`
		NoEcho        bool     `xml:"NoEcho"`
		Description   string   `xml:"Description,omitempty"`
		AllowedValues []string `xml:"ParameterConstraints>AllowedValues>member"`
	}
	out := struct {
		Parameters         []declarationXML `xml:"Parameters>member"`
		Description        string           `xml:"Description,omitempty"`
		Capabilities       []string         `xml:"Capabilities>member"`
		CapabilitiesReason string           `xml:"CapabilitiesReason,omitempty"`
		ResourceTypes      []string         `xml:"ResourceTypes>member"`
		Version            string           `xml:"Version"`
		DeclaredTransforms []string         `xml:"DeclaredTransforms>member"`
	}{Description: p.Template.Description, Capabilities: template.RequiredCapabilities(p), Version: "2010-09-09", DeclaredTransforms: p.Template.Transforms}
	for _, name := range p.Template.ParamOrder {
		d := p.Template.Parameters[name]
		x := declarationXML{ParameterKey: name, ParameterType: d.Type, NoEcho: d.NoEcho, Description: d.Description, AllowedValues: d.AllowedValues}
		if d.Default != nil {
			x.DefaultValue = *d.Default
		}
		out.Parameters = append(out.Parameters, x)
	}
	if len(out.Capabilities) > 0 {
		out.CapabilitiesReason = "The following resource(s) require capabilities: [" + strings.Join(iamResourceTypes(p), ", ") + "]"
	}
	seen := map[string]bool{}
	for _, r := range p.Template.Resources {
		if !seen[r.Type] {
			seen[r.Type] = true
			out.ResourceTypes = append(out.ResourceTypes, r.Type)
		}
	}
	sort.Strings(out.ResourceTypes)
	return req.ReplyQuery(out)
}
