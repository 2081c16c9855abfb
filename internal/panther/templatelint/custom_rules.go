package templatelint

import (
	"fmt"
	"strings"
)

// customResourceProvider is the function every custom resource is served by.
const customResourceProvider = "panther-cfn-custom-resources"

// exemptFromVersion are the custom resources that must not run again on every release (the
// original left them out on purpose): settings users change in the web app, the first user,
// the initial analysis packs.
var exemptFromVersion = map[string]bool{
	"Custom::PantherSettings": true, "Custom::PantherUser": true, "Custom::AnalysisSet": true,
}

// checkCustomResources: every Custom:: resource is served by panther-cfn-custom-resources
// (by the ARN its fixed name gives, or by GetAtt in the stack that defines it) and carries
// CustomResourceVersion, so that a new release or spec.customResourceVersion reaches it.
func checkCustomResources(t template) []Problem {
	var problems []Problem
	for _, name := range t.names("Resources") {
		typ := t.resourceType(name)
		if !strings.HasPrefix(typ, "Custom::") {
			continue
		}
		props, _ := t.entry("Resources", name)["Properties"].(map[string]any)
		report := func(property, format string, args ...any) {
			problems = append(problems, Problem{File: t.file, Section: "resource", Name: name, Type: typ,
				Property: property, Message: fmt.Sprintf(format, args...)})
		}
		if !servedByProvider(t, props["ServiceToken"]) {
			report("ServiceToken", "must be the ARN of %s (!Sub arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:%s)",
				customResourceProvider, customResourceProvider)
		}
		if !exemptFromVersion[typ] && ref(props["CustomResourceVersion"]) != "CustomResourceVersion" {
			report("CustomResourceVersion", "must be !Ref CustomResourceVersion, so that each release runs the resource again")
		}
	}
	return problems
}

func servedByProvider(t template, token any) bool {
	if fn := getAttResource(token, "Arn"); fn != "" {
		props, _ := t.entry("Resources", fn)["Properties"].(map[string]any)
		return t.resourceType(fn) == "AWS::Lambda::Function" && props["FunctionName"] == customResourceProvider
	}
	m, _ := token.(map[string]any)
	sub, _ := m["Fn::Sub"].(string)
	return sub == "arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:"+customResourceProvider
}
