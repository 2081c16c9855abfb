package awsx

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	analysis "github.com/panther-operator/panther-operator/lambdas/analysisapi"
)

// AnalysisTable is the panther-analysis table, keyed by id.
type AnalysisTable struct {
	Client *dynamodb.Client
	Name   string
}

var analysisJSONDecoding = func(o *attributevalue.DecoderOptions) { o.TagKey = "json" }

// Get reads one item.
func (t *AnalysisTable) Get(ctx context.Context, id string) (*analysis.Item, error) {
	out, err := t.Client.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String(t.Name), ConsistentRead: aws.Bool(true),
		Key: map[string]ddbtypes.AttributeValue{"id": &ddbtypes.AttributeValueMemberS{Value: id}}})
	if err != nil {
		return nil, err
	}
	if out.Item == nil {
		return nil, analysis.ErrNotFound
	}
	var item analysis.Item
	return &item, attributevalue.UnmarshalMapWithOptions(out.Item, &item, analysisJSONDecoding)
}

// Put writes an item.
func (t *AnalysisTable) Put(ctx context.Context, item *analysis.Item) error {
	av, err := attributevalue.MarshalMapWithOptions(item, jsonTags)
	if err != nil {
		return err
	}
	_, err = t.Client.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(t.Name), Item: av})
	return err
}

// Delete removes an item.
func (t *AnalysisTable) Delete(ctx context.Context, id string) error {
	_, err := t.Client.DeleteItem(ctx, &dynamodb.DeleteItemInput{TableName: aws.String(t.Name),
		Key: map[string]ddbtypes.AttributeValue{"id": &ddbtypes.AttributeValueMemberS{Value: id}}})
	return err
}

// List scans the table.
func (t *AnalysisTable) List(ctx context.Context) ([]analysis.Item, error) {
	var out []analysis.Item
	p := dynamodb.NewScanPaginator(t.Client, &dynamodb.ScanInput{TableName: aws.String(t.Name), ConsistentRead: aws.Bool(true)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		var items []analysis.Item
		if err := attributevalue.UnmarshalListOfMapsWithOptions(page.Items, &items, analysisJSONDecoding); err != nil {
			return nil, err
		}
		out = append(out, items...)
	}
	return out, nil
}

// AnalysisVersions keeps every version of an item as an object version of a versioned bucket
// (key = the item's ID).
type AnalysisVersions struct {
	Client *s3.Client
	Bucket string
}

// PutVersion writes a new version and returns its S3 VersionId.
func (v *AnalysisVersions) PutVersion(ctx context.Context, id string, body []byte) (string, error) {
	out, err := v.Client.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(v.Bucket), Key: aws.String(id),
		Body: bytes.NewReader(body), ContentLength: aws.Int64(int64(len(body))), ContentType: aws.String("application/json")})
	if err != nil {
		return "", err
	}
	if aws.ToString(out.VersionId) == "" {
		return "", fmt.Errorf("bucket %s gave no version ID: it must have versioning enabled", v.Bucket)
	}
	return aws.ToString(out.VersionId), nil
}

// GetVersion reads one version.
func (v *AnalysisVersions) GetVersion(ctx context.Context, id, versionID string) ([]byte, error) {
	out, err := v.Client.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(v.Bucket), Key: aws.String(id), VersionId: aws.String(versionID)})
	var missing *s3types.NoSuchKey
	if errors.As(err, &missing) || analysisHTTPStatus(err, 404) || analysisHTTPStatus(err, 400) {
		return nil, analysis.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	defer func() { _ = out.Body.Close() }()
	return io.ReadAll(out.Body)
}

// RulesEngine runs test documents through panther-rules-engine.
type RulesEngine struct{ Function }

// Test invokes the engine with document and decodes its results.
func (r *RulesEngine) Test(ctx context.Context, document, results any) error {
	return r.Call(ctx, document, results)
}

// analysisHTTPStatus reports whether err is an HTTP response error with the status code.
func analysisHTTPStatus(err error, code int) bool {
	var re *smithyhttp.ResponseError
	return errors.As(err, &re) && re.HTTPStatusCode() == code
}
