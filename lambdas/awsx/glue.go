package awsx

import (
	"context"
	"errors"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/glue"
	gluetypes "github.com/aws/aws-sdk-go-v2/service/glue/types"

	"github.com/panther-operator/panther-operator/lambdas/logs/datacatalog"
)

// Catalog is the Glue data catalog.
type Catalog struct {
	Client *glue.Client
}

// CreateDatabase creates a database; one that exists is fine.
func (c *Catalog) CreateDatabase(ctx context.Context, name, description string) error {
	_, err := c.Client.CreateDatabase(ctx, &glue.CreateDatabaseInput{DatabaseInput: &gluetypes.DatabaseInput{Name: aws.String(name), Description: aws.String(description)}})
	var exists *gluetypes.AlreadyExistsException
	if errors.As(err, &exists) {
		return nil
	}
	return err
}

func columns(cols []datacatalog.Column) []gluetypes.Column {
	out := make([]gluetypes.Column, len(cols))
	for i, c := range cols {
		out[i] = gluetypes.Column{Name: aws.String(c.Name), Type: aws.String(c.Type)}
		if c.Comment != "" {
			out[i].Comment = aws.String(truncate(c.Comment, 255))
		}
	}
	return out
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}

// jsonStorage is how ProcessedData files are read: gzip JSON lines.
func jsonStorage(location string, cols []datacatalog.Column) *gluetypes.StorageDescriptor {
	return &gluetypes.StorageDescriptor{
		Columns: columns(cols), Location: aws.String(location), Compressed: true,
		InputFormat:  aws.String("org.apache.hadoop.mapred.TextInputFormat"),
		OutputFormat: aws.String("org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat"),
		SerdeInfo: &gluetypes.SerDeInfo{SerializationLibrary: aws.String("org.openx.data.jsonserde.JsonSerDe"),
			Parameters: map[string]string{"serialization.format": "1", "case.insensitive": "TRUE"}},
	}
}

// CreateTable creates a table over a ProcessedData prefix; one that exists is fine.
func (c *Catalog) CreateTable(ctx context.Context, database, table, location, description string, cols, partitionKeys []datacatalog.Column) error {
	_, err := c.Client.CreateTable(ctx, &glue.CreateTableInput{DatabaseName: aws.String(database), TableInput: &gluetypes.TableInput{
		Name: aws.String(table), Description: aws.String(truncate(description, 2048)), TableType: aws.String("EXTERNAL_TABLE"),
		PartitionKeys: columns(partitionKeys), StorageDescriptor: jsonStorage(location, cols),
		Parameters: map[string]string{"classification": "json", "compressionType": "gzip"},
	}})
	var exists *gluetypes.AlreadyExistsException
	if errors.As(err, &exists) {
		return nil
	}
	return err
}

// CreatePartitions adds partitions in batches of 100; ones that exist are fine.
func (c *Catalog) CreatePartitions(ctx context.Context, database, table string, partitions []datacatalog.Partition) error {
	for start := 0; start < len(partitions); start += 100 {
		batch := partitions[start:min(start+100, len(partitions))]
		inputs := make([]gluetypes.PartitionInput, len(batch))
		for i, p := range batch {
			inputs[i] = gluetypes.PartitionInput{Values: p.Values(), StorageDescriptor: jsonStorage(p.Location, nil)}
		}
		out, err := c.Client.BatchCreatePartition(ctx, &glue.BatchCreatePartitionInput{DatabaseName: aws.String(database), TableName: aws.String(table), PartitionInputList: inputs})
		var missing *gluetypes.EntityNotFoundException
		if errors.As(err, &missing) {
			return datacatalog.ErrNoTable
		}
		if err != nil {
			return err
		}
		for _, e := range out.Errors {
			code := aws.ToString(e.ErrorDetail.ErrorCode)
			switch code {
			case "AlreadyExistsException":
			case "EntityNotFoundException":
				return datacatalog.ErrNoTable
			default:
				return errors.New(code + ": " + aws.ToString(e.ErrorDetail.ErrorMessage))
			}
		}
	}
	return nil
}

// DeleteDatabase deletes a database and its tables; one that is gone is fine.
func (c *Catalog) DeleteDatabase(ctx context.Context, name string) error {
	_, err := c.Client.DeleteDatabase(ctx, &glue.DeleteDatabaseInput{Name: aws.String(name)})
	var missing *gluetypes.EntityNotFoundException
	if errors.As(err, &missing) {
		return nil
	}
	return err
}
