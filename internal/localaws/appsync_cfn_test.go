package localaws_test

import (
	"bytes"
	"net/http"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	cfntypes "github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// graphQLStackTemplate is a user pool and client, a GraphQL API authorised by the pool with
// its schema (read from S3), a Lambda data source and resolver, and an API key.
const graphQLStackTemplate = `
Resources:
  Pool:
    Type: AWS::Cognito::UserPool
    Properties: {UserPoolName: app-users, UsernameAttributes: [email]}
  Client:
    Type: AWS::Cognito::UserPoolClient
    Properties: {UserPoolId: !Ref Pool, ExplicitAuthFlows: [ALLOW_USER_PASSWORD_AUTH, ALLOW_REFRESH_TOKEN_AUTH]}
  Admins:
    Type: AWS::Cognito::UserPoolGroup
    Properties: {UserPoolId: !Ref Pool, GroupName: Admin}
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}]}
  Resolver:
    Type: AWS::Lambda::Function
    Properties:
      FunctionName: resolver
      Runtime: provided.al2023
      Handler: bootstrap
      Role: !GetAtt Role.Arn
      Code: {S3Bucket: code, S3Key: gofn.zip}
  Api:
    Type: AWS::AppSync::GraphQLApi
    Properties:
      Name: items
      AuthenticationType: AMAZON_COGNITO_USER_POOLS
      UserPoolConfig: {UserPoolId: !Ref Pool, AwsRegion: !Ref "AWS::Region", DefaultAction: ALLOW}
  Schema:
    Type: AWS::AppSync::GraphQLSchema
    Properties: {ApiId: !GetAtt Api.ApiId, DefinitionS3Location: s3://code/schema.graphql}
  Source:
    Type: AWS::AppSync::DataSource
    Properties:
      ApiId: !GetAtt Api.ApiId
      Name: fn
      Type: AWS_LAMBDA
      LambdaConfig: {LambdaFunctionArn: !GetAtt Resolver.Arn}
  ItemResolver:
    Type: AWS::AppSync::Resolver
    DependsOn: Schema
    Properties: {ApiId: !GetAtt Api.ApiId, TypeName: Query, FieldName: item, DataSourceName: !GetAtt Source.Name}
  Key:
    Type: AWS::AppSync::ApiKey
    Properties: {ApiId: !GetAtt Api.ApiId}
Outputs:
  PoolId: {Value: !Ref Pool}
  ClientId: {Value: !Ref Client}
  Url: {Value: !GetAtt Api.GraphQLUrl}
  ApiArn: {Value: !Ref Api}
  ApiKey: {Value: !GetAtt Key.ApiKey}
  ResolverArn: {Value: !Ref ItemResolver}
`

func TestAppSyncCloudFormationStackServesQueries(t *testing.T) {
	e := startEnv(t)
	c := ctx(t)
	code, err := goFunctionZip()
	must(t, err)
	mustCreateBucket(t, e, "code")
	for key, body := range map[string][]byte{"gofn.zip": code, "schema.graphql": []byte(itemSchema)} {
		_, err := e.s3.PutObject(c, &s3.PutObjectInput{Bucket: aws.String("code"), Key: aws.String(key), Body: bytes.NewReader(body)})
		must(t, err)
	}
	_, err = e.cfn.CreateStack(c, &cloudformation.CreateStackInput{StackName: aws.String("graphql"),
		TemplateBody: aws.String(graphQLStackTemplate), Capabilities: []cfntypes.Capability{cfntypes.CapabilityCapabilityIam}})
	must(t, err)
	waitCreate(t, e, "graphql")
	out := stackOutputs(t, e, "graphql")
	if !strings.HasPrefix(out["Url"], e.srv.URL()+"/_appsync/") || !strings.Contains(out["ApiArn"], ":appsync:us-east-1:000000000000:apis/") ||
		!strings.HasSuffix(out["ResolverArn"], "/types/Query/resolvers/item") || !strings.HasPrefix(out["ApiKey"], "da2-") {
		t.Fatalf("outputs = %v", out)
	}
	tokens := firstSignIn(t, e, out["PoolId"], out["ClientId"], "eve@example.com", "Admin")
	status, doc := graphql(t, out["Url"], map[string]string{"Authorization": aws.ToString(tokens.AccessToken)},
		`{ item(id: "s1") { id owner { groups } } }`, nil)
	if status != http.StatusOK || jsonOf(doc) != `{"data":{"item":{"id":"s1","owner":{"groups":["Admin"]}}}}` {
		t.Fatalf("%d %s", status, jsonOf(doc))
	}
}
