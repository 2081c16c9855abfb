// Package glue emulates the AWS Glue Data Catalog JSON 1.1 API as state:
// databases, tables with their storage descriptors and partition keys,
// and partitions, which GetPartitions filters with a partition-key
// expression. Nothing runs: there are no crawlers, jobs or Athena.
package glue

import (
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"github.com/panther-operator/panther-operator/internal/localaws/internal/state"
	"github.com/panther-operator/panther-operator/internal/localaws/internal/wire"
)

// Database is a catalog database with its tables.
type Database struct {
	Name        string            `json:"Name"`
	Description string            `json:"Description,omitempty"`
	LocationUri string            `json:"LocationUri,omitempty"`
	Parameters  map[string]string `json:"Parameters,omitempty"`
	CreateTime  time.Time         `json:"CreateTime"`
	Tables      map[string]*Table `json:"Tables,omitempty"`
}

// Column is a table column or partition key.
type Column struct {
	Name       string            `json:"Name"`
	Type       string            `json:"Type,omitempty"`
	Comment    string            `json:"Comment,omitempty"`
	Parameters map[string]string `json:"Parameters,omitempty"`
}

// SerDeInfo is a storage descriptor's serializer.
type SerDeInfo struct {
	Name                 string            `json:"Name,omitempty"`
	SerializationLibrary string            `json:"SerializationLibrary,omitempty"`
	Parameters           map[string]string `json:"Parameters,omitempty"`
}

// Order is a sort column.
type Order struct {
	Column    string       `json:"Column"`
	SortOrder wire.FlexInt `json:"SortOrder"`
}

// StorageDescriptor is where and how a table's or partition's data is
// stored.
type StorageDescriptor struct {
	Columns                []Column          `json:"Columns,omitempty"`
	Location               string            `json:"Location,omitempty"`
	InputFormat            string            `json:"InputFormat,omitempty"`
	OutputFormat           string            `json:"OutputFormat,omitempty"`
	Compressed             wire.FlexBool     `json:"Compressed,omitempty"`
	NumberOfBuckets        wire.FlexInt      `json:"NumberOfBuckets,omitempty"`
	SerdeInfo              *SerDeInfo        `json:"SerdeInfo,omitempty"`
	BucketColumns          []string          `json:"BucketColumns,omitempty"`
	SortColumns            []Order           `json:"SortColumns,omitempty"`
	Parameters             map[string]string `json:"Parameters,omitempty"`
	StoredAsSubDirectories wire.FlexBool     `json:"StoredAsSubDirectories,omitempty"`
}

// TableInput is a table as CreateTable and UpdateTable take it.
type TableInput struct {
	Name              string             `json:"Name"`
	Description       string             `json:"Description,omitempty"`
	Owner             string             `json:"Owner,omitempty"`
	Retention         wire.FlexInt       `json:"Retention,omitempty"`
	StorageDescriptor *StorageDescriptor `json:"StorageDescriptor,omitempty"`
	PartitionKeys     []Column           `json:"PartitionKeys,omitempty"`
	TableType         string             `json:"TableType,omitempty"`
	Parameters        map[string]string  `json:"Parameters,omitempty"`
	ViewOriginalText  string             `json:"ViewOriginalText,omitempty"`
	ViewExpandedText  string             `json:"ViewExpandedText,omitempty"`
}

// Table is a catalog table with its partitions, by partitionKey.
type Table struct {
	TableInput
	CreateTime time.Time             `json:"CreateTime"`
	UpdateTime time.Time             `json:"UpdateTime"`
	VersionID  int                   `json:"VersionId"`
	Partitions map[string]*Partition `json:"Partitions,omitempty"`
}

// PartitionInput is a partition as CreatePartition takes it.
type PartitionInput struct {
	Values            []string           `json:"Values"`
	StorageDescriptor *StorageDescriptor `json:"StorageDescriptor,omitempty"`
	Parameters        map[string]string  `json:"Parameters,omitempty"`
}

// Partition is one partition of a table.
type Partition struct {
	PartitionInput
	CreationTime time.Time `json:"CreationTime"`
}

// partitionKey identifies a partition by its values.
func partitionKey(values []string) string {
	data, _ := json.Marshal(values)
	return string(data)
}

// databaseTable holds each region's databases by (lower-case) name.
var databaseTable = state.NewTable[*Database]("glueDatabases", state.PerRegion)

// Tables are the state tables of Glue.
func Tables() []state.Declared { return []state.Declared{databaseTable} }

// Service implements the Glue Data Catalog API and the backend methods
// CloudFormation uses.
type Service struct {
	store *state.Store
}

// New returns the Glue service keeping its catalog in store.
func New(store *state.Store) *Service { return &Service{store: store} }

func (s *Service) databases(account, region string) map[string]*Database {
	return databaseTable.Region(s.store.State(), account, region)
}

// request is a call to Glue.
type request struct {
	*wire.Request
	svc *Service
}

func (req *request) databases() map[string]*Database {
	return req.svc.databases(req.Account, req.Region)
}

type handlerFunc func(req *request) error

var handlers = map[string]handlerFunc{
	"CreateDatabase":       createDatabase,
	"GetDatabase":          getDatabase,
	"GetDatabases":         getDatabases,
	"UpdateDatabase":       updateDatabase,
	"DeleteDatabase":       deleteDatabase,
	"CreateTable":          createTable,
	"GetTable":             getTable,
	"GetTables":            getTables,
	"UpdateTable":          updateTable,
	"DeleteTable":          deleteTable,
	"CreatePartition":      createPartition,
	"BatchCreatePartition": batchCreatePartition,
	"GetPartition":         getPartition,
	"GetPartitions":        getPartitions,
	"BatchGetPartition":    batchGetPartition,
	"DeletePartition":      deletePartition,
	"BatchDeletePartition": batchDeletePartition,
}

// Resolve implements wire.Service: the resource is the database a request
// names.
func (s *Service) Resolve(req *wire.Request) (string, string) {
	return wire.ResolveTarget(req, handlers, "DatabaseName", "Name")
}

// Serve implements wire.Service.
func (s *Service) Serve(req *wire.Request) error {
	return handlers[req.Operation](&request{Request: req, svc: s})
}

func glueError(code, format string, args ...any) *wire.Error {
	return wire.NewError(http.StatusBadRequest, code, format, args...)
}

func notFound(format string, args ...any) *wire.Error {
	return glueError("EntityNotFoundException", format, args...)
}

func invalidInput(format string, args ...any) *wire.Error {
	return glueError("InvalidInputException", format, args...)
}

func (s *Service) database(account, region, name string) (*Database, error) {
	db, ok := s.databases(account, region)[strings.ToLower(name)]
	if !ok {
		return nil, notFound("Database %s not found.", name)
	}
	return db, nil
}

func (s *Service) table(account, region, database, name string) (*Table, error) {
	db, err := s.database(account, region, database)
	if err != nil {
		return nil, err
	}
	t, ok := db.Tables[strings.ToLower(name)]
	if !ok {
		return nil, notFound("Table %s not found.", name)
	}
	return t, nil
}

// tableOf returns the table a partition request names.
func (req *request) tableOf(ref *tableRef) (*Table, error) {
	return req.svc.table(req.Account, req.Region, ref.DatabaseName, ref.TableName)
}

// tableRef is the table a partition request names.
type tableRef struct {
	CatalogId    string
	DatabaseName string
	TableName    string
}

// nextToken pages a sorted list by index.
func nextToken[T any](items []T, limit int, token string) ([]T, string, error) {
	if limit <= 0 || limit > 1000 {
		limit = 1000
	}
	page, next, ok := wire.IndexPage(items, limit, token)
	if !ok {
		return nil, "", invalidInput("Invalid NextToken %s", token)
	}
	return page, next, nil
}
