package templatelint

import (
	"fmt"
	"regexp"
	"strings"
)

// functionCodeKey is how a template names a function's package: the folder under lambdas/.
var functionCodeKey = regexp.MustCompile(`^functions/[a-z0-9-]+$`)

// pythonRuntime and pythonHandler are how a Python function (the rules engine) runs: a
// supported python3 runtime and a handler in one of its zip's packages.
var (
	pythonRuntime = regexp.MustCompile(`^python3\.(1[2-9]|[2-9][0-9])$`)
	pythonHandler = regexp.MustCompile(`^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)+$`)
)

// checkFunctionRules enforces how Panther's functions are wired: code from the release bucket,
// the provided.al2023 runtime (python3 for the rules engine), a log group of their own with the deployment's retention that
// exists before them, the deployment's layers, tracing and debug switch, and a role of their
// own that Lambda assumes, writes to that log group, and is granted nothing with wildcard
// actions.
func checkFunctionRules(t template) []Problem {
	var problems []Problem
	for _, name := range t.names("Resources") {
		if t.resourceType(name) != "AWS::Lambda::Function" {
			continue
		}
		props, _ := t.entry("Resources", name)["Properties"].(map[string]any)
		report := func(property, format string, args ...any) {
			problems = append(problems, Problem{File: t.file, Section: "resource", Name: name, Type: "AWS::Lambda::Function",
				Property: property, Message: fmt.Sprintf(format, args...)})
		}
		fn, _ := props["FunctionName"].(string)
		if !strings.HasPrefix(fn, "panther-") {
			report("FunctionName", "must be a literal panther-<name>: other stacks and the teardown find functions by name")
		}
		if ref(lookup(props, "Code", "S3Bucket")) != "PantherReleaseBucket" {
			report("Code.S3Bucket", "must be !Ref PantherReleaseBucket: functions deploy from the release")
		}
		if key, _ := lookup(props, "Code", "S3Key").(string); !functionCodeKey.MatchString(key) {
			report("Code.S3Key", "must be functions/<folder under lambdas/>, which the release build writes as the package's key")
		}
		goFunction := props["Runtime"] == "provided.al2023" && props["Handler"] == "bootstrap"
		runtime, _ := props["Runtime"].(string)
		handler, _ := props["Handler"].(string)
		pythonFunction := pythonRuntime.MatchString(runtime) && pythonHandler.MatchString(handler)
		if !goFunction && !pythonFunction {
			report("Runtime", "Go functions run on provided.al2023 with the handler bootstrap, Python functions on python3.12 or later with a package.module.function handler")
		}
		for _, property := range []string{"Layers", "TracingConfig"} {
			if props[property] == nil {
				report(property, "every function takes the deployment's LayerVersionArns and TracingMode")
			}
		}
		if ref(lookup(props, "Environment", "Variables", "DEBUG")) != "Debug" {
			report("Environment.Variables.DEBUG", "must be !Ref Debug")
		}
		logGroup := checkFunctionLogGroup(t, name, fn, report)
		checkFunctionRole(t, props["Role"], logGroup, report)
	}
	return problems
}

type reporter func(property, format string, args ...any)

// checkFunctionLogGroup finds the function's log group and returns its logical ID.
func checkFunctionLogGroup(t template, function, fn string, report reporter) string {
	for _, name := range t.names("Resources") {
		if t.resourceType(name) != "AWS::Logs::LogGroup" {
			continue
		}
		props, _ := t.entry("Resources", name)["Properties"].(map[string]any)
		if props["LogGroupName"] != "/aws/lambda/"+fn {
			continue
		}
		if ref(props["RetentionInDays"]) != "CloudWatchLogRetentionDays" {
			report("", "log group %s must keep logs for !Ref CloudWatchLogRetentionDays days", name)
		}
		if !dependsOn(t.entry("Resources", function)["DependsOn"], name) {
			report("DependsOn", "must name %s, so that the log group exists (with its retention) before the function writes to it", name)
		}
		return name
	}
	report("", "no AWS::Logs::LogGroup named /aws/lambda/%s in the template", fn)
	return ""
}

func checkFunctionRole(t template, roleRef any, logGroup string, report reporter) {
	role := getAttResource(roleRef, "Arn")
	if role == "" || t.resourceType(role) != "AWS::IAM::Role" {
		report("Role", "must be !GetAtt <role>.Arn of a role in this template")
		return
	}
	props, _ := t.entry("Resources", role)["Properties"].(map[string]any)
	if !strings.Contains(fmt.Sprint(props["AssumeRolePolicyDocument"]), "lambda.amazonaws.com") {
		report("Role", "role %s must be assumable by lambda.amazonaws.com", role)
	}
	writesLogs := false
	for _, statement := range roleStatements(props) {
		for _, action := range asStrings(statement["Action"]) {
			if action == "*" || strings.HasSuffix(action, ":*") {
				report("Role", "role %s grants %q: name the actions the function uses", role, action)
			}
			if action == "logs:PutLogEvents" && getAttResource(statement["Resource"], "Arn") == logGroup {
				writesLogs = true
			}
		}
	}
	if logGroup != "" && !writesLogs {
		report("Role", "role %s must allow logs:PutLogEvents on !GetAtt %s.Arn", role, logGroup)
	}
}

func roleStatements(props map[string]any) []map[string]any {
	var out []map[string]any
	policies, _ := props["Policies"].([]any)
	for _, p := range policies {
		statements, _ := lookup(p, "PolicyDocument", "Statement").([]any)
		for _, s := range statements {
			if m, ok := s.(map[string]any); ok {
				out = append(out, m)
			}
		}
	}
	return out
}

func ref(v any) string {
	m, _ := v.(map[string]any)
	s, _ := m["Ref"].(string)
	return s
}

func getAttResource(v any, attribute string) string {
	m, _ := v.(map[string]any)
	args, _ := m["Fn::GetAtt"].([]any)
	if len(args) != 2 || args[1] != attribute {
		return ""
	}
	s, _ := args[0].(string)
	return s
}

func dependsOn(v any, name string) bool {
	for _, d := range asStrings(v) {
		if d == name {
			return true
		}
	}
	return false
}

func asStrings(v any) []string {
	switch x := v.(type) {
	case string:
		return []string{x}
	case []any:
		var out []string
		for _, e := range x {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}
