package localaws_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/glue"
	"github.com/aws/aws-sdk-go-v2/service/glue/types"
)

func createGlueTable(t *testing.T, e *env, db, table string) {
	t.Helper()
	c := ctx(t)
	_, err := e.glue.CreateDatabase(c, &glue.CreateDatabaseInput{DatabaseInput: &types.DatabaseInput{Name: aws.String(db),
		Description: aws.String("logs"), Parameters: map[string]string{"owner": "panther"}}})
	must(t, err)
	_, err = e.glue.CreateTable(c, &glue.CreateTableInput{DatabaseName: aws.String(db), TableInput: &types.TableInput{
		Name: aws.String(table), TableType: aws.String("EXTERNAL_TABLE"),
		StorageDescriptor: &types.StorageDescriptor{
			Columns:   []types.Column{{Name: aws.String("p_event_time"), Type: aws.String("timestamp")}, {Name: aws.String("msg"), Type: aws.String("string")}},
			Location:  aws.String("s3://processed/logs/" + table + "/"),
			SerdeInfo: &types.SerDeInfo{SerializationLibrary: aws.String("org.openx.data.jsonserde.JsonSerDe")},
		},
		PartitionKeys: []types.Column{{Name: aws.String("year"), Type: aws.String("int")}, {Name: aws.String("month"), Type: aws.String("int")},
			{Name: aws.String("day"), Type: aws.String("int")}},
	}})
	must(t, err)
}

func TestGlueDatabasesAndTables(t *testing.T) {
	e := startEnv(t)
	c := ctx(t)
	createGlueTable(t, e, "Panther_Logs", "aws_cloudtrail")
	_, err := e.glue.CreateDatabase(c, &glue.CreateDatabaseInput{DatabaseInput: &types.DatabaseInput{Name: aws.String("panther_logs")}})
	wantCode(t, err, "AlreadyExistsException")
	db, err := e.glue.GetDatabase(c, &glue.GetDatabaseInput{Name: aws.String("PANTHER_LOGS")})
	must(t, err)
	if aws.ToString(db.Database.Name) != "panther_logs" || db.Database.Parameters["owner"] != "panther" || db.Database.CreateTime == nil ||
		aws.ToString(db.Database.CatalogId) != "000000000000" {
		t.Fatalf("database %+v", db.Database)
	}
	dbs, err := e.glue.GetDatabases(c, &glue.GetDatabasesInput{})
	must(t, err)
	if len(dbs.DatabaseList) != 1 {
		t.Fatalf("databases %+v", dbs.DatabaseList)
	}
	got, err := e.glue.GetTable(c, &glue.GetTableInput{DatabaseName: aws.String("panther_logs"), Name: aws.String("aws_cloudtrail")})
	must(t, err)
	sd := got.Table.StorageDescriptor
	if len(sd.Columns) != 2 || aws.ToString(sd.Location) != "s3://processed/logs/aws_cloudtrail/" || len(got.Table.PartitionKeys) != 3 ||
		aws.ToString(sd.SerdeInfo.SerializationLibrary) != "org.openx.data.jsonserde.JsonSerDe" || aws.ToString(got.Table.DatabaseName) != "panther_logs" {
		t.Fatalf("table %+v", got.Table)
	}
	in := &types.TableInput{Name: aws.String("aws_cloudtrail"), StorageDescriptor: sd, PartitionKeys: got.Table.PartitionKeys,
		Parameters: map[string]string{"classification": "json"}}
	in.StorageDescriptor.Columns = append(in.StorageDescriptor.Columns, types.Column{Name: aws.String("extra"), Type: aws.String("string")})
	_, err = e.glue.UpdateTable(c, &glue.UpdateTableInput{DatabaseName: aws.String("panther_logs"), TableInput: in})
	must(t, err)
	createTable := func(name string) {
		_, err := e.glue.CreateTable(c, &glue.CreateTableInput{DatabaseName: aws.String("panther_logs"), TableInput: &types.TableInput{Name: aws.String(name)}})
		must(t, err)
	}
	createTable("aws_s3")
	createTable("okta")
	tables, err := e.glue.GetTables(c, &glue.GetTablesInput{DatabaseName: aws.String("panther_logs"), Expression: aws.String("aws_.*")})
	must(t, err)
	if len(tables.TableList) != 2 || len(tables.TableList[0].StorageDescriptor.Columns) != 3 || tables.TableList[0].Parameters["classification"] != "json" {
		t.Fatalf("tables %+v", tables.TableList)
	}
	_, err = e.glue.DeleteTable(c, &glue.DeleteTableInput{DatabaseName: aws.String("panther_logs"), Name: aws.String("okta")})
	must(t, err)
	_, err = e.glue.GetTable(c, &glue.GetTableInput{DatabaseName: aws.String("panther_logs"), Name: aws.String("okta")})
	wantCode(t, err, "EntityNotFoundException")
	_, err = e.glue.DeleteDatabase(c, &glue.DeleteDatabaseInput{Name: aws.String("panther_logs")})
	must(t, err)
	_, err = e.glue.GetTable(c, &glue.GetTableInput{DatabaseName: aws.String("panther_logs"), Name: aws.String("aws_s3")})
	wantCode(t, err, "EntityNotFoundException")
}

func partitionInput(values ...string) types.PartitionInput {
	return types.PartitionInput{Values: values, StorageDescriptor: &types.StorageDescriptor{
		Location: aws.String("s3://processed/logs/t/year=" + values[0] + "/month=" + values[1] + "/day=" + values[2] + "/")}}
}

func TestGluePartitionsWithExpression(t *testing.T) {
	e := startEnv(t)
	c := ctx(t)
	createGlueTable(t, e, "logs", "t")
	ref := func() (*string, *string) { return aws.String("logs"), aws.String("t") }
	db, tbl := ref()
	_, err := e.glue.CreatePartition(c, &glue.CreatePartitionInput{DatabaseName: db, TableName: tbl, PartitionInput: ptr(partitionInput("2026", "12", "01"))})
	must(t, err)
	batch, err := e.glue.BatchCreatePartition(c, &glue.BatchCreatePartitionInput{DatabaseName: db, TableName: tbl, PartitionInputList: []types.PartitionInput{
		partitionInput("2026", "12", "01"), partitionInput("2026", "12", "02"), partitionInput("2026", "11", "30"),
		partitionInput("2025", "12", "31"), {Values: []string{"2026"}},
	}})
	must(t, err)
	if len(batch.Errors) != 2 || aws.ToString(batch.Errors[0].ErrorDetail.ErrorCode) != "AlreadyExistsException" ||
		batch.Errors[0].PartitionValues[2] != "01" || aws.ToString(batch.Errors[1].ErrorDetail.ErrorCode) != "InvalidInputException" {
		t.Fatalf("batch errors %+v", batch.Errors)
	}
	p, err := e.glue.GetPartition(c, &glue.GetPartitionInput{DatabaseName: db, TableName: tbl, PartitionValues: []string{"2026", "12", "02"}})
	must(t, err)
	if aws.ToString(p.Partition.StorageDescriptor.Location) != "s3://processed/logs/t/year=2026/month=12/day=02/" || p.Partition.CreationTime == nil {
		t.Fatalf("partition %+v", p.Partition)
	}
	cases := map[string]int{
		"":                           4,
		"year='2026' AND month='12'": 2,
		"year = 2026 and (month = 11 or day = '01')": 2,
		"year > 2025":                   3,
		"month IN ('11', '10')":         1,
		"day BETWEEN 2 AND 30":          2,
		"NOT year = '2026'":             1,
		"year <> 2026 OR day LIKE '3%'": 2,
	}
	for expr, want := range cases {
		out, err := e.glue.GetPartitions(c, &glue.GetPartitionsInput{DatabaseName: db, TableName: tbl, Expression: aws.String(expr)})
		must(t, err)
		if len(out.Partitions) != want {
			t.Errorf("%q: %d partitions, want %d", expr, len(out.Partitions), want)
		}
	}
	_, err = e.glue.GetPartitions(c, &glue.GetPartitionsInput{DatabaseName: db, TableName: tbl, Expression: aws.String("hour = '1'")})
	wantCode(t, err, "InvalidInputException")
	page, err := e.glue.GetPartitions(c, &glue.GetPartitionsInput{DatabaseName: db, TableName: tbl, MaxResults: aws.Int32(3)})
	must(t, err)
	if len(page.Partitions) != 3 || page.NextToken == nil {
		t.Fatalf("page %d %v", len(page.Partitions), page.NextToken)
	}
	del, err := e.glue.BatchDeletePartition(c, &glue.BatchDeletePartitionInput{DatabaseName: db, TableName: tbl, PartitionsToDelete: []types.PartitionValueList{
		{Values: []string{"2025", "12", "31"}}, {Values: []string{"1999", "01", "01"}}}})
	must(t, err)
	if len(del.Errors) != 1 || aws.ToString(del.Errors[0].ErrorDetail.ErrorCode) != "EntityNotFoundException" {
		t.Fatalf("delete errors %+v", del.Errors)
	}
	_, err = e.glue.DeletePartition(c, &glue.DeletePartitionInput{DatabaseName: db, TableName: tbl, PartitionValues: []string{"2026", "11", "30"}})
	must(t, err)
	_, err = e.glue.GetPartition(c, &glue.GetPartitionInput{DatabaseName: db, TableName: tbl, PartitionValues: []string{"2026", "11", "30"}})
	wantCode(t, err, "EntityNotFoundException")
}

func ptr[T any](v T) *T { return &v }
