// Package sourceapi is the wire contract of panther-source-api: the operations it is invoked
// with ({"<operation>": {...}}) and the source integrations it stores. The log processor,
// the custom resources and the web app's resolvers speak it.
package sourceapi

import (
	"time"

	"github.com/panther-operator/panther-operator/lambdas/api"
)

// Integration types.
const (
	TypeS3        = "aws-s3"
	TypeSQS       = "aws-sqs"
	TypeCloudScan = "aws-scan"
)

// SystemUserID is the user the backend acts as.
const SystemUserID = "00000000-0000-4000-8000-000000000000"

// PrefixLogTypes maps an S3 prefix to the log types its objects hold ("" is the whole bucket).
type PrefixLogTypes struct {
	Prefix   string   `json:"prefix"`
	LogTypes []string `json:"logTypes"`
}

// Integration is one source: where logs come from, what they are and how to read them.
type Integration struct {
	IntegrationID    string    `json:"integrationId"`
	IntegrationLabel string    `json:"integrationLabel"`
	IntegrationType  string    `json:"integrationType"`
	AWSAccountID     string    `json:"awsAccountId,omitempty"`
	CreatedAtTime    time.Time `json:"createdAtTime"`
	CreatedBy        string    `json:"createdBy,omitempty"`
	// S3 sources.
	S3Bucket                   string           `json:"s3Bucket,omitempty"`
	S3PrefixLogTypes           []PrefixLogTypes `json:"s3PrefixLogTypes,omitempty"`
	KMSKey                     string           `json:"kmsKey,omitempty"`
	LogProcessingRole          string           `json:"logProcessingRole,omitempty"`
	ManagedBucketNotifications bool             `json:"managedBucketNotifications,omitempty"`
	// Status, kept by the log processor.
	LastEventReceived *time.Time `json:"lastEventReceived,omitempty"`
}

// Request is the one-key invocation payload: exactly one field is set.
type Request struct {
	PutIntegration            *PutIntegrationInput    `json:"putIntegration,omitempty"`
	UpdateIntegrationSettings *UpdateSettingsInput    `json:"updateIntegrationSettings,omitempty"`
	ListIntegrations          *ListIntegrationsInput  `json:"listIntegrations,omitempty"`
	GetIntegration            *GetIntegrationInput    `json:"getIntegration,omitempty"`
	DeleteIntegration         *DeleteIntegrationInput `json:"deleteIntegration,omitempty"`
	IntegrationHealthCheck    *HealthCheckInput       `json:"integrationHealthCheck,omitempty"`
	UpdateStatus              *UpdateStatusInput      `json:"updateStatus,omitempty"`
	ListLogTypes              *ListLogTypesInput      `json:"listLogTypes,omitempty"`
}

// PutIntegrationInput creates a source.
type PutIntegrationInput struct {
	IntegrationLabel           string           `json:"integrationLabel"`
	IntegrationType            string           `json:"integrationType"`
	AWSAccountID               string           `json:"awsAccountId"`
	UserID                     string           `json:"userId"`
	S3Bucket                   string           `json:"s3Bucket"`
	S3PrefixLogTypes           []PrefixLogTypes `json:"s3PrefixLogTypes"`
	KMSKey                     string           `json:"kmsKey,omitempty"`
	LogProcessingRole          string           `json:"logProcessingRole,omitempty"`
	ManagedBucketNotifications bool             `json:"managedBucketNotifications,omitempty"`
}

// UpdateSettingsInput changes a source's settings.
type UpdateSettingsInput struct {
	IntegrationID              string           `json:"integrationId"`
	IntegrationLabel           string           `json:"integrationLabel"`
	S3Bucket                   string           `json:"s3Bucket"`
	S3PrefixLogTypes           []PrefixLogTypes `json:"s3PrefixLogTypes"`
	KMSKey                     string           `json:"kmsKey,omitempty"`
	LogProcessingRole          string           `json:"logProcessingRole,omitempty"`
	ManagedBucketNotifications bool             `json:"managedBucketNotifications,omitempty"`
}

// ListIntegrationsInput lists sources, of one type when IntegrationType is set.
type ListIntegrationsInput struct {
	IntegrationType string `json:"integrationType,omitempty"`
}

// GetIntegrationInput reads one source.
type GetIntegrationInput struct {
	IntegrationID string `json:"integrationId"`
}

// DeleteIntegrationInput removes a source.
type DeleteIntegrationInput struct {
	IntegrationID string `json:"integrationId"`
}

// HealthCheckInput checks that Panther can read a source.
type HealthCheckInput struct {
	IntegrationID string `json:"integrationId"`
}

// HealthCheck is what integrationHealthCheck found.
type HealthCheck struct {
	ProcessingRoleStatus Status `json:"processingRoleStatus"`
	S3BucketStatus       Status `json:"s3BucketStatus"`
	KMSKeyStatus         Status `json:"kmsKeyStatus"`
	GetObjectStatus      Status `json:"getObjectStatus,omitempty"`
	BucketNotifications  Status `json:"bucketNotificationsStatus,omitempty"`
}

// Status is one health check item: Healthy, with a message when not.
type Status struct {
	Healthy      bool   `json:"healthy"`
	Message      string `json:"message"`
	ErrorMessage string `json:"rawErrorMessage,omitempty"`
}

// UpdateStatusInput records that a source delivered events.
type UpdateStatusInput struct {
	IntegrationID     string    `json:"integrationId"`
	LastEventReceived time.Time `json:"lastEventReceived"`
}

// ListLogTypesInput lists the log types any source uses.
type ListLogTypesInput struct{}

// ListLogTypesOutput is the sorted, distinct log types.
type ListLogTypesOutput struct {
	LogTypes []string `json:"logTypes"`
}

// Error is how the API fails: the Lambda function error's type and message.
type Error = api.Error

// LogTypesFor returns the log types of the longest prefix of s3PrefixLogTypes that key starts
// with (the empty prefix matches every key), and the prefix.
func (i *Integration) LogTypesFor(key string) (prefix string, logTypes []string, ok bool) {
	best := -1
	for j, p := range i.S3PrefixLogTypes {
		if len(key) >= len(p.Prefix) && key[:len(p.Prefix)] == p.Prefix && (best < 0 || len(p.Prefix) > len(i.S3PrefixLogTypes[best].Prefix)) {
			best = j
		}
	}
	if best < 0 {
		return "", nil, false
	}
	return i.S3PrefixLogTypes[best].Prefix, i.S3PrefixLogTypes[best].LogTypes, true
}
