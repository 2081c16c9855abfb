package awsx

import (
	"context"
	"errors"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/kms"

	"github.com/panther-operator/panther-operator/lambdas/api/outputsapi"
	"github.com/panther-operator/panther-operator/lambdas/outputs"
)

// OutputTable is the panther-outputs table, keyed by outputId.
type OutputTable struct {
	Client *dynamodb.Client
	Name   string
}

// CreateOutput writes a new item; outputs.ErrExists when its ID is taken.
func (t *OutputTable) CreateOutput(ctx context.Context, item *outputs.Item) error {
	return t.put(ctx, item, "attribute_not_exists(outputId)", outputs.ErrExists)
}

// ReplaceOutput rewrites an existing item; outputs.ErrNotFound when there is none (deleted
// meanwhile).
func (t *OutputTable) ReplaceOutput(ctx context.Context, item *outputs.Item) error {
	return t.put(ctx, item, "attribute_exists(outputId)", outputs.ErrNotFound)
}

func (t *OutputTable) put(ctx context.Context, item *outputs.Item, condition string, failed error) error {
	av, err := attributevalue.MarshalMap(item)
	if err != nil {
		return err
	}
	_, err = t.Client.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(t.Name), Item: av, ConditionExpression: aws.String(condition)})
	var conditionFailed *ddbtypes.ConditionalCheckFailedException
	if errors.As(err, &conditionFailed) {
		return failed
	}
	return err
}

// GetOutput reads one; outputs.ErrNotFound when there is none.
func (t *OutputTable) GetOutput(ctx context.Context, id string) (*outputs.Item, error) {
	out, err := t.Client.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String(t.Name), ConsistentRead: aws.Bool(true), Key: outputKey(id)})
	if err != nil {
		return nil, err
	}
	if out.Item == nil {
		return nil, outputs.ErrNotFound
	}
	var item outputs.Item
	return &item, attributevalue.UnmarshalMap(out.Item, &item)
}

// ListOutputs scans the table.
func (t *OutputTable) ListOutputs(ctx context.Context) ([]outputs.Item, error) {
	var all []outputs.Item
	p := dynamodb.NewScanPaginator(t.Client, &dynamodb.ScanInput{TableName: aws.String(t.Name), ConsistentRead: aws.Bool(true)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		var items []outputs.Item
		if err := attributevalue.UnmarshalListOfMaps(page.Items, &items); err != nil {
			return nil, err
		}
		all = append(all, items...)
	}
	return all, nil
}

// DeleteOutput removes one; outputs.ErrNotFound when there is none.
func (t *OutputTable) DeleteOutput(ctx context.Context, id string) error {
	_, err := t.Client.DeleteItem(ctx, &dynamodb.DeleteItemInput{TableName: aws.String(t.Name), Key: outputKey(id),
		ConditionExpression: aws.String("attribute_exists(outputId)")})
	var conditionFailed *ddbtypes.ConditionalCheckFailedException
	if errors.As(err, &conditionFailed) {
		return outputs.ErrNotFound
	}
	return err
}

func outputKey(id string) map[string]ddbtypes.AttributeValue {
	return map[string]ddbtypes.AttributeValue{"outputId": &ddbtypes.AttributeValueMemberS{Value: id}}
}

// KMSKey encrypts with a KMS key (an ID, ARN or alias/...). Decryption needs no key ID: the
// ciphertext names its key, so configs sealed before the alias moved still open.
type KMSKey struct {
	Client *kms.Client
	KeyID  string
}

// Encrypt seals plaintext (at most 4 KiB, KMS's limit for direct encryption).
func (k *KMSKey) Encrypt(ctx context.Context, plaintext []byte) ([]byte, error) {
	out, err := k.Client.Encrypt(ctx, &kms.EncryptInput{KeyId: aws.String(k.KeyID), Plaintext: plaintext})
	if err != nil {
		return nil, err
	}
	return out.CiphertextBlob, nil
}

// Decrypt opens a ciphertext Encrypt made.
func (k *KMSKey) Decrypt(ctx context.Context, ciphertext []byte) ([]byte, error) {
	out, err := k.Client.Decrypt(ctx, &kms.DecryptInput{CiphertextBlob: ciphertext})
	if err != nil {
		return nil, err
	}
	return out.Plaintext, nil
}

// OutputsAPI is panther-outputs-api as the delivery function uses it.
type OutputsAPI struct{ Function }

// OutputsWithSecrets lists every output with its secrets.
func (o *OutputsAPI) OutputsWithSecrets(ctx context.Context) ([]outputsapi.Output, error) {
	var out []outputsapi.Output
	err := o.Call(ctx, outputsapi.Request{GetOutputsWithSecrets: &outputsapi.GetOutputsWithSecretsInput{}}, &out)
	return out, err
}
