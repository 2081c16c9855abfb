package localaws_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

func TestIAMRolesBackAssumeRole(t *testing.T) {
	e := startEnv(t)
	c := ctx(t)
	client := iam.NewFromConfig(e.cfg)
	trust := `{"Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"ext"}}}]}`
	out, err := client.CreateRole(c, &iam.CreateRoleInput{RoleName: aws.String("ops"), AssumeRolePolicyDocument: aws.String(trust)})
	must(t, err)
	if aws.ToString(out.Role.Arn) != "arn:aws:iam::000000000000:role/ops" {
		t.Fatalf("arn %s", aws.ToString(out.Role.Arn))
	}
	_, err = client.CreateRole(c, &iam.CreateRoleInput{RoleName: aws.String("ops"), AssumeRolePolicyDocument: aws.String(trust)})
	wantCode(t, err, "EntityAlreadyExists")
	_, err = client.GetRole(c, &iam.GetRoleInput{RoleName: aws.String("ops")})
	must(t, err)
	_, err = e.sts.AssumeRole(c, &sts.AssumeRoleInput{RoleArn: out.Role.Arn, RoleSessionName: aws.String("x"), ExternalId: aws.String("ext")})
	must(t, err)
	_, err = client.DeleteRole(c, &iam.DeleteRoleInput{RoleName: aws.String("ops")})
	must(t, err)
	_, err = client.GetRole(c, &iam.GetRoleInput{RoleName: aws.String("ops")})
	wantCode(t, err, "NoSuchEntity")
}
