package glue

import (
	"encoding/json"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/panther-operator/panther-operator/internal/localaws/internal/wire"
)

// DatabaseInput is a database as CreateDatabase and UpdateDatabase take it.
type DatabaseInput struct {
	Name        string
	Description string
	LocationUri string
	Parameters  map[string]string
}

var namePattern = regexp.MustCompile(`^[\x{0020}-\x{D7FF}\x{E000}-\x{FFFD}\t]{1,255}$`)

func checkName(what, name string) error {
	if !namePattern.MatchString(name) {
		return invalidInput("1 validation error detected: Value '%s' at '%s' failed to satisfy constraint: Member must have length between 1 and 255", name, what)
	}
	return nil
}

// createDatabase is shared by the API and CloudFormation.
func (s *Service) createDatabase(account, region string, in DatabaseInput) (*Database, error) {
	if err := checkName("databaseInput.name", in.Name); err != nil {
		return nil, err
	}
	name := strings.ToLower(in.Name)
	dbs := s.databases(account, region)
	if _, exists := dbs[name]; exists {
		return nil, glueError("AlreadyExistsException", "Database already exists.")
	}
	db := &Database{Name: name, Description: in.Description, LocationUri: in.LocationUri, Parameters: in.Parameters,
		CreateTime: time.Now().UTC(), Tables: map[string]*Table{}}
	dbs[name] = db
	return db, nil
}

func (db *Database) out(account string) map[string]any {
	out := map[string]any{"Name": db.Name, "CreateTime": wire.Epoch(db.CreateTime), "CatalogId": account}
	if db.Description != "" {
		out["Description"] = db.Description
	}
	if db.LocationUri != "" {
		out["LocationUri"] = db.LocationUri
	}
	if db.Parameters != nil {
		out["Parameters"] = db.Parameters
	}
	return out
}

func createDatabase(req *request) error {
	var in struct{ DatabaseInput DatabaseInput }
	if err := req.DecodeJSON(&in); err != nil {
		return err
	}
	if _, err := req.svc.createDatabase(req.Account, req.Region, in.DatabaseInput); err != nil {
		return err
	}
	return req.ReplyJSON(nil)
}

func getDatabase(req *request) error {
	var in struct{ Name string }
	if err := req.DecodeJSON(&in); err != nil {
		return err
	}
	db, err := req.svc.database(req.Account, req.Region, in.Name)
	if err != nil {
		return err
	}
	return req.ReplyJSON(map[string]any{"Database": db.out(req.Account)})
}

func getDatabases(req *request) error {
	var in struct {
		NextToken  string
		MaxResults int
	}
	if err := req.DecodeJSON(&in); err != nil {
		return err
	}
	dbs := req.databases()
	names, next, err := nextToken(slices.Sorted(maps.Keys(dbs)), in.MaxResults, in.NextToken)
	if err != nil {
		return err
	}
	list := make([]map[string]any, len(names))
	for i, n := range names {
		list[i] = dbs[n].out(req.Account)
	}
	return replyPage(req, "DatabaseList", list, next)
}

func replyPage(req *request, member string, list any, next string) error {
	out := map[string]any{member: list}
	if next != "" {
		out["NextToken"] = next
	}
	return req.ReplyJSON(out)
}

// updateDatabase replaces a database's definition; its name stays.
func (s *Service) updateDatabase(account, region, name string, in DatabaseInput) error {
	db, err := s.database(account, region, name)
	if err != nil {
		return err
	}
	db.Description, db.LocationUri, db.Parameters = in.Description, in.LocationUri, in.Parameters
	return nil
}

func updateDatabase(req *request) error {
	var in struct {
		Name          string
		DatabaseInput DatabaseInput
	}
	if err := req.DecodeJSON(&in); err != nil {
		return err
	}
	if err := req.svc.updateDatabase(req.Account, req.Region, in.Name, in.DatabaseInput); err != nil {
		return err
	}
	return req.ReplyJSON(nil)
}

func deleteDatabase(req *request) error {
	var in struct{ Name string }
	if err := req.DecodeJSON(&in); err != nil {
		return err
	}
	if _, err := req.svc.database(req.Account, req.Region, in.Name); err != nil {
		return err
	}
	delete(req.databases(), strings.ToLower(in.Name))
	return req.ReplyJSON(nil)
}

// tableOut is a table as GetTable answers it.
type tableOut struct {
	TableInput
	DatabaseName                  string
	CatalogId                     string
	CreateTime                    float64
	UpdateTime                    float64
	VersionId                     string
	IsRegisteredWithLakeFormation bool
}

func (t *Table) out(account, database string) tableOut {
	return tableOut{TableInput: t.TableInput, DatabaseName: database, CatalogId: account, CreateTime: wire.Epoch(t.CreateTime),
		UpdateTime: wire.Epoch(t.UpdateTime), VersionId: strconv.Itoa(t.VersionID)}
}

// normalizeTable lower-cases the names Glue lower-cases.
func normalizeTable(in *TableInput) error {
	if err := checkName("tableInput.name", in.Name); err != nil {
		return err
	}
	in.Name = normalizedName(in.Name)
	if in.TableType == "" && in.StorageDescriptor != nil {
		in.TableType = "EXTERNAL_TABLE"
	}
	return nil
}

// createTable is shared by the API and CloudFormation.
func (s *Service) createTable(account, region, database string, in TableInput) error {
	db, err := s.database(account, region, database)
	if err != nil {
		return err
	}
	if err := normalizeTable(&in); err != nil {
		return err
	}
	if _, exists := db.Tables[in.Name]; exists {
		return glueError("AlreadyExistsException", "Table already exists.")
	}
	now := time.Now().UTC()
	if db.Tables == nil {
		db.Tables = map[string]*Table{}
	}
	db.Tables[in.Name] = &Table{TableInput: in, CreateTime: now, UpdateTime: now, VersionID: 0}
	return nil
}

// updateTable replaces a table's definition, keeping its partitions.
func (s *Service) updateTable(account, region, database string, in TableInput) error {
	if err := normalizeTable(&in); err != nil {
		return err
	}
	t, err := s.table(account, region, database, in.Name)
	if err != nil {
		return err
	}
	t.TableInput, t.UpdateTime = in, time.Now().UTC()
	t.VersionID++
	return nil
}

type tableInputRequest struct {
	CatalogId    string
	DatabaseName string
	TableInput   TableInput
}

func createTable(req *request) error {
	var in tableInputRequest
	if err := req.DecodeJSON(&in); err != nil {
		return err
	}
	if err := req.svc.createTable(req.Account, req.Region, in.DatabaseName, in.TableInput); err != nil {
		return err
	}
	return req.ReplyJSON(nil)
}

func updateTable(req *request) error {
	var in tableInputRequest
	if err := req.DecodeJSON(&in); err != nil {
		return err
	}
	if err := req.svc.updateTable(req.Account, req.Region, in.DatabaseName, in.TableInput); err != nil {
		return err
	}
	return req.ReplyJSON(nil)
}

type tableNameRequest struct {
	DatabaseName string
	Name         string
}

func getTable(req *request) error {
	var in tableNameRequest
	if err := req.DecodeJSON(&in); err != nil {
		return err
	}
	t, err := req.svc.table(req.Account, req.Region, in.DatabaseName, in.Name)
	if err != nil {
		return err
	}
	return req.ReplyJSON(map[string]any{"Table": t.out(req.Account, strings.ToLower(in.DatabaseName))})
}

func deleteTable(req *request) error {
	var in tableNameRequest
	if err := req.DecodeJSON(&in); err != nil {
		return err
	}
	db, err := req.svc.database(req.Account, req.Region, in.DatabaseName)
	if err != nil {
		return err
	}
	if _, err := req.svc.table(req.Account, req.Region, in.DatabaseName, in.Name); err != nil {
		return err
	}
	delete(db.Tables, strings.ToLower(in.Name))
	return req.ReplyJSON(nil)
}

// getTables lists a database's tables; Expression is a regular expression
// on the names, as on AWS.
func getTables(req *request) error {
	var in struct {
		DatabaseName, Expression, NextToken string
		MaxResults                          int
	}
	if err := req.DecodeJSON(&in); err != nil {
		return err
	}
	db, err := req.svc.database(req.Account, req.Region, in.DatabaseName)
	if err != nil {
		return err
	}
	var match *regexp.Regexp
	if in.Expression != "" {
		if match, err = regexp.Compile("^(?:" + in.Expression + ")$"); err != nil {
			return invalidInput("Invalid expression %s", in.Expression)
		}
	}
	var names []string
	for _, n := range slices.Sorted(maps.Keys(db.Tables)) {
		if match == nil || match.MatchString(n) {
			names = append(names, n)
		}
	}
	names, next, err := nextToken(names, in.MaxResults, in.NextToken)
	if err != nil {
		return err
	}
	list := make([]tableOut, len(names))
	for i, n := range names {
		list[i] = db.Tables[n].out(req.Account, db.Name)
	}
	return replyPage(req, "TableList", list, next)
}

// decodeInput reads an API input from JSON (CloudFormation's), with the
// API's error for a malformed one.
func decodeInput(data []byte, v any) error {
	if err := json.Unmarshal(data, v); err != nil {
		return invalidInput("%v", err)
	}
	return nil
}

// normalizedName is a name as Glue keeps it, lower case.
func normalizedName(name string) string { return strings.ToLower(name) }
