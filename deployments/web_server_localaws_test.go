package deployments

import (
	"encoding/json"
	"io/fs"
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	cfntypes "github.com/aws/aws-sdk-go-v2/service/cloudformation/types"

	"github.com/panther-operator/panther-operator/internal/localaws/admin"
	"github.com/panther-operator/panther-operator/internal/testenv"
	"github.com/panther-operator/panther-operator/web/server"
)

// webParameters are the web stack's parameters as the operator passes them, with the other
// stacks' outputs in their AWS shapes. No first user: its custom resource needs the gateway's
// function.
func webParameters(certificate, image string) map[string]string {
	const lb = "arn:aws:elasticloadbalancing:us-east-1:000000000000:loadbalancer/app/web/0123456789abcdef"
	return map[string]string{
		"AlarmTopicArn":              "arn:aws:sns:us-east-1:000000000000:panther-cw-alarms",
		"AppClientId":                "4example5client6id7",
		"CertificateArn":             certificate,
		"CloudWatchLogRetentionDays": "365",
		"CustomResourceVersion":      "1.16.0 (e74a52eb)",
		"ElbArn":                     lb,
		"ElbFullName":                "app/web/0123456789abcdef",
		"ElbTargetGroup":             "arn:aws:elasticloadbalancing:us-east-1:000000000000:targetgroup/panther-web/fedcba9876543210",
		"FirstUserEmail":             "",
		"FirstUserFamilyName":        "Community",
		"FirstUserGivenName":         "PantherUser",
		"GraphQLApiEndpoint":         "https://abc.appsync-api.us-east-1.amazonaws.com/graphql",
		"InitialAnalysisPackUrls":    "",
		"PantherCommit":              "e74a52eb",
		"PantherVersion":             "1.16.0",
		"SecurityGroup":              "sg-0123456789abcdef0",
		"SubnetOneId":                "subnet-0123456789abcdef0",
		"SubnetTwoId":                "subnet-0fedcba9876543210",
		"UserPoolId":                 "us-east-1_AbCdEfGhI",
		"WebImage":                   image,
	}
}

// The web stack deploys into localaws with and without a certificate: the task runs the image
// with every setting the server requires, the service runs that task, and the listener rule
// sits on the listener that serves (HTTPS with a certificate, else HTTP).
func TestWebStackDeploys(t *testing.T) {
	for _, tt := range []struct {
		name, certificate, image string
		wantImage                string
		serving                  string // the listener the rule is on
		httpAction               string // the HTTP listener's default action
	}{
		{name: "without a certificate, the account's own image", wantImage: "000000000000.dkr.ecr.us-east-1.amazonaws.com/panther-web:1.16.0",
			serving: "HttpListener", httpAction: "forward"},
		{name: "with a certificate and an image", certificate: "arn:aws:acm:us-east-1:000000000000:certificate/0a1b2c3d",
			image: "registry.example.com/panther-web:1.16.0", wantImage: "registry.example.com/panther-web:1.16.0",
			serving: "HttpsListener", httpAction: "redirect"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			resources := deployWeb(t, webParameters(tt.certificate, tt.image))

			container := first(t, resources["WebTaskDefinition"].Properties["ContainerDefinitions"])
			if got := container["Image"]; got != tt.wantImage {
				t.Errorf("image %v, want %s", got, tt.wantImage)
			}
			env := map[string]any{}
			for _, e := range container["Environment"].([]any) {
				env[e.(map[string]any)["Name"].(string)] = e.(map[string]any)["Value"]
			}
			for _, name := range []string{server.EnvRegion, server.EnvAccountID, server.EnvGraphQLEndpoint,
				server.EnvUserPoolID, server.EnvUserPoolClientID, server.EnvVersion, server.EnvCommit, server.EnvPort} {
				if v, _ := env[name].(string); v == "" {
					t.Errorf("the task does not set %s (env %v)", name, slices.Sorted(maps.Keys(env)))
				}
			}
			if env[server.EnvAccountID] != "000000000000" || env[server.EnvUserPoolClientID] != "4example5client6id7" {
				t.Errorf("env %v", env)
			}

			task, service := resources["WebTaskDefinition"], resources["WebService"]
			if task.PhysicalID != "arn:aws:ecs:us-east-1:000000000000:task-definition/panther-web:1" {
				t.Errorf("task definition %s", task.PhysicalID)
			}
			if service.Properties["TaskDefinition"] != task.PhysicalID || service.Properties["Cluster"] != "panther-web-cluster" {
				t.Errorf("service runs %v in %v, want %s in panther-web-cluster", service.Properties["TaskDefinition"],
					service.Properties["Cluster"], task.PhysicalID)
			}
			if got := first(t, service.Properties["LoadBalancers"])["TargetGroupArn"]; got != webParameters("", "")["ElbTargetGroup"] {
				t.Errorf("service registers into %v", got)
			}

			rule := resources["WebListenerRule"]
			if got := rule.Properties["ListenerArn"]; got != resources[tt.serving].PhysicalID {
				t.Errorf("listener rule on %v, want %s (%s)", got, tt.serving, resources[tt.serving].PhysicalID)
			}
			if got := first(t, resources["HttpListener"].Properties["DefaultActions"])["Type"]; got != tt.httpAction {
				t.Errorf("HTTP listener %v, want %s", got, tt.httpAction)
			}
			if _, ok := resources["HttpsListener"]; ok != (tt.certificate != "") {
				t.Errorf("HTTPS listener exists: %v, with certificate %q", ok, tt.certificate)
			}
		})
	}
}

// deployedResource is what localaws's state records of one resource.
type deployedResource struct {
	LogicalID  string         `json:"logicalId"`
	PhysicalID string         `json:"physicalId"`
	Properties map[string]any `json:"properties"`
}

// deployWeb creates the web stack in a fresh localaws and returns its resources by logical ID,
// as provisioned (intrinsics resolved).
func deployWeb(t *testing.T, params map[string]string) map[string]deployedResource {
	t.Helper()
	cfg := testenv.LocalAWS(t)
	ctx := t.Context()
	body, err := fs.ReadFile(FS(), "web_server.yml")
	if err != nil {
		t.Fatal(err)
	}
	var parameters []cfntypes.Parameter
	for k, v := range params {
		parameters = append(parameters, cfntypes.Parameter{ParameterKey: aws.String(k), ParameterValue: aws.String(v)})
	}
	cfn := cloudformation.NewFromConfig(cfg)
	if _, err := cfn.CreateStack(ctx, &cloudformation.CreateStackInput{StackName: aws.String("panther-web"),
		TemplateBody: aws.String(string(body)), Parameters: parameters,
		Capabilities: []cfntypes.Capability{cfntypes.CapabilityCapabilityIam}}); err != nil {
		t.Fatal(err)
	}
	w := cloudformation.NewStackCreateCompleteWaiter(cfn, func(o *cloudformation.StackCreateCompleteWaiterOptions) {
		o.MinDelay, o.MaxDelay = 5*time.Millisecond, 50*time.Millisecond
	})
	if err := w.Wait(ctx, &cloudformation.DescribeStacksInput{StackName: aws.String("panther-web")}, time.Minute); err != nil {
		events, _ := cfn.DescribeStackEvents(ctx, &cloudformation.DescribeStackEventsInput{StackName: aws.String("panther-web")})
		for _, e := range events.StackEvents {
			t.Logf("%s %s %s", aws.ToString(e.LogicalResourceId), e.ResourceStatus, aws.ToString(e.ResourceStatusReason))
		}
		t.Fatal(err)
	}

	raw, err := admin.New(aws.ToString(cfg.BaseEndpoint)).State(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var tree any
	if err := json.Unmarshal(raw, &tree); err != nil {
		t.Fatal(err)
	}
	resources := map[string]deployedResource{}
	collectResources(tree, resources)
	if len(resources) == 0 {
		t.Fatalf("no stack resources in localaws's state")
	}
	return resources
}

// collectResources finds the stack resources in localaws's state dump: a stack's
// "resources", keyed by logical ID. Only the web stack is deployed, so the IDs are unique.
func collectResources(v any, into map[string]deployedResource) {
	switch v := v.(type) {
	case map[string]any:
		if stackResources, ok := v["resources"].(map[string]any); ok {
			for id, r := range stackResources {
				if r, ok := r.(map[string]any); ok && r["logicalId"] == id {
					props, _ := r["properties"].(map[string]any)
					physical, _ := r["physicalId"].(string)
					into[id] = deployedResource{LogicalID: id, PhysicalID: physical, Properties: props}
				}
			}
		}
		for _, child := range v {
			collectResources(child, into)
		}
	case []any:
		for _, child := range v {
			collectResources(child, into)
		}
	}
}

// first is the first element of a list of objects.
func first(t *testing.T, v any) map[string]any {
	t.Helper()
	list, _ := v.([]any)
	if len(list) == 0 {
		t.Fatalf("%v is not a list of objects", v)
	}
	m, ok := list[0].(map[string]any)
	if !ok {
		t.Fatalf("%v is not an object", list[0])
	}
	return m
}
