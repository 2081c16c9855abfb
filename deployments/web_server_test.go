package deployments

import (
	"io/fs"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// parseTemplate reads an embedded template as a YAML tree; the short-form tags (!Ref, !If, …)
// stay on their nodes.
func parseTemplate(t *testing.T, file string) *yaml.Node {
	t.Helper()
	data, err := fs.ReadFile(FS(), file)
	if err != nil {
		t.Fatal(err)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	return doc.Content[0]
}

// at follows a path of mapping keys and sequence indexes, failing the test when a step is
// missing.
func at(t *testing.T, n *yaml.Node, path ...any) *yaml.Node {
	t.Helper()
	for i, step := range path {
		var next *yaml.Node
		switch s := step.(type) {
		case string:
			for j := 0; n.Kind == yaml.MappingNode && j+1 < len(n.Content); j += 2 {
				if n.Content[j].Value == s {
					next = n.Content[j+1]
				}
			}
		case int:
			if n.Kind == yaml.SequenceNode && s < len(n.Content) {
				next = n.Content[s]
			}
		}
		if next == nil {
			t.Fatalf("no %v at %v", step, path[:i])
		}
		n = next
	}
	return n
}

// The web server listens on 8080 as a non-root user and answers /healthcheck; the task, the
// service, the target group and the containers' security group must all agree on that.
func TestWebTaskMatchesTheTargetGroup(t *testing.T) {
	web := parseTemplate(t, "web_server.yml")
	bootstrap := parseTemplate(t, "bootstrap.yml")
	task := at(t, web, "Resources", "WebTaskDefinition", "Properties")
	container := at(t, task, "ContainerDefinitions", 0)

	port := at(t, container, "PortMappings", 0, "ContainerPort").Value
	for what, got := range map[string]string{
		"the service's container port":        at(t, web, "Resources", "WebService", "Properties", "LoadBalancers", 0, "ContainerPort").Value,
		"the target group's port":             at(t, bootstrap, "Resources", "LoadBalancerTargetGroup", "Properties", "Port").Value,
		"the security group's ingress (from)": at(t, bootstrap, "Resources", "WebSecurityGroupIngress", "Properties", "FromPort").Value,
		"the security group's ingress (to)":   at(t, bootstrap, "Resources", "WebSecurityGroupIngress", "Properties", "ToPort").Value,
	} {
		if got != port {
			t.Errorf("%s is %s, want the container's port %s", what, got, port)
		}
	}
	if n, err := strconv.Atoi(port); err != nil || n < 1024 {
		t.Errorf("container port %s: a non-root server needs a port of 1024 or more", port)
	}
	env := map[string]string{}
	for _, e := range at(t, container, "Environment").Content {
		env[at(t, e, "Name").Value] = at(t, e, "Value").Value
	}
	if env["SERVER_PORT"] != port {
		t.Errorf("SERVER_PORT is %q, want %s", env["SERVER_PORT"], port)
	}

	tg := at(t, bootstrap, "Resources", "LoadBalancerTargetGroup", "Properties")
	if got := at(t, tg, "HealthCheckPath").Value; got != "/healthcheck" {
		t.Errorf("target group health check path %q, want /healthcheck", got)
	}
	if got := at(t, tg, "TargetType").Value; got != "ip" {
		t.Errorf("target type %q, want ip (awsvpc tasks register by IP)", got)
	}
	if got := at(t, task, "NetworkMode").Value; got != "awsvpc" {
		t.Errorf("network mode %q, want awsvpc", got)
	}

	user := at(t, container, "User").Value
	if uid, _, _ := strings.Cut(user, ":"); uid == "" || uid == "0" || strings.Trim(uid, "0123456789") != "" {
		t.Errorf("container user %q, want a numeric non-root user", user)
	}
	if got := at(t, container, "ReadonlyRootFilesystem").Value; got != "true" {
		t.Errorf("ReadonlyRootFilesystem %s, want true", got)
	}
	if got := at(t, container, "LogConfiguration", "Options", "awslogs-group"); got.Tag != "!Ref" || got.Value != "WebLogGroup" {
		t.Errorf("awslogs-group %s %s, want !Ref WebLogGroup", got.Tag, got.Value)
	}
	var command []string
	for _, c := range at(t, container, "HealthCheck", "Command").Content {
		command = append(command, c.Value)
	}
	if strings.Join(command, " ") != "CMD /app/server healthcheck" {
		t.Errorf("health check %q, want the server's own probe: the image has no shell", command)
	}
}

// imageReferences are references the WebImage pattern must accept or refuse; api/v1alpha1's
// validation tests send some of them to the API server, which checks the CRD's copy.
var imageReferences = map[string]bool{
	"":                   true, // the account's own ECR registry
	"panther-web:1.16.0": true,
	"123456789012.dkr.ecr.us-east-1.amazonaws.com/panther-web:1.16.0":            true,
	"ghcr.io/acme/security/panther-web:1.16.0-rc.1":                              true,
	"localhost:5000/panther-web@sha256:" + strings.Repeat("ab", 32):              true,
	"registry.example.com/panther-web:1.16.0@sha256:" + strings.Repeat("0f", 32): true,
	"registry.example.com/panther-web":                                           false, // no tag: latest never rolls the service
	"https://registry.example.com/panther-web:1.16.0":                            false,
	"panther-web:1.16.0 --privileged":                                            false,
	"Panther-Web:1.16.0":                                                         false,
	"panther-web:":                                                               false,
	"panther-web@sha256:abc":                                                     false,
}

// The web stack, the root template and the CRD check the image with one pattern.
func TestWebImagePattern(t *testing.T) {
	pattern := at(t, parseTemplate(t, "web_server.yml"), "Parameters", "WebImage", "AllowedPattern").Value
	if root := at(t, parseTemplate(t, RootTemplate), "Parameters", "WebImage", "AllowedPattern").Value; root != pattern {
		t.Errorf("root.yml's WebImage pattern %s differs from web_server.yml's %s", root, pattern)
	}
	crd, err := os.ReadFile("../config/crd/bases/deploy.panther.io_pantherdeployments.yaml")
	if err != nil {
		t.Fatal(err)
	}
	inner := strings.TrimSuffix(strings.TrimPrefix(pattern, "^("), ")?$")
	if want := "self == '' || self.matches('^" + inner + "$')"; !strings.Contains(string(crd), want) {
		t.Errorf("the CRD has no rule %s for config.web.image", want)
	}
	re := regexp.MustCompile(pattern)
	for ref, ok := range imageReferences {
		if re.MatchString(ref) != ok {
			t.Errorf("pattern matches %q: %v, want %v", ref, !ok, ok)
		}
	}
}
