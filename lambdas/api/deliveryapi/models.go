// Package deliveryapi is the wire contract of panther-alert-delivery-api: the alert message
// the forwarder queues (and re-queues for retries), the operations the web app invokes it with
// ({"deliverAlert": ...}, {"sendTestAlert": ...}), and the delivery responses it records on
// each alert.
package deliveryapi

import "time"

// Alert types.
const (
	TypeRule      = "RULE"
	TypeRuleError = "RULE_ERROR"
	TypePolicy    = "POLICY"
)

// SkipOutputID in an alert's outputIds means: deliver nowhere.
const SkipOutputID = "SKIP"

// Alert is the message on the alerts queue: what an output needs to tell someone.
type Alert struct {
	AlertID             *string        `json:"alertId"`
	AnalysisID          string         `json:"analysisId"`
	AnalysisName        *string        `json:"analysisName"`
	AnalysisDescription string         `json:"analysisDescription"`
	AnalysisSourceID    string         `json:"analysisSourceId"`
	Type                string         `json:"type"`
	CreatedAt           time.Time      `json:"createdAt"`
	Severity            string         `json:"severity"`
	OutputIDs           []string       `json:"outputIds"`
	LogTypes            []string       `json:"logTypes"`
	ResourceTypes       []string       `json:"resourceTypes"`
	ResourceID          string         `json:"resourceId"`
	Version             *string        `json:"version"`
	Reference           string         `json:"reference"`
	Runbook             string         `json:"runbook"`
	Destinations        []string       `json:"destinations"`
	Tags                []string       `json:"tags"`
	Title               string         `json:"title"`
	Context             map[string]any `json:"context"`
	RetryCount          int            `json:"retryCount"`
	IsTest              bool           `json:"isTest"`
	IsResent            bool           `json:"isResent"`
}

// DeliveryResponse is one attempt to deliver an alert to one output.
// Its dynamodbav names are the JSON names, as the alerts table stores it.
type DeliveryResponse struct {
	OutputID     string    `json:"outputId" dynamodbav:"outputId"`
	Message      string    `json:"message" dynamodbav:"message"`
	StatusCode   int       `json:"statusCode" dynamodbav:"statusCode"`
	Success      bool      `json:"success" dynamodbav:"success"`
	DispatchedAt time.Time `json:"dispatchedAt" dynamodbav:"dispatchedAt"`
}

// Request is the one-key invocation payload of a direct invocation.
type Request struct {
	DeliverAlert  *DeliverAlertInput  `json:"deliverAlert,omitempty"`
	SendTestAlert *SendTestAlertInput `json:"sendTestAlert,omitempty"`
}

// DeliverAlertInput re-sends a stored alert to the given outputs.
type DeliverAlertInput struct {
	AlertID   string   `json:"alertId"`
	OutputIDs []string `json:"outputIds"`
}

// SendTestAlertInput sends a dummy alert to the given outputs.
type SendTestAlertInput struct {
	OutputIDs []string `json:"outputIds"`
}

// SendTestAlertOutput is the attempt per output.
type SendTestAlertOutput = []DeliveryResponse
