// Package analysisapi is the wire contract of panther-analysis-api: rules, globals and data
// models, invoked with {"<operation>": {...}} and answering in the gateway style
// {statusCode, body: "<json>"}. The rules engine, the alert forwarder, pantherctl and the web
// app's resolvers speak it.
package analysisapi

import "time"

// Analysis types.
const (
	TypeRule      = "RULE"
	TypeGlobal    = "GLOBAL"
	TypeDataModel = "DATAMODEL"
)

// Severities, in increasing order.
var Severities = []string{"INFO", "LOW", "MEDIUM", "HIGH", "CRITICAL"}

// Defaults applied on create, update and upload.
const (
	DefaultDedupPeriodMinutes = 60
	DefaultThreshold          = 1
)

// Rule is a detection as the API stores it: metadata and the Python body.
type Rule struct {
	ID                 string              `json:"id"`
	Body               string              `json:"body"`
	VersionID          string              `json:"versionId,omitempty"`
	DisplayName        string              `json:"displayName,omitempty"`
	Description        string              `json:"description,omitempty"`
	Enabled            bool                `json:"enabled"`
	LogTypes           []string            `json:"logTypes"`
	Severity           string              `json:"severity"`
	DedupPeriodMinutes int                 `json:"dedupPeriodMinutes"`
	Threshold          int                 `json:"threshold"`
	Tags               []string            `json:"tags"`
	Reports            map[string][]string `json:"reports"`
	OutputIDs          []string            `json:"outputIds"`
	Reference          string              `json:"reference,omitempty"`
	Runbook            string              `json:"runbook,omitempty"`
	Tests              []UnitTest          `json:"tests"`
	CreatedAt          time.Time           `json:"createdAt"`
	CreatedBy          string              `json:"createdBy,omitempty"`
	LastModified       time.Time           `json:"lastModified"`
	LastModifiedBy     string              `json:"lastModifiedBy,omitempty"`
}

// UnitTest is one of a rule's tests: a named event (a JSON string) and the expected result.
type UnitTest struct {
	Name           string `json:"name"`
	ExpectedResult bool   `json:"expectedResult"`
	Resource       string `json:"resource"`
	// Mocks maps a name in the rule's module to the string a mock of it returns.
	Mocks map[string]string `json:"mocks,omitempty"`
}

// Global is a Python module every rule can import by its ID.
type Global struct {
	ID             string    `json:"id"`
	Body           string    `json:"body"`
	Description    string    `json:"description,omitempty"`
	VersionID      string    `json:"versionId,omitempty"`
	CreatedAt      time.Time `json:"createdAt"`
	CreatedBy      string    `json:"createdBy,omitempty"`
	LastModified   time.Time `json:"lastModified"`
	LastModifiedBy string    `json:"lastModifiedBy,omitempty"`
}

// DataModel maps unified names to the fields of one log type: a JSONPath or a method of the
// model's Python body.
type DataModel struct {
	ID             string             `json:"id"`
	DisplayName    string             `json:"displayName,omitempty"`
	Enabled        bool               `json:"enabled"`
	LogTypes       []string           `json:"logTypes"`
	Mappings       []DataModelMapping `json:"mappings"`
	Body           string             `json:"body,omitempty"`
	VersionID      string             `json:"versionId,omitempty"`
	CreatedAt      time.Time          `json:"createdAt"`
	CreatedBy      string             `json:"createdBy,omitempty"`
	LastModified   time.Time          `json:"lastModified"`
	LastModifiedBy string             `json:"lastModifiedBy,omitempty"`
}

// DataModelMapping is one unified name: exactly one of Path and Method is set.
type DataModelMapping struct {
	Name   string `json:"name"`
	Path   string `json:"path,omitempty"`
	Method string `json:"method,omitempty"`
}

// Request is the one-key invocation payload: exactly one field is set.
type Request struct {
	CreateRule       *RuleInput        `json:"createRule,omitempty"`
	UpdateRule       *RuleInput        `json:"updateRule,omitempty"`
	GetRule          *GetInput         `json:"getRule,omitempty"`
	ListRules        *ListInput        `json:"listRules,omitempty"`
	ListDetections   *ListInput        `json:"listDetections,omitempty"`
	DeleteDetections *DeleteInput      `json:"deleteDetections,omitempty"`
	TestRule         *TestRuleInput    `json:"testRule,omitempty"`
	CreateGlobal     *GlobalInput      `json:"createGlobal,omitempty"`
	UpdateGlobal     *GlobalInput      `json:"updateGlobal,omitempty"`
	GetGlobal        *GetInput         `json:"getGlobal,omitempty"`
	ListGlobals      *ListInput        `json:"listGlobals,omitempty"`
	DeleteGlobals    *DeleteInput      `json:"deleteGlobals,omitempty"`
	CreateDataModel  *DataModelInput   `json:"createDataModel,omitempty"`
	UpdateDataModel  *DataModelInput   `json:"updateDataModel,omitempty"`
	GetDataModel     *GetInput         `json:"getDataModel,omitempty"`
	ListDataModels   *ListInput        `json:"listDataModels,omitempty"`
	DeleteDataModels *DeleteInput      `json:"deleteDataModels,omitempty"`
	BulkUpload       *BulkUploadInput  `json:"bulkUpload,omitempty"`
	GetRevision      *GetRevisionInput `json:"getRevision,omitempty"`
}

// RuleInput creates or updates a rule; UserID is the acting user.
type RuleInput struct {
	Rule
	UserID string `json:"userId"`
}

// GlobalInput creates or updates a global.
type GlobalInput struct {
	Global
	UserID string `json:"userId"`
}

// DataModelInput creates or updates a data model.
type DataModelInput struct {
	DataModel
	UserID string `json:"userId"`
}

// GetInput reads one item, at a version when VersionID is set.
type GetInput struct {
	ID        string `json:"id"`
	VersionID string `json:"versionId,omitempty"`
}

// ListInput lists items with filters, a sort and a page (1-based). Zero values filter nothing.
type ListInput struct {
	Enabled        *bool    `json:"enabled,omitempty"`
	NameContains   string   `json:"nameContains,omitempty"`
	LogTypes       []string `json:"logTypes,omitempty"`
	Severity       []string `json:"severity,omitempty"`
	Tags           []string `json:"tags,omitempty"`
	IDs            []string `json:"ids,omitempty"`
	AnalysisTypes  []string `json:"analysisTypes,omitempty"`
	CreatedBy      string   `json:"createdBy,omitempty"`
	LastModifiedBy string   `json:"lastModifiedBy,omitempty"`
	// SortBy is one of id, displayName, enabled, lastModified, logTypes, severity.
	SortBy   string `json:"sortBy,omitempty"`
	SortDir  string `json:"sortDir,omitempty"` // ascending (default) or descending
	Page     int    `json:"page,omitempty"`
	PageSize int    `json:"pageSize,omitempty"`
}

// Paging is where a page sits in the whole list.
type Paging struct {
	ThisPage   int `json:"thisPage"`
	TotalPages int `json:"totalPages"`
	TotalItems int `json:"totalItems"`
}

// ListRulesOutput is a page of rules.
type ListRulesOutput struct {
	Paging Paging `json:"paging"`
	Rules  []Rule `json:"rules"`
}

// ListGlobalsOutput is a page of globals.
type ListGlobalsOutput struct {
	Paging  Paging   `json:"paging"`
	Globals []Global `json:"globals"`
}

// ListDataModelsOutput is a page of data models.
type ListDataModelsOutput struct {
	Paging     Paging      `json:"paging"`
	DataModels []DataModel `json:"models"`
}

// Detection is one entry of listDetections: a rule, with its analysis type.
type Detection struct {
	Rule
	AnalysisType string `json:"analysisType"`
}

// ListDetectionsOutput is a page of detections.
type ListDetectionsOutput struct {
	Paging     Paging      `json:"paging"`
	Detections []Detection `json:"detections"`
}

// DeleteInput removes items by ID.
type DeleteInput struct {
	Entries []DeleteEntry `json:"entries"`
}

// DeleteEntry names one item to delete.
type DeleteEntry struct {
	ID string `json:"id"`
}

// TestRuleInput runs a rule body against unit tests without saving it.
type TestRuleInput struct {
	Body     string     `json:"body"`
	LogTypes []string   `json:"logTypes"`
	Tests    []UnitTest `json:"tests"`
}

// TestRuleOutput is every test's result.
type TestRuleOutput struct {
	Results []TestResult `json:"results"`
}

// TestResult is one test: whether it passed, what rule() said, every function's output and
// error. Function outputs are reported only for tests expecting a match.
type TestResult struct {
	ID        string                  `json:"id"`
	Name      string                  `json:"name"`
	Passed    bool                    `json:"passed"`
	Error     *TestError              `json:"error"`
	Functions map[string]FunctionTest `json:"functions"`
}

// TestError is an error of the rule's setup.
type TestError struct {
	Message string `json:"message"`
}

// FunctionTest is one function's output or error.
type FunctionTest struct {
	Output *string    `json:"output"`
	Error  *TestError `json:"error"`
}

// GetRevisionInput asks for the revision of everything the engines load.
type GetRevisionInput struct{}

// RevisionOutput names the current state of the rules, globals and data models: it changes
// whenever any of them is created, changed, enabled, disabled or deleted, so the rules engine
// reloads them without waiting for its refresh period.
type RevisionOutput struct {
	Revision string `json:"revision"`
}

// BulkUploadInput uploads a zip in the panther-analysis format (base64).
type BulkUploadInput struct {
	Data   string `json:"data"`
	UserID string `json:"userId"`
}

// BulkUploadOutput counts what an upload created and changed.
type BulkUploadOutput struct {
	TotalRules         int `json:"totalRules"`
	NewRules           int `json:"newRules"`
	ModifiedRules      int `json:"modifiedRules"`
	TotalPolicies      int `json:"totalPolicies"`
	NewPolicies        int `json:"newPolicies"`
	ModifiedPolicies   int `json:"modifiedPolicies"`
	TotalGlobals       int `json:"totalGlobals"`
	NewGlobals         int `json:"newGlobals"`
	ModifiedGlobals    int `json:"modifiedGlobals"`
	TotalDataModels    int `json:"totalDataModels"`
	NewDataModels      int `json:"newDataModels"`
	ModifiedDataModels int `json:"modifiedDataModels"`
}

// Response is the gateway-style answer: StatusCode 2xx with Body the output's JSON, or an
// error status with Body {"message": ...}.
type Response struct {
	StatusCode int    `json:"statusCode"`
	Body       string `json:"body"`
}

// ErrorBody is the body of a failed response.
type ErrorBody struct {
	Message string `json:"message"`
}
