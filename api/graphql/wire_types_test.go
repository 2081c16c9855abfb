package graphql

import (
	"reflect"

	"github.com/panther-operator/panther-operator/lambdas/api/alertsapi"
	"github.com/panther-operator/panther-operator/lambdas/api/analysisapi"
	"github.com/panther-operator/panther-operator/lambdas/api/deliveryapi"
	"github.com/panther-operator/panther-operator/lambdas/api/logtypesapi"
	"github.com/panther-operator/panther-operator/lambdas/api/metricsapi"
	"github.com/panther-operator/panther-operator/lambdas/api/organizationapi"
	"github.com/panther-operator/panther-operator/lambdas/api/outputsapi"
	"github.com/panther-operator/panther-operator/lambdas/api/sourceapi"
	"github.com/panther-operator/panther-operator/lambdas/api/usersapi"
)

// wireType is the wire contract type a GraphQL type mirrors, and the wire fields the GraphQL
// type leaves out on purpose, each with the reason.
type wireType struct {
	goType  reflect.Type
	omitted map[string]string
}

func mirrors(v any, omitted ...string) wireType {
	w := wireType{goType: reflect.TypeOf(v), omitted: map[string]string{}}
	for i := 0; i+1 < len(omitted); i += 2 {
		w.omitted[omitted[i]] = omitted[i+1]
	}
	return w
}

// Reasons for leaving wire fields out of inputs.
const (
	actingUser = "the resolver sets it: the caller's Cognito sub"
	keptByAPI  = "the API keeps it"
	notOfKind  = "items of this kind have no such attribute"
)

// wireTypes maps every object and input type of the schema to its wire type.
var wireTypes = map[string]wireType{
	// Alerts.
	"ListAlertsInput":        mirrors(alertsapi.ListAlertsInput{}),
	"ListAlertsResponse":     mirrors(alertsapi.ListAlertsOutput{}),
	"GetAlertInput":          mirrors(alertsapi.GetAlertInput{}),
	"AlertDetails":           mirrors(alertsapi.GetAlertOutput{}),
	"AlertSummary":           mirrors(alertsapi.Summary{}),
	"UpdateAlertStatusInput": mirrors(alertsapi.UpdateAlertStatusInput{}, "userId", actingUser),
	"DeliveryResponse":       mirrors(deliveryapi.DeliveryResponse{}),
	"DeliverAlertInput":      mirrors(deliveryapi.DeliverAlertInput{}),

	// Detections.
	"Paging":                 mirrors(analysisapi.Paging{}),
	"ListDetectionsInput":    mirrors(analysisapi.ListInput{}),
	"ListDetectionsResponse": mirrors(analysisapi.ListDetectionsOutput{}),
	"Detection":              mirrors(analysisapi.Detection{}),
	"GetRuleInput":           mirrors(analysisapi.GetInput{}),
	"Rule":                   mirrors(analysisapi.Rule{}),
	"UnitTest":               mirrors(analysisapi.UnitTest{}),
	"RuleInput": mirrors(analysisapi.RuleInput{}, "userId", actingUser, "versionId", keptByAPI, "createdAt", keptByAPI,
		"createdBy", keptByAPI, "lastModified", keptByAPI, "lastModifiedBy", keptByAPI),
	"UnitTestInput":            mirrors(analysisapi.UnitTest{}),
	"DeleteEntry":              mirrors(analysisapi.DeleteEntry{}),
	"DeleteDetectionsInput":    mirrors(analysisapi.DeleteInput{}),
	"TestRuleInput":            mirrors(analysisapi.TestRuleInput{}),
	"TestRuleResponse":         mirrors(analysisapi.TestRuleOutput{}),
	"TestResult":               mirrors(analysisapi.TestResult{}),
	"TestError":                mirrors(analysisapi.TestError{}),
	"TestFunctions":            mirrors(map[string]analysisapi.FunctionTest{}),
	"FunctionTestResult":       mirrors(analysisapi.FunctionTest{}),
	"UploadDetectionsInput":    mirrors(analysisapi.BulkUploadInput{}, "userId", actingUser),
	"UploadDetectionsResponse": mirrors(analysisapi.BulkUploadOutput{}),

	// Globals.
	"ListGlobalPythonModulesInput": mirrors(analysisapi.ListInput{}, "enabled", notOfKind, "logTypes", notOfKind,
		"severity", notOfKind, "tags", notOfKind, "analysisTypes", "globals are one analysis type"),
	"ListGlobalPythonModulesResponse": mirrors(analysisapi.ListGlobalsOutput{}),
	"GetGlobalPythonModuleInput":      mirrors(analysisapi.GetInput{}),
	"GlobalPythonModule":              mirrors(analysisapi.Global{}),
	"GlobalPythonModuleInput": mirrors(analysisapi.GlobalInput{}, "userId", actingUser, "versionId", keptByAPI,
		"createdAt", keptByAPI, "createdBy", keptByAPI, "lastModified", keptByAPI, "lastModifiedBy", keptByAPI),
	"DeleteGlobalPythonModulesInput": mirrors(analysisapi.DeleteInput{}),

	// Data models.
	"ListDataModelsInput": mirrors(analysisapi.ListInput{}, "severity", notOfKind, "tags", notOfKind,
		"analysisTypes", "data models are one analysis type"),
	"ListDataModelsResponse": mirrors(analysisapi.ListDataModelsOutput{}),
	"GetDataModelInput":      mirrors(analysisapi.GetInput{}),
	"DataModel":              mirrors(analysisapi.DataModel{}),
	"DataModelMapping":       mirrors(analysisapi.DataModelMapping{}),
	"DataModelInput": mirrors(analysisapi.DataModelInput{}, "userId", actingUser, "versionId", keptByAPI,
		"createdAt", keptByAPI, "createdBy", keptByAPI, "lastModified", keptByAPI, "lastModifiedBy", keptByAPI),
	"DataModelMappingInput": mirrors(analysisapi.DataModelMapping{}),
	"DeleteDataModelsInput": mirrors(analysisapi.DeleteInput{}),

	// Log sources.
	"S3PrefixLogTypes":         mirrors(sourceapi.PrefixLogTypes{}),
	"S3PrefixLogTypesInput":    mirrors(sourceapi.PrefixLogTypes{}),
	"S3LogIntegration":         mirrors(sourceapi.Integration{}),
	"GetS3LogIntegrationInput": mirrors(sourceapi.GetIntegrationInput{}),
	"AddS3LogIntegrationInput": mirrors(sourceapi.PutIntegrationInput{}, "userId", actingUser,
		"integrationType", "the resolver sets it: these fields add S3 sources"),
	"UpdateS3LogIntegrationInput":    mirrors(sourceapi.UpdateSettingsInput{}),
	"DeleteLogIntegrationInput":      mirrors(sourceapi.DeleteIntegrationInput{}),
	"GetS3LogIntegrationHealthInput": mirrors(sourceapi.HealthCheckInput{}),
	"S3LogIntegrationHealth":         mirrors(sourceapi.HealthCheck{}),
	"IntegrationItemHealthStatus":    mirrors(sourceapi.Status{}),

	// Log types.
	"ListAvailableLogTypesResponse": mirrors(logtypesapi.AvailableLogTypes{}),
	"ListCustomLogsResponse":        mirrors(logtypesapi.CustomLogs{}),
	"CustomLogRecord":               mirrors(logtypesapi.Record{}),
	"GetCustomLogInput":             mirrors(logtypesapi.GetCustomLogInput{}),
	"AddCustomLogInput":             mirrors(logtypesapi.PutCustomLogInput{}, "revision", "the resolver sets it: 0 adds a log type"),
	"UpdateCustomLogInput":          mirrors(logtypesapi.PutCustomLogInput{}),
	"DeleteCustomLogInput":          mirrors(logtypesapi.DelCustomLogInput{}),

	// Destinations.
	"Destination":              mirrors(outputsapi.Output{}),
	"DestinationConfig":        mirrors(outputsapi.OutputConfig{}),
	"SlackConfig":              mirrors(outputsapi.SlackConfig{}),
	"PagerDutyConfig":          mirrors(outputsapi.PagerDutyConfig{}),
	"GitHubConfig":             mirrors(outputsapi.GitHubConfig{}),
	"JiraConfig":               mirrors(outputsapi.JiraConfig{}),
	"OpsgenieConfig":           mirrors(outputsapi.OpsgenieConfig{}),
	"MsTeamsConfig":            mirrors(outputsapi.MSTeamsConfig{}),
	"SqsConfig":                mirrors(outputsapi.SQSConfig{}),
	"SnsConfig":                mirrors(outputsapi.SNSConfig{}),
	"AsanaConfig":              mirrors(outputsapi.AsanaConfig{}),
	"CustomWebhookConfig":      mirrors(outputsapi.CustomWebhookConfig{}),
	"GetDestinationInput":      mirrors(outputsapi.GetOutputInput{}),
	"DestinationConfigInput":   mirrors(outputsapi.OutputConfig{}),
	"SlackConfigInput":         mirrors(outputsapi.SlackConfig{}),
	"PagerDutyConfigInput":     mirrors(outputsapi.PagerDutyConfig{}),
	"GitHubConfigInput":        mirrors(outputsapi.GitHubConfig{}),
	"JiraConfigInput":          mirrors(outputsapi.JiraConfig{}),
	"OpsgenieConfigInput":      mirrors(outputsapi.OpsgenieConfig{}),
	"MsTeamsConfigInput":       mirrors(outputsapi.MSTeamsConfig{}),
	"SqsConfigInput":           mirrors(outputsapi.SQSConfig{}),
	"SnsConfigInput":           mirrors(outputsapi.SNSConfig{}),
	"AsanaConfigInput":         mirrors(outputsapi.AsanaConfig{}),
	"CustomWebhookConfigInput": mirrors(outputsapi.CustomWebhookConfig{}),
	"AddDestinationInput":      mirrors(outputsapi.AddOutputInput{}, "userId", actingUser),
	"UpdateDestinationInput":   mirrors(outputsapi.UpdateOutputInput{}, "userId", actingUser),
	"DeleteDestinationInput":   mirrors(outputsapi.DeleteOutputInput{}),
	"SendTestAlertInput":       mirrors(deliveryapi.SendTestAlertInput{}),

	// General settings.
	"GeneralSettings":            mirrors(organizationapi.GeneralSettings{}),
	"UpdateGeneralSettingsInput": mirrors(organizationapi.UpdateSettingsInput{}),

	// Users.
	"User":            mirrors(usersapi.User{}),
	"InviteUserInput": mirrors(usersapi.InviteUserInput{}),
	"UpdateUserInput": mirrors(usersapi.UpdateUserInput{}),

	// Overview metrics.
	"LogAnalysisMetricsInput":    mirrors(metricsapi.GetMetricsInput{}),
	"LogAnalysisMetricsResponse": mirrors(metricsapi.GetMetricsOutput{}),
	"Series":                     mirrors(metricsapi.Series{}),
	"SingleValue":                mirrors(metricsapi.SingleValue{}),
}

// requestTypes are the one-key request types of the functions: each resolver's operation is
// one of its request's keys.
var requestTypes = map[string]reflect.Type{
	AlertsAPI:        reflect.TypeFor[alertsapi.Request](),
	AlertDeliveryAPI: reflect.TypeFor[deliveryapi.Request](),
	AnalysisAPI:      reflect.TypeFor[analysisapi.Request](),
	LogTypesAPI:      reflect.TypeFor[logtypesapi.Request](),
	MetricsAPI:       reflect.TypeFor[metricsapi.Request](),
	OrganizationAPI:  reflect.TypeFor[organizationapi.Request](),
	OutputsAPI:       reflect.TypeFor[outputsapi.Request](),
	SourceAPI:        reflect.TypeFor[sourceapi.Request](),
	UsersAPI:         reflect.TypeFor[usersapi.Request](),
}

// enumValues are the values the APIs accept, where the wire contract lists them.
var enumValues = map[string][]string{
	"Severity":              analysisapi.Severities,
	"AlertStatus":           {alertsapi.StatusOpen, alertsapi.StatusTriaged, alertsapi.StatusClosed, alertsapi.StatusResolved},
	"AlertType":             {deliveryapi.TypeRule, deliveryapi.TypeRuleError, deliveryapi.TypePolicy},
	"AnalysisType":          {analysisapi.TypeRule, analysisapi.TypeGlobal, analysisapi.TypeDataModel},
	"DestinationType":       outputsapi.Types,
	"OpsgenieServiceRegion": {outputsapi.OpsgenieRegionUS, outputsapi.OpsgenieRegionEU},
}
