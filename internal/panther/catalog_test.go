package panther

import (
	"reflect"
	"slices"
	"strings"
	"testing"
)

func TestCatalogIsValid(t *testing.T) {
	if err := validateCatalog(catalog, Components(), teardownGroups); err != nil {
		t.Fatalf("catalog is invalid:\n%v", err)
	}
}

func TestStackNamesAndTemplates(t *testing.T) {
	tests := []struct {
		component Component
		name      string
		template  string
	}{
		{Bootstrap, "panther-bootstrap", "bootstrap.yml"},
		{BootstrapGateway, "panther-bootstrap-gateway", "bootstrap_gateway.yml"},
		{Appsync, "panther-appsync", "appsync.yml"},
		{CloudSecurity, "panther-cloud-security", "cloud_security.yml"},
		{Core, "panther-core", "core.yml"},
		{Dashboards, "panther-cw-dashboards", "dashboards.yml"},
		{LogAnalysis, "panther-log-analysis", "log_analysis.yml"},
		{Web, "panther-web", "web_server.yml"},
		{Onboard, "panther-onboard", "onboard.yml"},
	}
	if len(tests) != len(Components()) {
		t.Fatalf("table covers %d components, catalog has %d", len(tests), len(Components()))
	}
	for _, tt := range tests {
		t.Run(string(tt.component), func(t *testing.T) {
			s, err := Lookup(tt.component)
			if err != nil {
				t.Fatal(err)
			}
			if s.Name != tt.name || s.Template != tt.template {
				t.Errorf("got %s in %s, want %s in %s", s.Name, s.Template, tt.name, tt.template)
			}
			byName, err := StackByName(tt.name)
			if err != nil || byName.Component != tt.component {
				t.Errorf("StackByName(%q) = %v, %v", tt.name, byName.Component, err)
			}
			if !tt.component.Valid() {
				t.Errorf("%s is not Valid()", tt.component)
			}
		})
	}
}

func TestUnknownComponentAndStack(t *testing.T) {
	if _, err := Lookup("frontend"); err == nil {
		t.Error("Lookup of an unknown component succeeded")
	}
	if _, err := StackByName("panther-frontend"); err == nil {
		t.Error("StackByName of an unknown stack succeeded")
	}
	if Component("frontend").Valid() {
		t.Error("unknown component is Valid()")
	}
}

func TestLookupReturnsACopy(t *testing.T) {
	s, _ := Lookup(Core)
	s.Parameters[0].Name = "Changed"
	s.Needs[0] = Web
	again, _ := Lookup(Core)
	if again.Parameters[0].Name == "Changed" || again.Needs[0] == Web {
		t.Fatal("changing a looked-up stack changed the catalog")
	}
}

func TestDeployWaves(t *testing.T) {
	want := [][]Component{
		{Bootstrap},
		{BootstrapGateway},
		{Appsync, CloudSecurity, Core, Dashboards},
		{LogAnalysis, Web},
		{Onboard},
	}
	if got := DeployWaves(); !reflect.DeepEqual(got, want) {
		t.Fatalf("DeployWaves() = %v, want %v", got, want)
	}
}

func TestTeardownGroups(t *testing.T) {
	want := [][]Component{
		{Web, Onboard, Appsync, Dashboards},
		{CloudSecurity, LogAnalysis},
		{Core},
		{BootstrapGateway},
		{Bootstrap},
	}
	got := TeardownGroups()
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("TeardownGroups() = %v, want %v", got, want)
	}
	got[0][0] = Bootstrap
	if TeardownGroups()[0][0] != Web {
		t.Fatal("changing the returned groups changed the catalog")
	}
}

// The operator acts on the enabled stacks that are not done and whose predecessors are.
func TestPredecessorsDone(t *testing.T) {
	all := func(Component) bool { return true }
	without := func(off ...Component) func(Component) bool {
		return func(c Component) bool { return !slices.Contains(off, c) }
	}
	tests := []struct {
		name    string
		done    []Component
		enabled func(Component) bool
		want    []Component
	}{
		{"nothing deployed", nil, all, []Component{Bootstrap}},
		{"bootstrap done", []Component{Bootstrap}, all, []Component{BootstrapGateway}},
		{"gateway done", []Component{Bootstrap, BootstrapGateway}, all, []Component{Appsync, CloudSecurity, Core, Dashboards}},
		{"core done before cloud security", []Component{Bootstrap, BootstrapGateway, Core}, all, []Component{Appsync, CloudSecurity, Dashboards, LogAnalysis}},
		{"web waits for cloud security", []Component{Bootstrap, BootstrapGateway, Core, CloudSecurity}, all, []Component{Appsync, Dashboards, LogAnalysis, Web}},
		{"onboard after log analysis", []Component{Bootstrap, BootstrapGateway, Core, CloudSecurity, LogAnalysis}, all, []Component{Appsync, Dashboards, Web, Onboard}},
		{"all done", Components(), all, nil},
		{
			"dashboards follows a disabled gateway only by preference, so it is ready at once",
			nil, without(BootstrapGateway), []Component{Bootstrap, Dashboards},
		},
		{
			"dashboards waits for the gateway while the gateway is enabled",
			[]Component{Bootstrap}, all, []Component{BootstrapGateway},
		},
		{
			"a disabled stack is never ready",
			[]Component{Bootstrap, BootstrapGateway}, without(Appsync), []Component{CloudSecurity, Core, Dashboards},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			done := map[Component]bool{}
			for _, c := range tt.done {
				done[c] = true
			}
			var ready []Component
			for _, c := range Components() {
				if !done[c] && tt.enabled(c) && PredecessorsDone(c, done, tt.enabled) {
					ready = append(ready, c)
				}
			}
			if !reflect.DeepEqual(ready, tt.want) {
				t.Errorf("ready to deploy: %v, want %v", ready, tt.want)
			}
		})
	}
}

func TestDisabledNeed(t *testing.T) {
	off := func(disabled ...Component) func(Component) bool {
		return func(c Component) bool { return !slices.Contains(disabled, c) }
	}
	tests := []struct {
		name      string
		component Component
		enabled   func(Component) bool
		want      Component
		found     bool
	}{
		{"web without cloud security", Web, off(CloudSecurity, Onboard), CloudSecurity, true},
		{"onboard without log analysis", Onboard, off(LogAnalysis), LogAnalysis, true},
		{"dashboards without the gateway is fine: it only follows it", Dashboards, off(BootstrapGateway), "", false},
		{"core with everything", Core, off(), "", false},
		{"the first disabled need in catalog order is named", Web, off(Bootstrap, Core), Bootstrap, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, found := DisabledNeed(tt.component, tt.enabled)
			if got != tt.want || found != tt.found {
				t.Errorf("DisabledNeed(%s) = %s, %v; want %s, %v", tt.component, got, found, tt.want, tt.found)
			}
		})
	}
}

func TestDependents(t *testing.T) {
	if got, want := Dependents(CloudSecurity), []Component{Web, Onboard}; !reflect.DeepEqual(got, want) {
		t.Errorf("Dependents(cloudSecurity) = %v, want %v", got, want)
	}
	if got := Dependents(Dashboards); got != nil {
		t.Errorf("Dependents(dashboards) = %v, want none", got)
	}
	if got := Dependents(BootstrapGateway); slices.Contains(got, Dashboards) {
		t.Errorf("Dependents(bootstrapGateway) = %v: dashboards only follows the gateway", got)
	}
}

func TestConsumedOutputs(t *testing.T) {
	want := map[Component][]string{
		Bootstrap: {
			"AlarmTopicArn", "AnalysisVersionsBucket", "AppsyncServiceRoleArn", "AthenaResultsBucket",
			"AuditLogsBucket", "DynamoScalingRoleArn", "GraphQLApiEndpoint", "GraphQLApiId",
			"ImageRegistryName", "InputDataBucket", "InputDataTopicArn", "LoadBalancerArn",
			"LoadBalancerFullName", "LoadBalancerTargetGroup", "LoadBalancerUrl", "OutputsEncryptionKeyId",
			"ProcessedDataBucket", "ProcessedDataTopicArn", "QueueEncryptionKeyId", "SubnetOneId",
			"SubnetTwoId", "UserPoolId", "WebSecurityGroup",
		},
		BootstrapGateway: {"AppClientId", "AthenaWorkGroup", "PythonLayerVersionArn"},
	}
	if got := ConsumedOutputs(); !reflect.DeepEqual(got, want) {
		t.Fatalf("ConsumedOutputs() =\n%v\nwant\n%v", got, want)
	}
}

func TestWiringFromTheFacts(t *testing.T) {
	tests := []struct {
		component Component
		parameter string
		want      Source
	}{
		{BootstrapGateway, "SqsKeyId", Output(Bootstrap, "QueueEncryptionKeyId")},
		{Appsync, "ApiId", Output(Bootstrap, "GraphQLApiId")},
		{Appsync, "ServiceRole", Output(Bootstrap, "AppsyncServiceRoleArn")},
		{CloudSecurity, "PythonLayerVersionArn", Output(BootstrapGateway, "PythonLayerVersionArn")},
		{Core, "AppDomainURL", Output(Bootstrap, "LoadBalancerUrl")},
		{Core, "OutputsKeyId", Output(Bootstrap, "OutputsEncryptionKeyId")},
		{Core, "PantherVersion", Computed(ComputedPantherVersion)},
		{Core, "CompanyEmail", Config("CompanyEmail")},
		{LogAnalysis, "AthenaWorkGroup", Output(BootstrapGateway, "AthenaWorkGroup")},
		{Web, "ElbArn", Output(Bootstrap, "LoadBalancerArn")},
		{Web, "SecurityGroup", Output(Bootstrap, "WebSecurityGroup")},
		{Web, "AppClientId", Output(BootstrapGateway, "AppClientId")},
		{Web, "PantherCommit", Computed(ComputedPantherCommit)},
		{Web, "WebImage", Config("WebImage")},
		{Bootstrap, "DeployFromSource", Computed(ComputedDeployFromSource)},
		{Bootstrap, "AlarmTopicArn", Config("AlarmTopicArn")},
		{Onboard, "CustomResourceVersion", Computed(ComputedCustomResourceVersion)},
	}
	for _, tt := range tests {
		t.Run(string(tt.component)+"/"+tt.parameter, func(t *testing.T) {
			s, _ := Lookup(tt.component)
			for _, p := range s.Parameters {
				if p.Name == tt.parameter {
					if p.Source != tt.want {
						t.Errorf("source %v, want %v", p.Source, tt.want)
					}
					return
				}
			}
			t.Errorf("%s has no parameter %s", tt.component, tt.parameter)
		})
	}
}

func TestDashboardsTakeNoParameters(t *testing.T) {
	s, _ := Lookup(Dashboards)
	if len(s.Parameters) != 0 {
		t.Fatalf("dashboards parameters = %v, want none", s.ParameterNames())
	}
}

func TestValidateCatalogCatchesMistakes(t *testing.T) {
	tests := []struct {
		name     string
		mutate   func(stacks map[Component]Stack, teardown [][]Component) [][]Component
		wantText string
	}{
		{
			name: "dependency on a later stack",
			mutate: func(stacks map[Component]Stack, teardown [][]Component) [][]Component {
				s := stacks[Core]
				s.Needs = append(s.Needs, Web)
				stacks[Core] = s
				return teardown
			},
			wantText: "core depends on web, which comes later",
		},
		{
			name: "output from a stack that is not a dependency",
			mutate: func(stacks map[Component]Stack, teardown [][]Component) [][]Component {
				s := stacks[Dashboards]
				s.Parameters = []Parameter{fromBootstrap("AlarmTopicArn")}
				stacks[Dashboards] = s
				return teardown
			},
			wantText: "dashboards: parameter AlarmTopicArn reads output AlarmTopicArn of bootstrap but bootstrap is not a need",
		},
		{
			name: "duplicate stack name",
			mutate: func(stacks map[Component]Stack, teardown [][]Component) [][]Component {
				s := stacks[Web]
				s.Name = "panther-core"
				stacks[Web] = s
				return teardown
			},
			wantText: "share stack name panther-core",
		},
		{
			name: "stack never torn down",
			mutate: func(stacks map[Component]Stack, teardown [][]Component) [][]Component {
				return teardown[:4]
			},
			wantText: "teardown never deletes bootstrap",
		},
		{
			name: "dependency deleted first",
			mutate: func(stacks map[Component]Stack, teardown [][]Component) [][]Component {
				return [][]Component{{Web, Onboard, Appsync, Dashboards}, {CloudSecurity, LogAnalysis}, {BootstrapGateway}, {Core}, {Bootstrap}}
			},
			wantText: "teardown deletes bootstrapGateway (group 3) no later than core (group 4), which needs it",
		},
		{
			name: "output the producer does not declare",
			mutate: func(stacks map[Component]Stack, teardown [][]Component) [][]Component {
				s := stacks[BootstrapGateway]
				s.Outputs = []string{"AppClientId", "PythonLayerVersionArn"}
				stacks[BootstrapGateway] = s
				return teardown
			},
			wantText: "logAnalysis: parameter AthenaWorkGroup reads output AthenaWorkGroup of bootstrapGateway, which bootstrapGateway does not declare",
		},
		{
			name: "parameter listed twice",
			mutate: func(stacks map[Component]Stack, teardown [][]Component) [][]Component {
				s := stacks[Onboard]
				s.Parameters = append(s.Parameters, fromConfig("EnableGuardDuty"))
				stacks[Onboard] = s
				return teardown
			},
			wantText: "onboard: parameter EnableGuardDuty listed twice",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stacks := map[Component]Stack{}
			for c, s := range catalog {
				stacks[c] = s.clone()
			}
			teardown := tt.mutate(stacks, TeardownGroups())
			err := validateCatalog(stacks, Components(), teardown)
			if err == nil || !strings.Contains(err.Error(), tt.wantText) {
				t.Fatalf("error %v, want it to contain %q", err, tt.wantText)
			}
		})
	}
}
