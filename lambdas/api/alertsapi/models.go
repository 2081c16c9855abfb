// Package alertsapi is the wire contract of panther-alerts-api and the alerts table it reads:
// list alerts with filters and paging, get one with its events (read from S3), change status,
// and record delivery attempts. The delivery function and the web app's resolvers speak it.
package alertsapi

import (
	"encoding/json"
	"time"

	"github.com/panther-operator/panther-operator/lambdas/api"
	"github.com/panther-operator/panther-operator/lambdas/api/deliveryapi"
)

// Statuses. An alert without a status is OPEN; setting OPEN removes the attribute.
const (
	StatusOpen     = "OPEN"
	StatusTriaged  = "TRIAGED"
	StatusClosed   = "CLOSED"
	StatusResolved = "RESOLVED"
)

// TimePartition is every alert's timePartition: one GSI partition serves time-ordered lists.
const TimePartition = "defaultPartition"

// Alert is an item of the alerts table (panther-log-alert-info).
type Alert struct {
	ID                  string                         `json:"id" dynamodbav:"id"`
	TimePartition       string                         `json:"timePartition" dynamodbav:"timePartition"`
	Type                string                         `json:"type" dynamodbav:"type"`
	RuleID              string                         `json:"ruleId" dynamodbav:"ruleId"`
	RuleVersion         string                         `json:"ruleVersion" dynamodbav:"ruleVersion"`
	RuleDisplayName     *string                        `json:"ruleDisplayName,omitempty" dynamodbav:"ruleDisplayName,omitempty"`
	Dedup               string                         `json:"dedup" dynamodbav:"dedup"`
	Title               string                         `json:"title" dynamodbav:"title"`
	Severity            string                         `json:"severity" dynamodbav:"severity"`
	Description         string                         `json:"description,omitempty" dynamodbav:"description,omitempty"`
	Reference           string                         `json:"reference,omitempty" dynamodbav:"reference,omitempty"`
	Runbook             string                         `json:"runbook,omitempty" dynamodbav:"runbook,omitempty"`
	Destinations        []string                       `json:"destinations,omitempty" dynamodbav:"destinations,stringset,omitempty"`
	Context             string                         `json:"context,omitempty" dynamodbav:"context,omitempty"`
	FirstEventMatchTime time.Time                      `json:"firstEventMatchTime" dynamodbav:"firstEventMatchTime"`
	CreationTime        time.Time                      `json:"creationTime" dynamodbav:"creationTime"`
	UpdateTime          time.Time                      `json:"updateTime" dynamodbav:"updateTime"`
	EventCount          int                            `json:"eventCount" dynamodbav:"eventCount"`
	LogTypes            []string                       `json:"logTypes" dynamodbav:"logTypes,stringset,omitempty"`
	ResourceTypes       []string                       `json:"resourceTypes,omitempty" dynamodbav:"resourceTypes,stringset,omitempty"` // policy alerts only
	Status              string                         `json:"status,omitempty" dynamodbav:"status,omitempty"`
	LastUpdatedBy       string                         `json:"lastUpdatedBy,omitempty" dynamodbav:"lastUpdatedBy,omitempty"`
	LastUpdatedByTime   *time.Time                     `json:"lastUpdatedByTime,omitempty" dynamodbav:"lastUpdatedByTime,omitempty"`
	DeliveryResponses   []deliveryapi.DeliveryResponse `json:"deliveryResponses" dynamodbav:"deliveryResponses"`
}

// Request is the one-key invocation payload: exactly one field is set.
type Request struct {
	GetAlert            *GetAlertInput            `json:"getAlert,omitempty"`
	ListAlerts          *ListAlertsInput          `json:"listAlerts,omitempty"`
	UpdateAlertStatus   *UpdateAlertStatusInput   `json:"updateAlertStatus,omitempty"`
	UpdateAlertDelivery *UpdateAlertDeliveryInput `json:"updateAlertDelivery,omitempty"`
}

// GetAlertInput reads an alert and a page of its events (1–50, default 25).
type GetAlertInput struct {
	AlertID                 string  `json:"alertId"`
	EventsPageSize          int     `json:"eventsPageSize,omitempty"`
	EventsExclusiveStartKey *string `json:"eventsExclusiveStartKey,omitempty"`
}

// GetAlertOutput is the alert with a page of its events as JSON objects.
type GetAlertOutput struct {
	Summary                Summary           `json:"alert"`
	Events                 []json.RawMessage `json:"events"`
	EventsLastEvaluatedKey *string           `json:"eventsLastEvaluatedKey"`
}

// ListAlertsInput filters, sorts (creation time) and pages alerts (pageSize ≤ 50).
type ListAlertsInput struct {
	RuleID            string     `json:"ruleId,omitempty"`
	Types             []string   `json:"types,omitempty"`
	Severity          []string   `json:"severity,omitempty"`
	Status            []string   `json:"status,omitempty"`
	NameContains      string     `json:"nameContains,omitempty"`
	CreatedAtBefore   *time.Time `json:"createdAtBefore,omitempty"`
	CreatedAtAfter    *time.Time `json:"createdAtAfter,omitempty"`
	EventCountMin     *int       `json:"eventCountMin,omitempty"`
	EventCountMax     *int       `json:"eventCountMax,omitempty"`
	LogTypes          []string   `json:"logTypes,omitempty"`
	ResourceTypes     []string   `json:"resourceTypes,omitempty"`
	SortDir           string     `json:"sortDir,omitempty"` // descending (default) or ascending
	PageSize          int        `json:"pageSize,omitempty"`
	ExclusiveStartKey *string    `json:"exclusiveStartKey,omitempty"`
}

// ListAlertsOutput is a page of alert summaries.
type ListAlertsOutput struct {
	Alerts           []Summary `json:"alertSummaries"`
	LastEvaluatedKey *string   `json:"lastEvaluatedKey"`
}

// Summary is an alert as the API returns it: status OPEN when the table has none.
type Summary struct {
	AlertID           string                         `json:"alertId"`
	Type              string                         `json:"type"`
	RuleID            string                         `json:"ruleId"`
	RuleVersion       string                         `json:"ruleVersion"`
	RuleDisplayName   *string                        `json:"ruleDisplayName"`
	Title             string                         `json:"title"`
	Severity          string                         `json:"severity"`
	Status            string                         `json:"status"`
	Dedup             string                         `json:"dedupString"`
	Description       string                         `json:"description"`
	Reference         string                         `json:"reference"`
	Runbook           string                         `json:"runbook"`
	Destinations      []string                       `json:"destinations"`
	Context           string                         `json:"context"`
	CreationTime      time.Time                      `json:"creationTime"`
	UpdateTime        time.Time                      `json:"updateTime"`
	EventsMatched     int                            `json:"eventsMatched"`
	LogTypes          []string                       `json:"logTypes"`
	LastUpdatedBy     string                         `json:"lastUpdatedBy"`
	LastUpdatedByTime *time.Time                     `json:"lastUpdatedByTime"`
	DeliveryResponses []deliveryapi.DeliveryResponse `json:"deliveryResponses"`
}

// UpdateAlertStatusInput sets the status of alerts as a user.
type UpdateAlertStatusInput struct {
	AlertIDs []string `json:"alertIds"`
	Status   string   `json:"status"`
	UserID   string   `json:"userId"`
}

// UpdateAlertDeliveryInput appends delivery attempts to an alert.
type UpdateAlertDeliveryInput struct {
	AlertID           string                         `json:"alertId"`
	DeliveryResponses []deliveryapi.DeliveryResponse `json:"deliveryResponses"`
}

// Error is how the API fails: the Lambda function error's type and message.
type Error = api.Error
