package customresources

import (
	"context"
	"fmt"

	"github.com/aws/aws-lambda-go/cfn"

	"github.com/panther-operator/panther-operator/lambdas/logs/datacatalog"
	"github.com/panther-operator/panther-operator/lambdas/logs/pantherlog"
)

// Catalog is Glue as the tables resource uses it.
type Catalog interface {
	datacatalog.Catalog
	DeleteDatabase(ctx context.Context, name string) error
}

// LogTypesInUse lists the log types some source reads (source-api listLogTypes).
type LogTypesInUse func(ctx context.Context) ([]string, error)

// GlueTables is Custom::UpdateLogProcessorTables: on create and update it makes sure Panther's
// Glue databases exist and that every log type a source reads has its table in panther_logs
// (over s3://ProcessedDataBucket/logs/<table>/); on delete it removes the databases.
type GlueTables struct {
	Catalog Catalog
	InUse   LogTypesInUse
	Schemas datacatalog.Schemas
}

// glueTablesID is the resource's one physical ID.
const glueTablesID = "custom:glue:update-log-processor-tables"

// Handle implements Handler.
func (g *GlueTables) Handle(ctx context.Context, event cfn.Event) (string, map[string]any, error) {
	if event.RequestType == cfn.RequestDelete {
		for _, db := range datacatalog.AllDatabases {
			if err := g.Catalog.DeleteDatabase(ctx, db); err != nil {
				return glueTablesID, nil, fmt.Errorf("delete Glue database %s: %w", db, err)
			}
		}
		return glueTablesID, nil, nil
	}
	bucket, err := stringProperty(event, "ProcessedDataBucket")
	if err != nil {
		return glueTablesID, nil, err
	}
	for _, db := range datacatalog.AllDatabases {
		if err := g.Catalog.CreateDatabase(ctx, db, "Panther's "+db); err != nil {
			return glueTablesID, nil, fmt.Errorf("create Glue database %s: %w", db, err)
		}
	}
	logTypes, err := g.InUse(ctx)
	if err != nil {
		return glueTablesID, nil, fmt.Errorf("list the log types in use: %w", err)
	}
	for _, name := range logTypes {
		table := pantherlog.TableName(name)
		schema, err := g.Schemas(ctx, table)
		if err != nil {
			return glueTablesID, nil, fmt.Errorf("the schema of %s: %w", name, err)
		}
		if schema == nil {
			return glueTablesID, nil, fmt.Errorf("a source reads %s, which is not a log type", name)
		}
		location := "s3://" + bucket + "/logs/" + table + "/"
		if err := g.Catalog.CreateTable(ctx, "panther_logs", table, location, schema.Description, datacatalog.Columns(schema), datacatalog.PartitionKeys); err != nil {
			return glueTablesID, nil, fmt.Errorf("create table panther_logs.%s: %w", table, err)
		}
	}
	return glueTablesID, map[string]any{"Tables": len(logTypes)}, nil
}
