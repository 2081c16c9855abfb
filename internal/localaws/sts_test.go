package localaws_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/panther-operator/panther-operator/internal/localaws/admin"
)

func TestSTSCallerIdentityAndAccounts(t *testing.T) {
	e := startEnv(t)
	out, err := e.sts.GetCallerIdentity(ctx(t), &sts.GetCallerIdentityInput{})
	must(t, err)
	if aws.ToString(out.Account) != "000000000000" {
		t.Fatalf("default account: got %s", aws.ToString(out.Account))
	}
	other := newEnv(t, e.srv, "123456789012")
	out, err = other.sts.GetCallerIdentity(ctx(t), &sts.GetCallerIdentityInput{})
	must(t, err)
	if aws.ToString(out.Account) != "123456789012" {
		t.Fatalf("12-digit key account: got %s", aws.ToString(out.Account))
	}
}

func TestSTSAssumeRoleWithExternalID(t *testing.T) {
	e := startEnv(t)
	role := "arn:aws:iam::111122223333:role/deployer"
	_, err := e.sts.AssumeRole(ctx(t), &sts.AssumeRoleInput{RoleArn: aws.String(role), RoleSessionName: aws.String("s")})
	wantCode(t, err, "AccessDenied")

	must(t, e.admin.PutRoleTrust(ctx(t), admin.RoleTrust{RoleArn: role, ExternalID: "secret-id"}))
	_, err = e.sts.AssumeRole(ctx(t), &sts.AssumeRoleInput{RoleArn: aws.String(role), RoleSessionName: aws.String("s"), ExternalId: aws.String("wrong")})
	wantCode(t, err, "AccessDenied")

	out, err := e.sts.AssumeRole(ctx(t), &sts.AssumeRoleInput{RoleArn: aws.String(role), RoleSessionName: aws.String("s"), ExternalId: aws.String("secret-id")})
	must(t, err)
	assumed := newEnv(t, e.srv, aws.ToString(out.Credentials.AccessKeyId))
	id, err := assumed.sts.GetCallerIdentity(ctx(t), &sts.GetCallerIdentityInput{})
	must(t, err)
	if aws.ToString(id.Account) != "111122223333" || aws.ToString(id.Arn) != "arn:aws:sts::111122223333:assumed-role/deployer/s" {
		t.Fatalf("assumed identity: %s %s", aws.ToString(id.Account), aws.ToString(id.Arn))
	}
}
