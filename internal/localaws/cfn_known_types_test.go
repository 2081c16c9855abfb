package localaws_test

import (
	"regexp"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
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
