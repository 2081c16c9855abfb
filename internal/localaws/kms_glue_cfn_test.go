package localaws_test

import (
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	cfntypes "github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
	"github.com/aws/aws-sdk-go-v2/service/glue"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	kmstypes "github.com/aws/aws-sdk-go-v2/service/kms/types"

	"github.com/panther-operator/panther-operator/internal/localaws"
)

const keyTemplate = `
Parameters:
  Description: {Type: String, Default: panther data}
Resources:
  Key:
    Type: AWS::KMS::Key
    Properties:
      Description: !Ref Description
      PendingWindowInDays: 7
      KeyPolicy:
        Version: "2012-10-17"
        Statement: [{Effect: Allow, Principal: {AWS: !Sub "arn:aws:iam::${AWS::AccountId}:root"}, Action: "kms:*", Resource: "*"}]
      Tags: [{Key: app, Value: panther}]
  Alias:
    Type: AWS::KMS::Alias
    Properties:
      AliasName: alias/panther-data
      TargetKeyId: !GetAtt Key.Arn
Outputs:
  KeyId: {Value: !Ref Key}
  KeyArn: {Value: !GetAtt Key.Arn}
  GetAttKeyId: {Value: !GetAtt Key.KeyId}
  Alias: {Value: !Ref Alias}
`

func TestKMSCloudFormationKeyAndAlias(t *testing.T) {
	e := startEnv(t)
	c := ctx(t)
	_, err := e.cfn.CreateStack(c, &cloudformation.CreateStackInput{StackName: aws.String("keys"), TemplateBody: aws.String(keyTemplate)})
	must(t, err)
	waitCreate(t, e, "keys")
	out := stackOutputs(t, e, "keys")
	if out["KeyId"] != out["GetAttKeyId"] || out["KeyArn"] != "arn:aws:kms:us-east-1:000000000000:key/"+out["KeyId"] || out["Alias"] != "alias/panther-data" {
		t.Fatalf("outputs %v", out)
	}
	enc, err := e.kms.Encrypt(c, &kms.EncryptInput{KeyId: aws.String("alias/panther-data"), Plaintext: []byte("x")})
	must(t, err)
	if aws.ToString(enc.KeyId) != out["KeyArn"] {
		t.Fatalf("alias encrypts under %s", aws.ToString(enc.KeyId))
	}
	d, err := e.kms.DescribeKey(c, &kms.DescribeKeyInput{KeyId: aws.String(out["KeyId"])})
	must(t, err)
	if aws.ToString(d.KeyMetadata.Description) != "panther data" {
		t.Fatalf("key %+v", d.KeyMetadata)
	}

	_, err = e.cfn.UpdateStack(c, &cloudformation.UpdateStackInput{StackName: aws.String("keys"), TemplateBody: aws.String(keyTemplate),
		Parameters: params("Description", "renamed")})
	must(t, err)
	if st := waitStatus(t, e, "keys"); st.StackStatus != cfntypes.StackStatusUpdateComplete {
		t.Fatalf("update: %s %s", st.StackStatus, eventSummary(t, e, "keys"))
	}
	d, err = e.kms.DescribeKey(c, &kms.DescribeKeyInput{KeyId: aws.String(out["KeyId"])})
	must(t, err)
	if aws.ToString(d.KeyMetadata.Description) != "renamed" {
		t.Fatalf("key after update %+v", d.KeyMetadata)
	}

	// Deleting the stack drops the alias and schedules the key's deletion.
	_, err = e.cfn.DeleteStack(c, &cloudformation.DeleteStackInput{StackName: aws.String("keys")})
	must(t, err)
	waitDeleted(t, e, "keys")
	d, err = e.kms.DescribeKey(c, &kms.DescribeKeyInput{KeyId: aws.String(out["KeyId"])})
	must(t, err)
	if d.KeyMetadata.KeyState != kmstypes.KeyStatePendingDeletion || aws.ToInt32(d.KeyMetadata.PendingDeletionWindowInDays) != 7 {
		t.Fatalf("key after stack deletion %+v", d.KeyMetadata)
	}
	_, err = e.kms.DescribeKey(c, &kms.DescribeKeyInput{KeyId: aws.String("alias/panther-data")})
	wantCode(t, err, "NotFoundException")
}

const glueTemplate = `
Resources:
  Database:
    Type: AWS::Glue::Database
    Properties:
      CatalogId: !Ref AWS::AccountId
      DatabaseInput: {Name: Panther_Logs, Description: parsed logs}
  Table:
    Type: AWS::Glue::Table
    Properties:
      CatalogId: !Ref AWS::AccountId
      DatabaseName: !Ref Database
      TableInput:
        Name: aws_cloudtrail
        TableType: EXTERNAL_TABLE
        Parameters: {classification: json}
        PartitionKeys: [{Name: year, Type: int}, {Name: month, Type: int}]
        StorageDescriptor:
          Location: s3://processed/logs/aws_cloudtrail/
          Columns: [{Name: eventName, Type: string}]
          NumberOfBuckets: -1
          Compressed: false
          SerdeInfo: {SerializationLibrary: org.openx.data.jsonserde.JsonSerDe}
Outputs:
  Database: {Value: !Ref Database}
  Table: {Value: !Ref Table}
`

func TestGlueCloudFormationDatabaseAndTable(t *testing.T) {
	e := startEnv(t)
	c := ctx(t)
	_, err := e.cfn.CreateStack(c, &cloudformation.CreateStackInput{StackName: aws.String("catalog"), TemplateBody: aws.String(glueTemplate)})
	must(t, err)
	waitCreate(t, e, "catalog")
	out := stackOutputs(t, e, "catalog")
	if out["Database"] != "panther_logs" || out["Table"] != "aws_cloudtrail" {
		t.Fatalf("outputs %v", out)
	}
	got, err := e.glue.GetTable(c, &glue.GetTableInput{DatabaseName: aws.String("panther_logs"), Name: aws.String("aws_cloudtrail")})
	must(t, err)
	if len(got.Table.PartitionKeys) != 2 || aws.ToString(got.Table.StorageDescriptor.Location) != "s3://processed/logs/aws_cloudtrail/" ||
		got.Table.StorageDescriptor.NumberOfBuckets != -1 || got.Table.Parameters["classification"] != "json" {
		t.Fatalf("table %+v", got.Table)
	}
	_, err = e.cfn.DeleteStack(c, &cloudformation.DeleteStackInput{StackName: aws.String("catalog")})
	must(t, err)
	waitDeleted(t, e, "catalog")
	_, err = e.glue.GetDatabase(c, &glue.GetDatabaseInput{Name: aws.String("panther_logs")})
	wantCode(t, err, "EntityNotFoundException")
}

// TestKMSAndGlueStatePersistAcrossRestart decrypts after a restart with
// the key material from the state file, and finds the catalog again.
func TestKMSAndGlueStatePersistAcrossRestart(t *testing.T) {
	path := t.TempDir() + "/state.json"
	first := startEnv(t, func(o *localaws.Options) { o.StateFile = path })
	md := createKey(t, first)
	_, err := first.kms.CreateAlias(ctx(t), &kms.CreateAliasInput{AliasName: aws.String("alias/kept"), TargetKeyId: md.KeyId})
	must(t, err)
	enc, err := first.kms.Encrypt(ctx(t), &kms.EncryptInput{KeyId: aws.String("alias/kept"), Plaintext: []byte("durable"),
		EncryptionContext: map[string]string{"k": "v"}})
	must(t, err)
	createGlueTable(t, first, "kept", "t")
	must(t, first.srv.Close())

	srv, err := localaws.Start("127.0.0.1:0", localaws.Options{StateFile: path, ZeroLatency: true})
	must(t, err)
	t.Cleanup(func() { _ = srv.Close() })
	second := newEnv(t, srv, "AKIDEXAMPLE")
	dec, err := second.kms.Decrypt(ctx(t), &kms.DecryptInput{CiphertextBlob: enc.CiphertextBlob, EncryptionContext: map[string]string{"k": "v"}})
	must(t, err)
	if string(dec.Plaintext) != "durable" {
		t.Fatalf("plaintext %q", dec.Plaintext)
	}
	_, err = second.glue.GetTable(ctx(t), &glue.GetTableInput{DatabaseName: aws.String("kept"), Name: aws.String("t")})
	must(t, err)
	must(t, second.admin.Reset(ctx(t)))
	_, err = second.kms.DescribeKey(ctx(t), &kms.DescribeKeyInput{KeyId: aws.String("alias/kept")})
	wantCode(t, err, "NotFoundException")
	_, err = second.glue.GetDatabase(ctx(t), &glue.GetDatabaseInput{Name: aws.String("kept")})
	wantCode(t, err, "EntityNotFoundException")
}

// waitDeleted waits for a stack's deletion.
func waitDeleted(t *testing.T, e *env, name string) {
	t.Helper()
	w := cloudformation.NewStackDeleteCompleteWaiter(e.cfn, func(o *cloudformation.StackDeleteCompleteWaiterOptions) {
		o.MinDelay, o.MaxDelay = 5*time.Millisecond, 20*time.Millisecond
	})
	if err := w.Wait(ctx(t), &cloudformation.DescribeStacksInput{StackName: aws.String(name)}, 30*time.Second); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
}
