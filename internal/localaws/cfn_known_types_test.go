package localaws_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
)

// A bootstrap-like network and web tier: the IDs and attributes must have
// AWS's shapes, because a second stack checks them with AllowedPattern.
const networkTemplate = `
Resources:
  Vpc: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.0.0.0/24}}
  SubnetOne:
    Type: AWS::EC2::Subnet
    Properties: {VpcId: !Ref Vpc, CidrBlock: !Select [0, !Cidr [!GetAtt Vpc.CidrBlock, 2, 6]]}
  WebSg: {Type: AWS::EC2::SecurityGroup, Properties: {GroupDescription: web, VpcId: !Ref Vpc}}
  Alb: {Type: AWS::ElasticLoadBalancingV2::LoadBalancer, Properties: {Name: web, Subnets: [!Ref SubnetOne]}}
  Pool: {Type: AWS::Cognito::UserPool}
  Api:
    Type: AWS::AppSync::GraphQLApi
    Properties: {Name: panther, AuthenticationType: AMAZON_COGNITO_USER_POOLS, UserPoolConfig: {UserPoolId: !Ref Pool}}
  Repo: {Type: AWS::ECR::Repository, Properties: {RepositoryName: panther-web}}
Outputs:
  SubnetOneId: {Value: !Ref SubnetOne}
  WebSecurityGroup: {Value: !GetAtt WebSg.GroupId}
  LoadBalancerUrl: {Value: !GetAtt Alb.DNSName}
  LoadBalancerFullName: {Value: !GetAtt Alb.LoadBalancerFullName}
  UserPoolId: {Value: !Ref Pool}
  GraphQLApiId: {Value: !GetAtt Api.ApiId}
  GraphQLApiEndpoint: {Value: !GetAtt Api.GraphQLUrl}
  ImageRegistryUri: {Value: !GetAtt Repo.RepositoryUri}
`

func TestCloudFormationKnownTypeShapes(t *testing.T) {
	e := startEnv(t)
	c := ctx(t)
	_, err := e.cfn.CreateStack(c, &cloudformation.CreateStackInput{StackName: aws.String("net"), TemplateBody: aws.String(networkTemplate)})
	must(t, err)
	waitCreate(t, e, "net")
	want := map[string]string{
		"SubnetOneId":          `^subnet-[0-9a-f]{17}$`,
		"WebSecurityGroup":     `^sg-[0-9a-f]{17}$`,
		"LoadBalancerUrl":      `^web-\d{10}\.us-east-1\.elb\.amazonaws\.com$`,
		"LoadBalancerFullName": `^app/web/[0-9a-f]{16}$`,
		"UserPoolId":           `^us-east-1_[0-9A-Za-z]{9}$`,
		"GraphQLApiId":         `^[0-9a-z]{26}$`,
		"GraphQLApiEndpoint":   `^http://127\.0\.0\.1:\d+/_appsync/[0-9a-z]{26}/graphql$`,
		"ImageRegistryUri":     `^000000000000\.dkr\.ecr\.us-east-1\.amazonaws\.com/panther-web$`,
	}
	for _, o := range describe(t, e, "net").Outputs {
		key, value := aws.ToString(o.OutputKey), aws.ToString(o.OutputValue)
		if !regexp.MustCompile(want[key]).MatchString(value) {
			t.Errorf("%s = %q, want %s", key, value, want[key])
		}
		delete(want, key)
	}
	if len(want) > 0 {
		t.Fatalf("missing outputs %v", want)
	}
}

// The web stack's tier: a task definition the service runs, behind a listener rule. The
// parameter is the image, so that an update changes the task definition.
const ecsTemplate = `
Parameters:
  Image: {Type: String}
Resources:
  Alb: {Type: AWS::ElasticLoadBalancingV2::LoadBalancer, Properties: {Name: web, Subnets: [subnet-1]}}
  Tg: {Type: AWS::ElasticLoadBalancingV2::TargetGroup, Properties: {Name: panther-web, Port: 8080, Protocol: HTTP, TargetType: ip}}
  Http:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties:
      LoadBalancerArn: !Ref Alb
      Port: 80
      Protocol: HTTP
      DefaultActions: [{Type: forward, TargetGroupArn: !Ref Tg}]
  Rule:
    Type: AWS::ElasticLoadBalancingV2::ListenerRule
    Properties:
      ListenerArn: !Ref Http
      Priority: 1
      Conditions: [{Field: path-pattern, PathPatternConfig: {Values: ['/*']}}]
      Actions: [{Type: forward, TargetGroupArn: !Ref Tg}]
  Cluster: {Type: AWS::ECS::Cluster, Properties: {ClusterName: panther-web-cluster}}
  Task:
    Type: AWS::ECS::TaskDefinition
    Properties:
      Family: panther-web
      RequiresCompatibilities: [FARGATE]
      NetworkMode: awsvpc
      Cpu: '512'
      Memory: '1024'
      ContainerDefinitions: [{Name: panther-web, Image: !Ref Image, PortMappings: [{ContainerPort: 8080}]}]
  Service:
    Type: AWS::ECS::Service
    DependsOn: Rule
    Properties:
      ServiceName: panther-web
      Cluster: !Ref Cluster
      LaunchType: FARGATE
      TaskDefinition: !Ref Task
      DesiredCount: 1
      LoadBalancers: [{ContainerName: panther-web, ContainerPort: 8080, TargetGroupArn: !Ref Tg}]
Outputs:
  LoadBalancer: {Value: !Ref Alb}
  Listener: {Value: !Ref Http}
  Rule: {Value: !Ref Rule}
  RuleArn: {Value: !GetAtt Rule.RuleArn}
  Task: {Value: !Ref Task}
  Service: {Value: !Ref Service}
  ServiceName: {Value: !GetAtt Service.Name}
`

func TestCloudFormationECSServiceShapes(t *testing.T) {
	e := startEnv(t)
	c := ctx(t)
	params := func(image string) []types.Parameter {
		return []types.Parameter{{ParameterKey: aws.String("Image"), ParameterValue: aws.String(image)}}
	}
	_, err := e.cfn.CreateStack(c, &cloudformation.CreateStackInput{StackName: aws.String("web"),
		TemplateBody: aws.String(ecsTemplate), Parameters: params("panther-web:1.16.0")})
	must(t, err)
	waitCreate(t, e, "web")
	outputs := func() map[string]string {
		out := map[string]string{}
		for _, o := range describe(t, e, "web").Outputs {
			out[aws.ToString(o.OutputKey)] = aws.ToString(o.OutputValue)
		}
		return out
	}
	first := outputs()
	lb := strings.TrimPrefix(first["LoadBalancer"], "arn:aws:elasticloadbalancing:us-east-1:000000000000:loadbalancer/")
	want := map[string]string{
		"Listener":    `^arn:aws:elasticloadbalancing:us-east-1:000000000000:listener/` + regexp.QuoteMeta(lb) + `/[0-9a-f]{16}$`,
		"Rule":        `^arn:aws:elasticloadbalancing:us-east-1:000000000000:listener-rule/` + regexp.QuoteMeta(lb) + `/[0-9a-f]{16}/[0-9a-f]{16}$`,
		"Task":        `^arn:aws:ecs:us-east-1:000000000000:task-definition/panther-web:1$`,
		"Service":     `^arn:aws:ecs:us-east-1:000000000000:service/panther-web-cluster/panther-web$`,
		"ServiceName": `^panther-web$`,
	}
	for key, pattern := range want {
		if !regexp.MustCompile(pattern).MatchString(first[key]) {
			t.Errorf("%s = %q, want %s", key, first[key], pattern)
		}
	}
	if !strings.HasPrefix(first["Rule"], strings.Replace(first["Listener"], ":listener/", ":listener-rule/", 1)+"/") || first["RuleArn"] != first["Rule"] {
		t.Errorf("rule %q (RuleArn %q) is not a rule of listener %q", first["Rule"], first["RuleArn"], first["Listener"])
	}

	// A new image is a new revision of the family, which the same service then runs.
	_, err = e.cfn.UpdateStack(c, &cloudformation.UpdateStackInput{StackName: aws.String("web"),
		TemplateBody: aws.String(ecsTemplate), Parameters: params("panther-web:1.17.0")})
	must(t, err)
	if s := waitStatus(t, e, "web"); s.StackStatus != types.StackStatusUpdateComplete {
		t.Fatalf("update ended in %s: %s", s.StackStatus, eventSummary(t, e, "web"))
	}
	second := outputs()
	if got, want := second["Task"], strings.TrimSuffix(first["Task"], ":1")+":2"; got != want {
		t.Errorf("task definition after the update %q, want %q", got, want)
	}
	for _, key := range []string{"Service", "Rule", "Listener"} {
		if second[key] != first[key] {
			t.Errorf("%s changed from %q to %q; only the task definition is replaced", key, first[key], second[key])
		}
	}
}
