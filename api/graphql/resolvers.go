package graphql

import (
	"slices"
)

// The functions that resolve fields. Their names are the FunctionName of their templates
// (a test checks that every one is declared).
const (
	AlertsAPI        = "panther-alerts-api"
	AlertDeliveryAPI = "panther-alert-delivery-api"
	AnalysisAPI      = "panther-analysis-api"
	LogTypesAPI      = "panther-logtypes-api"
	MetricsAPI       = "panther-metrics-api"
	OrganizationAPI  = "panther-organization-api"
	OutputsAPI       = "panther-outputs-api"
	SourceAPI        = "panther-source-api"
	UsersAPI         = "panther-users-api"
)

// Resolver says which function answers a field, and with which operation: the key of the
// one-key request the function translates the field into.
type Resolver struct {
	TypeName  string
	FieldName string
	Function  string
	Operation string
}

// Field is the resolver's field coordinate, "Type.field".
func (r Resolver) Field() string { return r.TypeName + "." + r.FieldName }

// resolvers is the one mapping from the schema's Query and Mutation fields to the functions:
// the template's resolvers are generated from it, and each function's translations are
// tested against it.
var resolvers = []Resolver{
	// Alerts.
	{"Query", "alerts", AlertsAPI, "listAlerts"},
	{"Query", "alert", AlertsAPI, "getAlert"},
	{"Mutation", "updateAlertStatus", AlertsAPI, "updateAlertStatus"},
	{"Mutation", "deliverAlert", AlertDeliveryAPI, "deliverAlert"},

	// Detections, globals and data models.
	{"Query", "detections", AnalysisAPI, "listDetections"},
	{"Query", "rule", AnalysisAPI, "getRule"},
	{"Query", "listGlobalPythonModules", AnalysisAPI, "listGlobals"},
	{"Query", "getGlobalPythonModule", AnalysisAPI, "getGlobal"},
	{"Query", "listDataModels", AnalysisAPI, "listDataModels"},
	{"Query", "getDataModel", AnalysisAPI, "getDataModel"},
	{"Mutation", "addRule", AnalysisAPI, "createRule"},
	{"Mutation", "updateRule", AnalysisAPI, "updateRule"},
	{"Mutation", "deleteDetections", AnalysisAPI, "deleteDetections"},
	{"Mutation", "testRule", AnalysisAPI, "testRule"},
	{"Mutation", "uploadDetections", AnalysisAPI, "bulkUpload"},
	{"Mutation", "addGlobalPythonModule", AnalysisAPI, "createGlobal"},
	{"Mutation", "updateGlobalPythonModule", AnalysisAPI, "updateGlobal"},
	{"Mutation", "deleteGlobalPythonModules", AnalysisAPI, "deleteGlobals"},
	{"Mutation", "addDataModel", AnalysisAPI, "createDataModel"},
	{"Mutation", "updateDataModel", AnalysisAPI, "updateDataModel"},
	{"Mutation", "deleteDataModels", AnalysisAPI, "deleteDataModels"},

	// Log sources.
	{"Query", "listLogIntegrations", SourceAPI, "listIntegrations"},
	{"Query", "getS3LogIntegration", SourceAPI, "getIntegration"},
	{"Query", "getS3LogIntegrationHealth", SourceAPI, "integrationHealthCheck"},
	{"Mutation", "addS3LogIntegration", SourceAPI, "putIntegration"},
	{"Mutation", "updateS3LogIntegration", SourceAPI, "updateIntegrationSettings"},
	{"Mutation", "deleteLogIntegration", SourceAPI, "deleteIntegration"},

	// Log types.
	{"Query", "listAvailableLogTypes", LogTypesAPI, "ListAvailableLogTypes"},
	{"Query", "listCustomLogs", LogTypesAPI, "ListCustomLogs"},
	{"Query", "getCustomLog", LogTypesAPI, "GetCustomLog"},
	{"Mutation", "addCustomLog", LogTypesAPI, "PutCustomLog"},
	{"Mutation", "updateCustomLog", LogTypesAPI, "PutCustomLog"},
	{"Mutation", "deleteCustomLog", LogTypesAPI, "DelCustomLog"},

	// Destinations.
	{"Query", "destinations", OutputsAPI, "getOutputs"},
	{"Query", "destination", OutputsAPI, "getOutput"},
	{"Mutation", "addDestination", OutputsAPI, "addOutput"},
	{"Mutation", "updateDestination", OutputsAPI, "updateOutput"},
	{"Mutation", "deleteDestination", OutputsAPI, "deleteOutput"},
	{"Mutation", "sendTestAlert", AlertDeliveryAPI, "sendTestAlert"},

	// General settings.
	{"Query", "generalSettings", OrganizationAPI, "getSettings"},
	{"Mutation", "updateGeneralSettings", OrganizationAPI, "updateSettings"},

	// Users.
	{"Query", "users", UsersAPI, "listUsers"},
	{"Mutation", "inviteUser", UsersAPI, "inviteUser"},
	{"Mutation", "updateUser", UsersAPI, "updateUser"},
	{"Mutation", "resetUserPassword", UsersAPI, "resetUserPassword"},
	{"Mutation", "deleteUser", UsersAPI, "removeUser"},

	// Overview metrics.
	{"Query", "getLogAnalysisMetrics", MetricsAPI, "getMetrics"},
}

// Resolvers returns every field's resolver, in the order above.
func Resolvers() []Resolver { return slices.Clone(resolvers) }

// ResolversOf returns the resolvers of the fields one function answers.
func ResolversOf(function string) []Resolver {
	var out []Resolver
	for _, r := range resolvers {
		if r.Function == function {
			out = append(out, r)
		}
	}
	return out
}

// Functions returns the functions that resolve fields, sorted.
func Functions() []string {
	var out []string
	for _, r := range resolvers {
		out = append(out, r.Function)
	}
	slices.Sort(out)
	return slices.Compact(out)
}
