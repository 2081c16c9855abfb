package localaws_test

import (
	"bytes"
	"errors"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/kms/types"
	"github.com/panther-operator/panther-operator/internal/localaws/admin"
)

func createKey(t *testing.T, e *env) *types.KeyMetadata {
	t.Helper()
	out, err := e.kms.CreateKey(ctx(t), &kms.CreateKeyInput{Description: aws.String("log data"),
		Tags: []types.Tag{{TagKey: aws.String("team"), TagValue: aws.String("detections")}}})
	must(t, err)
	return out.KeyMetadata
}

func TestKMSCreateDescribeListKeys(t *testing.T) {
	e := startEnv(t)
	c := ctx(t)
	md := createKey(t, e)
	if md.KeyState != types.KeyStateEnabled || !md.Enabled || md.KeySpec != types.KeySpecSymmetricDefault ||
		aws.ToString(md.Arn) != "arn:aws:kms:us-east-1:000000000000:key/"+aws.ToString(md.KeyId) || md.CreationDate == nil {
		t.Fatalf("metadata %+v", md)
	}
	d, err := e.kms.DescribeKey(c, &kms.DescribeKeyInput{KeyId: md.Arn})
	must(t, err)
	if aws.ToString(d.KeyMetadata.Description) != "log data" {
		t.Fatalf("describe %+v", d.KeyMetadata)
	}
	createKey(t, e)
	l, err := e.kms.ListKeys(c, &kms.ListKeysInput{Limit: aws.Int32(1)})
	must(t, err)
	if len(l.Keys) != 1 || !l.Truncated {
		t.Fatalf("first page %+v", l)
	}
	l, err = e.kms.ListKeys(c, &kms.ListKeysInput{Marker: l.NextMarker})
	must(t, err)
	if len(l.Keys) != 1 || l.Truncated {
		t.Fatalf("second page %+v", l)
	}
	p, err := e.kms.GetKeyPolicy(c, &kms.GetKeyPolicyInput{KeyId: md.KeyId})
	must(t, err)
	if !bytes.Contains([]byte(aws.ToString(p.Policy)), []byte("arn:aws:iam::000000000000:root")) {
		t.Fatalf("policy %s", aws.ToString(p.Policy))
	}
	tags, err := e.kms.ListResourceTags(c, &kms.ListResourceTagsInput{KeyId: md.KeyId})
	must(t, err)
	if len(tags.Tags) != 1 || aws.ToString(tags.Tags[0].TagValue) != "detections" {
		t.Fatalf("tags %+v", tags.Tags)
	}
	_, err = e.kms.DescribeKey(c, &kms.DescribeKeyInput{KeyId: aws.String("11111111-2222-3333-4444-555555555555")})
	wantCode(t, err, "NotFoundException")
	var nf *types.NotFoundException
	if !errors.As(err, &nf) {
		t.Fatalf("want typed NotFoundException, got %T", err)
	}
}

func TestKMSEncryptDecryptRoundTrip(t *testing.T) {
	e := startEnv(t)
	c := ctx(t)
	md := createKey(t, e)
	ec := map[string]string{"stream": "alerts"}
	enc, err := e.kms.Encrypt(c, &kms.EncryptInput{KeyId: md.KeyId, Plaintext: []byte("secret"), EncryptionContext: ec})
	must(t, err)
	if bytes.Contains(enc.CiphertextBlob, []byte("secret")) || aws.ToString(enc.KeyId) != aws.ToString(md.Arn) {
		t.Fatalf("encrypt %+v", enc)
	}
	// Decrypt needs no key ID: the blob names its key.
	dec, err := e.kms.Decrypt(c, &kms.DecryptInput{CiphertextBlob: enc.CiphertextBlob, EncryptionContext: ec})
	must(t, err)
	if string(dec.Plaintext) != "secret" || aws.ToString(dec.KeyId) != aws.ToString(md.Arn) {
		t.Fatalf("decrypt %+v", dec)
	}
	// Two encryptions of the same plaintext differ (fresh nonces).
	enc2, err := e.kms.Encrypt(c, &kms.EncryptInput{KeyId: md.KeyId, Plaintext: []byte("secret"), EncryptionContext: ec})
	must(t, err)
	if bytes.Equal(enc.CiphertextBlob, enc2.CiphertextBlob) {
		t.Fatal("ciphertexts repeat")
	}
	// A tampered blob is refused.
	bad := bytes.Clone(enc.CiphertextBlob)
	bad[len(bad)-1] ^= 1
	_, err = e.kms.Decrypt(c, &kms.DecryptInput{CiphertextBlob: bad, EncryptionContext: ec})
	wantCode(t, err, "InvalidCiphertextException")
	// A key ID that is not the blob's is refused.
	other := createKey(t, e)
	_, err = e.kms.Decrypt(c, &kms.DecryptInput{CiphertextBlob: enc.CiphertextBlob, EncryptionContext: ec, KeyId: other.KeyId})
	wantCode(t, err, "IncorrectKeyException")
}

func TestKMSWrongEncryptionContextFails(t *testing.T) {
	e := startEnv(t)
	c := ctx(t)
	md := createKey(t, e)
	enc, err := e.kms.Encrypt(c, &kms.EncryptInput{KeyId: md.KeyId, Plaintext: []byte("secret"),
		EncryptionContext: map[string]string{"tenant": "a"}})
	must(t, err)
	for _, ec := range []map[string]string{nil, {"tenant": "b"}, {"tenant": "a", "extra": "x"}} {
		_, err = e.kms.Decrypt(c, &kms.DecryptInput{CiphertextBlob: enc.CiphertextBlob, EncryptionContext: ec})
		wantCode(t, err, "InvalidCiphertextException")
	}
}

func TestKMSDisabledAndPendingDeletionKeysRefuseUse(t *testing.T) {
	e := startEnv(t)
	c := ctx(t)
	md := createKey(t, e)
	enc, err := e.kms.Encrypt(c, &kms.EncryptInput{KeyId: md.KeyId, Plaintext: []byte("x")})
	must(t, err)
	_, err = e.kms.DisableKey(c, &kms.DisableKeyInput{KeyId: md.KeyId})
	must(t, err)
	_, err = e.kms.Encrypt(c, &kms.EncryptInput{KeyId: md.KeyId, Plaintext: []byte("x")})
	wantCode(t, err, "DisabledException")
	_, err = e.kms.Decrypt(c, &kms.DecryptInput{CiphertextBlob: enc.CiphertextBlob})
	wantCode(t, err, "DisabledException")
	_, err = e.kms.EnableKey(c, &kms.EnableKeyInput{KeyId: md.KeyId})
	must(t, err)

	s, err := e.kms.ScheduleKeyDeletion(c, &kms.ScheduleKeyDeletionInput{KeyId: md.KeyId, PendingWindowInDays: aws.Int32(7)})
	must(t, err)
	if s.KeyState != types.KeyStatePendingDeletion || aws.ToInt32(s.PendingWindowInDays) != 7 || s.DeletionDate == nil {
		t.Fatalf("schedule %+v", s)
	}
	_, err = e.kms.Decrypt(c, &kms.DecryptInput{CiphertextBlob: enc.CiphertextBlob})
	wantCode(t, err, "KMSInvalidStateException")
	_, err = e.kms.EnableKey(c, &kms.EnableKeyInput{KeyId: md.KeyId})
	wantCode(t, err, "KMSInvalidStateException")
	_, err = e.kms.ScheduleKeyDeletion(c, &kms.ScheduleKeyDeletionInput{KeyId: md.KeyId, PendingWindowInDays: aws.Int32(3)})
	wantCode(t, err, "ValidationException")

	// Cancelling leaves the key disabled, as on AWS.
	_, err = e.kms.CancelKeyDeletion(c, &kms.CancelKeyDeletionInput{KeyId: md.KeyId})
	must(t, err)
	d, err := e.kms.DescribeKey(c, &kms.DescribeKeyInput{KeyId: md.KeyId})
	must(t, err)
	if d.KeyMetadata.KeyState != types.KeyStateDisabled {
		t.Fatalf("state %s", d.KeyMetadata.KeyState)
	}
}

func TestKMSAliasResolution(t *testing.T) {
	e := startEnv(t)
	c := ctx(t)
	first, second := createKey(t, e), createKey(t, e)
	_, err := e.kms.CreateAlias(c, &kms.CreateAliasInput{AliasName: aws.String("alias/panther"), TargetKeyId: first.Arn})
	must(t, err)
	_, err = e.kms.CreateAlias(c, &kms.CreateAliasInput{AliasName: aws.String("alias/panther"), TargetKeyId: first.KeyId})
	wantCode(t, err, "AlreadyExistsException")
	_, err = e.kms.CreateAlias(c, &kms.CreateAliasInput{AliasName: aws.String("alias/aws/s3"), TargetKeyId: first.KeyId})
	wantCode(t, err, "NotAuthorizedException")

	aliasArn := "arn:aws:kms:us-east-1:000000000000:alias/panther"
	for _, ref := range []string{aws.ToString(first.KeyId), aws.ToString(first.Arn), "alias/panther", aliasArn} {
		enc, err := e.kms.Encrypt(c, &kms.EncryptInput{KeyId: aws.String(ref), Plaintext: []byte("x")})
		must(t, err)
		if aws.ToString(enc.KeyId) != aws.ToString(first.Arn) {
			t.Fatalf("%s resolved to %s", ref, aws.ToString(enc.KeyId))
		}
	}
	_, err = e.kms.UpdateAlias(c, &kms.UpdateAliasInput{AliasName: aws.String("alias/panther"), TargetKeyId: second.KeyId})
	must(t, err)
	d, err := e.kms.DescribeKey(c, &kms.DescribeKeyInput{KeyId: aws.String("alias/panther")})
	must(t, err)
	if aws.ToString(d.KeyMetadata.KeyId) != aws.ToString(second.KeyId) {
		t.Fatalf("alias points at %s", aws.ToString(d.KeyMetadata.KeyId))
	}
	l, err := e.kms.ListAliases(c, &kms.ListAliasesInput{KeyId: second.KeyId})
	must(t, err)
	if len(l.Aliases) != 1 || aws.ToString(l.Aliases[0].AliasArn) != aliasArn {
		t.Fatalf("aliases %+v", l.Aliases)
	}
	_, err = e.kms.DeleteAlias(c, &kms.DeleteAliasInput{AliasName: aws.String("alias/panther")})
	must(t, err)
	_, err = e.kms.Encrypt(c, &kms.EncryptInput{KeyId: aws.String("alias/panther"), Plaintext: []byte("x")})
	wantCode(t, err, "NotFoundException")
}

func TestKMSDataKeysDecryptToTheSamePlaintext(t *testing.T) {
	e := startEnv(t)
	c := ctx(t)
	md := createKey(t, e)
	ec := map[string]string{"purpose": "s3"}
	dk, err := e.kms.GenerateDataKey(c, &kms.GenerateDataKeyInput{KeyId: md.KeyId, KeySpec: types.DataKeySpecAes256, EncryptionContext: ec})
	must(t, err)
	if len(dk.Plaintext) != 32 {
		t.Fatalf("data key of %d bytes", len(dk.Plaintext))
	}
	dec, err := e.kms.Decrypt(c, &kms.DecryptInput{CiphertextBlob: dk.CiphertextBlob, EncryptionContext: ec})
	must(t, err)
	if !bytes.Equal(dec.Plaintext, dk.Plaintext) {
		t.Fatal("data key does not decrypt to its plaintext")
	}
	for spec, n := range map[types.DataKeySpec]int{types.DataKeySpecAes128: 16} {
		out, err := e.kms.GenerateDataKeyWithoutPlaintext(c, &kms.GenerateDataKeyWithoutPlaintextInput{KeyId: md.KeyId, KeySpec: spec})
		must(t, err)
		dec, err := e.kms.Decrypt(c, &kms.DecryptInput{CiphertextBlob: out.CiphertextBlob})
		must(t, err)
		if len(dec.Plaintext) != n {
			t.Fatalf("%s: %d bytes", spec, len(dec.Plaintext))
		}
	}
	nb, err := e.kms.GenerateDataKey(c, &kms.GenerateDataKeyInput{KeyId: md.KeyId, NumberOfBytes: aws.Int32(64)})
	must(t, err)
	if len(nb.Plaintext) != 64 {
		t.Fatalf("NumberOfBytes: %d bytes", len(nb.Plaintext))
	}
	_, err = e.kms.GenerateDataKey(c, &kms.GenerateDataKeyInput{KeyId: md.KeyId})
	wantCode(t, err, "ValidationException")

	// ReEncrypt moves the data key under another key and context.
	other := createKey(t, e)
	re, err := e.kms.ReEncrypt(c, &kms.ReEncryptInput{CiphertextBlob: dk.CiphertextBlob, SourceEncryptionContext: ec,
		DestinationKeyId: other.KeyId, DestinationEncryptionContext: map[string]string{"purpose": "archive"}})
	must(t, err)
	if aws.ToString(re.SourceKeyId) != aws.ToString(md.Arn) || aws.ToString(re.KeyId) != aws.ToString(other.Arn) {
		t.Fatalf("reencrypt %+v", re)
	}
	dec, err = e.kms.Decrypt(c, &kms.DecryptInput{CiphertextBlob: re.CiphertextBlob, EncryptionContext: map[string]string{"purpose": "archive"}})
	must(t, err)
	if !bytes.Equal(dec.Plaintext, dk.Plaintext) || aws.ToString(dec.KeyId) != aws.ToString(other.Arn) {
		t.Fatal("re-encrypted data key differs")
	}
}

func TestKMSFaultInjectionAndRequestLog(t *testing.T) {
	e := startEnv(t)
	c := ctx(t)
	md := createKey(t, e)
	_, err := e.admin.AddFault(c, admin.FaultRule{Service: "kms", Operation: "Encrypt", Resource: aws.ToString(md.KeyId),
		ErrorCode: "ThrottlingException", Count: 1})
	must(t, err)
	_, err = e.kms.Encrypt(c, &kms.EncryptInput{KeyId: md.KeyId, Plaintext: []byte("x")}, func(o *kms.Options) { o.RetryMaxAttempts = 1 })
	wantCode(t, err, "ThrottlingException")
	_, err = e.kms.Encrypt(c, &kms.EncryptInput{KeyId: md.KeyId, Plaintext: []byte("x")})
	must(t, err)
	log, err := e.admin.Requests(c)
	must(t, err)
	n := 0
	for _, r := range log {
		if r.Service == "kms" && r.Operation == "Encrypt" && r.Resource == aws.ToString(md.KeyId) {
			n++
		}
	}
	if n != 2 {
		t.Fatalf("%d Encrypt records", n)
	}
}
