package panther

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

// fullInputs returns inputs that satisfy every stack: each config value is "cfg-<key>", each
// output "<component>-<output>", each computed value "computed-<name>".
func fullInputs() Inputs {
	in := Inputs{
		Config:   map[string]string{},
		Outputs:  map[Component]map[string]string{},
		Computed: map[string]string{},
	}
	for _, k := range ConfigKeys() {
		in.Config[k] = "cfg-" + k
	}
	for c, names := range ConsumedOutputs() {
		in.Outputs[c] = map[string]string{}
		for _, n := range names {
			in.Outputs[c][n] = string(c) + "-" + n
		}
	}
	for _, n := range ComputedNames() {
		in.Computed[n] = "computed-" + n
	}
	return in
}

func TestBuildParametersForEveryStack(t *testing.T) {
	for _, c := range Components() {
		t.Run(string(c), func(t *testing.T) {
			got, err := BuildParameters(c, fullInputs())
			if err != nil {
				t.Fatal(err)
			}
			s, _ := Lookup(c)
			if got == nil || len(got) != len(s.Parameters) {
				t.Fatalf("got %d parameters, want %d", len(got), len(s.Parameters))
			}
			for _, p := range s.Parameters {
				if _, ok := got[p.Name]; !ok {
					t.Errorf("parameter %s missing from the map", p.Name)
				}
			}
		})
	}
}

func TestBuildParametersWiresValues(t *testing.T) {
	tests := []struct {
		component Component
		parameter string
		want      string
	}{
		{Bootstrap, "AccessLogsBucket", "cfg-AccessLogsBucket"},
		{Bootstrap, "DeployFromSource", "computed-DeployFromSource"},
		{BootstrapGateway, "SqsKeyId", "bootstrap-QueueEncryptionKeyId"},
		{Core, "AppDomainURL", "bootstrap-LoadBalancerUrl"},
		{Core, "CompanyEmail", "cfg-CompanyEmail"},
		{Core, "PantherVersion", "computed-PantherVersion"},
		{CloudSecurity, "PythonLayerVersionArn", "bootstrapGateway-PythonLayerVersionArn"},
		{Web, "ElbFullName", "bootstrap-LoadBalancerFullName"},
		{Web, "PantherCommit", "computed-PantherCommit"},
		{Onboard, "CustomResourceVersion", "computed-CustomResourceVersion"},
	}
	for _, tt := range tests {
		t.Run(string(tt.component)+"/"+tt.parameter, func(t *testing.T) {
			got, err := BuildParameters(tt.component, fullInputs())
			if err != nil {
				t.Fatal(err)
			}
			if got[tt.parameter] != tt.want {
				t.Errorf("%s = %q, want %q", tt.parameter, got[tt.parameter], tt.want)
			}
		})
	}
}

func TestBuildParametersForDashboardsIsEmpty(t *testing.T) {
	got, err := BuildParameters(Dashboards, Inputs{})
	if err != nil {
		t.Fatal(err)
	}
	if got == nil || len(got) != 0 {
		t.Fatalf("got %v, want an empty, non-nil map", got)
	}
}

func TestBuildParametersKeepsEmptyValues(t *testing.T) {
	in := fullInputs()
	in.Config["VpcID"] = ""
	got, err := BuildParameters(Bootstrap, in)
	if err != nil {
		t.Fatal(err)
	}
	if v, ok := got["VpcID"]; !ok || v != "" {
		t.Fatalf("VpcID = %q, %v; want an empty value", v, ok)
	}
}

func TestBuildParametersOverrides(t *testing.T) {
	tests := []struct {
		name      string
		component Component
		sets      []ParameterSet
		parameter string
		want      string
	}{
		{
			name:      "stack set replaces config",
			component: LogAnalysis,
			sets:      []ParameterSet{{Origin: "spec.stacks.logAnalysis.parameters", Values: map[string]string{"LogProcessorLambdaMemorySize": "2048"}}},
			parameter: "LogProcessorLambdaMemorySize",
			want:      "2048",
		},
		{
			name:      "shared set replaces config",
			component: Core,
			sets:      []ParameterSet{{Origin: "Secret panther-params", Shared: true, Values: map[string]string{"CompanyEmail": "secops@example.com"}}},
			parameter: "CompanyEmail",
			want:      "secops@example.com",
		},
		{
			name:      "shared set skips what the stack takes from outputs",
			component: Core,
			sets:      []ParameterSet{{Origin: "Secret panther-params", Shared: true, Values: map[string]string{"AlarmTopicArn": "arn:aws:sns:us-east-1:123456789012:mine", "VpcID": "vpc-1"}}},
			parameter: "AlarmTopicArn",
			want:      "bootstrap-AlarmTopicArn",
		},
		{
			name:      "agreeing sets",
			component: Onboard,
			sets: []ParameterSet{
				{Origin: "a", Values: map[string]string{"EnableGuardDuty": "true"}},
				{Origin: "b", Shared: true, Values: map[string]string{"EnableGuardDuty": "true"}},
			},
			parameter: "EnableGuardDuty",
			want:      "true",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := fullInputs()
			in.Overrides = tt.sets
			got, err := BuildParameters(tt.component, in)
			if err != nil {
				t.Fatal(err)
			}
			if got[tt.parameter] != tt.want {
				t.Errorf("%s = %q, want %q", tt.parameter, got[tt.parameter], tt.want)
			}
		})
	}
}

func TestBuildParametersErrors(t *testing.T) {
	tests := []struct {
		name      string
		component Component
		edit      func(in *Inputs)
		want      ParameterError
	}{
		{
			name:      "missing config, output and computed value",
			component: Core,
			edit: func(in *Inputs) {
				delete(in.Config, "KvTableBillingMode")
				delete(in.Outputs[Bootstrap], "QueueEncryptionKeyId")
				delete(in.Computed, ComputedPantherVersion)
			},
			want: ParameterError{Stack: "panther-core", Missing: []string{
				"KvTableBillingMode (config KvTableBillingMode)",
				"PantherVersion (computed PantherVersion)",
				"SqsKeyId (output QueueEncryptionKeyId of bootstrap)",
			}},
		},
		{
			name:      "no gateway outputs yet",
			component: Web,
			edit:      func(in *Inputs) { delete(in.Outputs, BootstrapGateway) },
			want: ParameterError{Stack: "panther-web", Missing: []string{
				"AppClientId (output AppClientId of bootstrapGateway)",
			}},
		},
		{
			name:      "unknown parameter in a stack set",
			component: Appsync,
			edit: func(in *Inputs) {
				in.Overrides = []ParameterSet{{Origin: "spec.stacks.appsync.parameters", Values: map[string]string{"Debug": "true"}}}
			},
			want: ParameterError{Stack: "panther-appsync", Unknown: []string{
				"Debug (from spec.stacks.appsync.parameters)",
			}},
		},
		{
			name:      "override of an output",
			component: Appsync,
			edit: func(in *Inputs) {
				in.Overrides = []ParameterSet{{Origin: "spec.stacks.appsync.parameters", Values: map[string]string{"ApiId": "abc"}}}
			},
			want: ParameterError{Stack: "panther-appsync", Conflicting: []string{
				"ApiId is set by spec.stacks.appsync.parameters but comes from output GraphQLApiId of bootstrap",
			}},
		},
		{
			name:      "override of a computed value",
			component: Web,
			edit: func(in *Inputs) {
				in.Overrides = []ParameterSet{{Origin: "spec.stacks.web.parameters", Values: map[string]string{"PantherVersion": "9.9.9"}}}
			},
			want: ParameterError{Stack: "panther-web", Conflicting: []string{
				"PantherVersion is set by spec.stacks.web.parameters but comes from computed PantherVersion",
			}},
		},
		{
			name:      "sets that disagree",
			component: Onboard,
			edit: func(in *Inputs) {
				in.Overrides = []ParameterSet{
					{Origin: "Secret a", Shared: true, Values: map[string]string{"EnableCloudTrail": "true"}},
					{Origin: "spec.stacks.onboard.parameters", Values: map[string]string{"EnableCloudTrail": "false"}},
				}
			},
			want: ParameterError{Stack: "panther-onboard", Conflicting: []string{
				"EnableCloudTrail has different values in Secret a and spec.stacks.onboard.parameters",
			}},
		},
		{
			name:      "every kind at once",
			component: Onboard,
			edit: func(in *Inputs) {
				delete(in.Config, "EnableS3AccessLogs")
				in.Overrides = []ParameterSet{{Origin: "p", Values: map[string]string{"Nope": "1", "AuditLogsBucket": "b"}}}
			},
			want: ParameterError{
				Stack:       "panther-onboard",
				Missing:     []string{"EnableS3AccessLogs (config EnableS3AccessLogs)"},
				Unknown:     []string{"Nope (from p)"},
				Conflicting: []string{"AuditLogsBucket is set by p but comes from output AuditLogsBucket of bootstrap"},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := fullInputs()
			tt.edit(&in)
			got, err := BuildParameters(tt.component, in)
			if got != nil {
				t.Errorf("got parameters %v alongside the error", got)
			}
			var perr *ParameterError
			if !errors.As(err, &perr) {
				t.Fatalf("error %v, want a *ParameterError", err)
			}
			if !reflect.DeepEqual(*perr, tt.want) {
				t.Errorf("error\n%#v\nwant\n%#v", *perr, tt.want)
			}
			if !strings.HasPrefix(err.Error(), "parameters of "+tt.want.Stack+": ") {
				t.Errorf("message %q does not name the stack", err)
			}
			for _, item := range append(append(tt.want.Missing, tt.want.Unknown...), tt.want.Conflicting...) {
				if !strings.Contains(err.Error(), item) {
					t.Errorf("message %q does not mention %q", err, item)
				}
			}
		})
	}
}

func TestBuildParametersUnknownComponent(t *testing.T) {
	if _, err := BuildParameters("frontend", fullInputs()); err == nil {
		t.Fatal("unknown component accepted")
	}
}

func TestUnknownSharedParameters(t *testing.T) {
	got := UnknownSharedParameters(map[string]string{
		"VpcID":         "vpc-1",
		"ApiId":         "x", // only ever an output
		"PantherCommit": "y", // only ever computed
		"Typo":          "z",
	})
	want := []string{"ApiId", "PantherCommit", "Typo"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("UnknownSharedParameters() = %v, want %v", got, want)
	}
}

func TestCustomResourceVersion(t *testing.T) {
	if got := CustomResourceVersion("1.16.0", "e74a52eb"); got != "1.16.0 (e74a52eb)" {
		t.Fatalf("got %q", got)
	}
}
