package datacatalog

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/panther-operator/panther-operator/lambdas/logs/logschema"
)

// Partition is one hour of one table.
type Partition struct {
	Database, Table string
	Hour            time.Time
	// Location is the partition's S3 folder (s3://bucket/logs/<table>/year=.../hour=HH/).
	Location string
}

// Values are the partition's values in PartitionKeys order.
func (p Partition) Values() []string {
	h := p.Hour
	return []string{strconv.Itoa(h.Year()), strconv.Itoa(int(h.Month())), strconv.Itoa(h.Day()), strconv.Itoa(h.Hour()), strconv.FormatInt(h.Unix(), 10)}
}

// ParseKey reads the partition of a ProcessedData object key.
func ParseKey(bucket, key string) (Partition, error) {
	parts := strings.Split(key, "/")
	if len(parts) < 7 {
		return Partition{}, fmt.Errorf("key %q is not <kind>/<table>/year=/month=/day=/hour=/<file>", key)
	}
	db, ok := Databases[parts[0]]
	if !ok {
		return Partition{}, fmt.Errorf("key %q: unknown data kind %q", key, parts[0])
	}
	var v [4]int
	for i, name := range []string{"year", "month", "day", "hour"} {
		n, err := strconv.Atoi(strings.TrimPrefix(parts[2+i], name+"="))
		if err != nil || !strings.HasPrefix(parts[2+i], name+"=") {
			return Partition{}, fmt.Errorf("key %q: want %s=N at position %d", key, name, 3+i)
		}
		v[i] = n
	}
	hour := time.Date(v[0], time.Month(v[1]), v[2], v[3], 0, 0, 0, time.UTC)
	return Partition{Database: db, Table: parts[1], Hour: hour,
		Location: "s3://" + bucket + "/" + strings.Join(parts[:6], "/") + "/"}, nil
}

// Catalog is Glue as the updater uses it.
type Catalog interface {
	CreateDatabase(ctx context.Context, name, description string) error
	CreateTable(ctx context.Context, database, table, location, description string, columns, partitionKeys []Column) error
	// CreatePartitions adds partitions; existing ones are not errors. A missing table is
	// ErrNoTable.
	CreatePartitions(ctx context.Context, database, table string, partitions []Partition) error
}

// ErrNoTable is a partition for a table the catalog does not have.
var ErrNoTable = errors.New("no such table")

// Schemas resolves a table name back to its log type's schema (nil when unknown).
type Schemas func(ctx context.Context, table string) (*logschema.Schema, error)

// Updater adds the partitions of processed files, creating tables on first sight.
type Updater struct {
	Catalog Catalog
	Schemas Schemas
	Bucket  string
	seen    map[string]bool
}

// Notification reads a processed-data notification (SNS envelope of an S3 event) into the
// bucket and keys it announces.
func Notification(body string) (bucket string, keys []string, err error) {
	var env struct {
		Type, Message string
	}
	if err := json.Unmarshal([]byte(body), &env); err != nil {
		return "", nil, err
	}
	msg := body
	if env.Type == "Notification" {
		msg = env.Message
	}
	var event struct {
		Records []struct {
			S3 struct {
				Bucket struct{ Name string } `json:"bucket"`
				Object struct{ Key string }  `json:"object"`
			} `json:"s3"`
		}
	}
	if err := json.Unmarshal([]byte(msg), &event); err != nil || len(event.Records) == 0 {
		return "", nil, errors.New("not an S3 event notification")
	}
	for _, r := range event.Records {
		bucket = r.S3.Bucket.Name
		keys = append(keys, r.S3.Object.Key)
	}
	return bucket, keys, nil
}

// Add records the partitions of processed files (deduplicated, also across calls).
func (u *Updater) Add(ctx context.Context, bucket string, keys []string) error {
	if u.seen == nil {
		u.seen = map[string]bool{}
	}
	byTable := map[[2]string][]Partition{}
	for _, key := range keys {
		p, err := ParseKey(bucket, key)
		if err != nil {
			return err
		}
		id := p.Database + "." + p.Table + "@" + p.Location
		if u.seen[id] {
			continue
		}
		u.seen[id] = true
		t := [2]string{p.Database, p.Table}
		byTable[t] = append(byTable[t], p)
	}
	for t, parts := range byTable {
		err := u.Catalog.CreatePartitions(ctx, t[0], t[1], parts)
		if errors.Is(err, ErrNoTable) {
			if err = u.createTable(ctx, t[0], t[1], bucket); err == nil {
				err = u.Catalog.CreatePartitions(ctx, t[0], t[1], parts)
			}
		}
		if err != nil {
			for _, p := range parts {
				delete(u.seen, p.Database+"."+p.Table+"@"+p.Location)
			}
			return fmt.Errorf("partitions of %s.%s: %w", t[0], t[1], err)
		}
	}
	return nil
}

func (u *Updater) createTable(ctx context.Context, database, table, bucket string) error {
	s, err := u.Schemas(ctx, table)
	if err != nil {
		return err
	}
	if s == nil {
		return fmt.Errorf("table %s names no log type", table)
	}
	if err := u.Catalog.CreateDatabase(ctx, database, "Panther's "+database); err != nil {
		return err
	}
	kind := "logs"
	for k, db := range Databases {
		if db == database {
			kind = k
		}
	}
	return u.Catalog.CreateTable(ctx, database, table, "s3://"+bucket+"/"+kind+"/"+table+"/", s.Description, Columns(s), PartitionKeys)
}
