// Package datacatalog keeps the Glue catalog of ProcessedData: a database per data kind, a
// table per log type with columns from the log type's schema, and hourly partitions added
// as the processed-data notifications arrive (panther-datacatalog-updater).
package datacatalog

import (
	"strings"

	"github.com/panther-operator/panther-operator/lambdas/logs/logschema"
	"github.com/panther-operator/panther-operator/lambdas/logs/pantherlog"
)

// Column is one Glue column.
type Column struct {
	Name, Type, Comment string
}

// Databases by the first element of a ProcessedData key.
var Databases = map[string]string{
	"logs":           "panther_logs",
	"rules":          "panther_rule_matches",
	"rule_errors":    "panther_rule_errors",
	"cloud_security": "panther_cloudsecurity",
}

// AllDatabases are the databases the deployment keeps, with views and scratch space.
var AllDatabases = []string{"panther_logs", "panther_rule_matches", "panther_rule_errors", "panther_cloudsecurity", "panther_views", "panther_temp"}

// PartitionKeys are the partition columns of every table.
var PartitionKeys = []Column{
	{Name: "year", Type: "int"}, {Name: "month", Type: "int"}, {Name: "day", Type: "int"}, {Name: "hour", Type: "int"},
	{Name: "partition_time", Type: "bigint", Comment: "the hour's start in Unix seconds"},
}

// Columns are a log type's table columns: its fields (Glue-safe names and types), then the p_
// fields, with the p_any_* fields its indicators can fill.
func Columns(s *logschema.Schema) []Column {
	var cols []Column
	for _, f := range s.Fields {
		cols = append(cols, Column{Name: pantherlog.ColumnName(f.Name), Type: glueType(s, &f.ValueSchema), Comment: f.Description})
	}
	cols = append(cols,
		Column{Name: "p_log_type", Type: "string", Comment: "the log type"},
		Column{Name: "p_row_id", Type: "string", Comment: "the event's unique ID"},
		Column{Name: "p_event_time", Type: "timestamp", Comment: "the event's time, or its parse time"},
		Column{Name: "p_parse_time", Type: "timestamp", Comment: "when Panther parsed the event"},
		Column{Name: "p_source_id", Type: "string", Comment: "the source integration's ID"},
		Column{Name: "p_source_label", Type: "string", Comment: "the source integration's label"})
	kinds := map[pantherlog.Kind]bool{}
	walkIndicators(s, s.Fields, func(name string) {
		for _, k := range indicatorKinds[name] {
			kinds[k] = true
		}
	})
	for k, field := range pantherlog.KindFields {
		if kinds[pantherlog.Kind(k)] {
			cols = append(cols, Column{Name: field, Type: "array<string>"})
		}
	}
	return cols
}

// indicatorKinds are the p_any_* fields each scanner fills.
var indicatorKinds = map[string][]pantherlog.Kind{
	"ip": {pantherlog.KindIPAddress}, "domain": {pantherlog.KindDomainName},
	"hostname": {pantherlog.KindIPAddress, pantherlog.KindDomainName}, "url": {pantherlog.KindIPAddress, pantherlog.KindDomainName},
	"net_addr": {pantherlog.KindIPAddress, pantherlog.KindDomainName}, "md5": {pantherlog.KindMD5}, "sha1": {pantherlog.KindSHA1},
	"sha256": {pantherlog.KindSHA256}, "aws_arn": {pantherlog.KindAWSARN, pantherlog.KindAWSAccountID, pantherlog.KindAWSInstanceID},
	"aws_account_id": {pantherlog.KindAWSAccountID}, "aws_instance_id": {pantherlog.KindAWSInstanceID},
	"aws_tag": {pantherlog.KindAWSTag}, "trace_id": {pantherlog.KindTraceID}, "username": {pantherlog.KindUsername},
	"email": {pantherlog.KindEmail},
}

func walkIndicators(s *logschema.Schema, fields []*logschema.Field, fn func(string)) {
	for _, f := range fields {
		walkValue(s, &f.ValueSchema, fn, 0)
	}
}

func walkValue(s *logschema.Schema, v *logschema.ValueSchema, fn func(string), depth int) {
	v = s.Resolve(v)
	if v == nil || depth > 32 {
		return
	}
	for _, name := range v.Indicators {
		fn(name)
	}
	for _, f := range v.Fields {
		walkValue(s, &f.ValueSchema, fn, depth+1)
	}
	if v.Element != nil {
		walkValue(s, v.Element, fn, depth+1)
	}
}

// glueType is a value's Glue (Hive) type.
func glueType(s *logschema.Schema, v *logschema.ValueSchema) string {
	v = s.Resolve(v)
	switch v.Type {
	case logschema.TypeObject:
		parts := make([]string, 0, len(v.Fields))
		for _, f := range v.Fields {
			parts = append(parts, pantherlog.ColumnName(f.Name)+":"+glueType(s, &f.ValueSchema))
		}
		return "struct<" + strings.Join(parts, ",") + ">"
	case logschema.TypeArray:
		return "array<" + glueType(s, v.Element) + ">"
	case logschema.TypeFloat:
		return "double"
	case logschema.TypeInt, logschema.TypeSmallInt, logschema.TypeBigInt, logschema.TypeBoolean, logschema.TypeTimestamp:
		return string(v.Type)
	}
	return "string"
}
