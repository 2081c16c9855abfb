package awsx

import (
	"context"
	"errors"
	"strconv"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/panther-operator/panther-operator/lambdas/api/organizationapi"
	"github.com/panther-operator/panther-operator/lambdas/organization"
)

// generalSettingsID is the id of the one item of the panther-organization table that holds
// the general settings.
const generalSettingsID = "general"

// OrganizationTable is the panther-organization table, keyed by id.
type OrganizationTable struct {
	Client *dynamodb.Client
	Name   string
}

// settingsItem is the stored form of the settings: the wire fields, the key and the revision.
type settingsItem struct {
	ID                    string `dynamodbav:"id"`
	Revision              int    `dynamodbav:"revision"`
	DisplayName           string `dynamodbav:"displayName"`
	Email                 string `dynamodbav:"email"`
	ErrorReportingConsent bool   `dynamodbav:"errorReportingConsent"`
	AnalyticsConsent      bool   `dynamodbav:"analyticsConsent"`
}

// LoadSettings reads the settings item: nil and revision 0 when there is none.
func (t *OrganizationTable) LoadSettings(ctx context.Context) (*organizationapi.GeneralSettings, int, error) {
	out, err := t.Client.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String(t.Name), ConsistentRead: aws.Bool(true),
		Key: map[string]ddbtypes.AttributeValue{"id": &ddbtypes.AttributeValueMemberS{Value: generalSettingsID}}})
	if err != nil || out.Item == nil {
		return nil, 0, err
	}
	var item settingsItem
	if err := attributevalue.UnmarshalMap(out.Item, &item); err != nil {
		return nil, 0, err
	}
	return &organizationapi.GeneralSettings{DisplayName: item.DisplayName, Email: item.Email,
		ErrorReportingConsent: item.ErrorReportingConsent, AnalyticsConsent: item.AnalyticsConsent}, item.Revision, nil
}

// SaveSettings writes the item as revision expectRevision+1 if it is still at expectRevision
// (0: not stored yet), else organization.ErrConflict.
func (t *OrganizationTable) SaveSettings(ctx context.Context, s *organizationapi.GeneralSettings, expectRevision int) error {
	item, err := attributevalue.MarshalMap(settingsItem{ID: generalSettingsID, Revision: expectRevision + 1, DisplayName: s.DisplayName,
		Email: s.Email, ErrorReportingConsent: s.ErrorReportingConsent, AnalyticsConsent: s.AnalyticsConsent})
	if err != nil {
		return err
	}
	in := &dynamodb.PutItemInput{TableName: aws.String(t.Name), Item: item}
	if expectRevision == 0 {
		in.ConditionExpression = aws.String("attribute_not_exists(id)")
	} else {
		in.ConditionExpression = aws.String("revision = :expected")
		in.ExpressionAttributeValues = map[string]ddbtypes.AttributeValue{":expected": &ddbtypes.AttributeValueMemberN{Value: strconv.Itoa(expectRevision)}}
	}
	_, err = t.Client.PutItem(ctx, in)
	var failed *ddbtypes.ConditionalCheckFailedException
	if errors.As(err, &failed) {
		return organization.ErrConflict
	}
	return err
}
