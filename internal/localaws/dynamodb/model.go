package dynamodb

import (
	"encoding/base64"
	"fmt"
	"strconv"
	"time"

	"github.com/panther-operator/panther-operator/internal/localaws/dynamodb/expr"
	"github.com/panther-operator/panther-operator/internal/localaws/internal/wire"
)

// KeyElement is one element of a key schema.
type KeyElement struct {
	AttributeName string
	KeyType       string // HASH or RANGE
}

// AttributeDefinition declares the type (S, N or B) of a key attribute.
type AttributeDefinition struct {
	AttributeName string
	AttributeType string
}

// Projection says which attributes an index holds.
type Projection struct {
	ProjectionType   string   `json:",omitempty"`
	NonKeyAttributes []string `json:",omitempty"`
}

// Throughput is provisioned capacity.
type Throughput struct {
	ReadCapacityUnits  int64
	WriteCapacityUnits int64
}

// Index is a global or local secondary index.
type Index struct {
	IndexName             string
	KeySchema             []KeyElement
	Projection            Projection
	ProvisionedThroughput *Throughput `json:",omitempty"`
}

// SSE is a table's server-side encryption setting.
type SSE struct {
	Enabled        bool   `json:"enabled"`
	Type           string `json:"type,omitempty"`
	KMSMasterKeyID string `json:"kmsMasterKeyId,omitempty"`
}

// TTL is a table's time-to-live setting.
type TTL struct {
	AttributeName string `json:"attributeName"`
	Enabled       bool   `json:"enabled"`
}

// Table is a DynamoDB table with its items and streams.
type Table struct {
	Name                 string                `json:"name"`
	Arn                  string                `json:"arn"`
	ID                   string                `json:"id"`
	Region               string                `json:"region"`
	Created              time.Time             `json:"created"`
	KeySchema            []KeyElement          `json:"keySchema"`
	AttributeDefinitions []AttributeDefinition `json:"attributeDefinitions"`
	GSIs                 []*Index              `json:"gsis,omitempty"`
	LSIs                 []*Index              `json:"lsis,omitempty"`
	BillingMode          string                `json:"billingMode"`
	Throughput           Throughput            `json:"throughput"`
	SSE                  *SSE                  `json:"sse,omitempty"`
	TTL                  *TTL                  `json:"ttl,omitempty"`
	Tags                 map[string]string     `json:"tags,omitempty"`
	DeletionProtection   bool                  `json:"deletionProtection,omitempty"`
	PointInTimeRecovery  bool                  `json:"pointInTimeRecovery,omitempty"`
	TableClass           string                `json:"tableClass,omitempty"`
	// Streams are the table's streams, the latest last; only the latest
	// may be enabled.
	Streams []*Stream `json:"streams,omitempty"`
	// Items by encoded primary key (see keyString).
	Items map[string]expr.Item `json:"items"`

	// ttlSwept is when expired items were last removed.
	ttlSwept time.Time
}

// hashKey names the table's partition key attribute.
func (t *Table) hashKey() string { return keyOf(t.KeySchema, "HASH") }

func keyOf(schema []KeyElement, kind string) string {
	for _, k := range schema {
		if k.KeyType == kind {
			return k.AttributeName
		}
	}
	return ""
}

// attrType is the declared type of a key attribute.
func (t *Table) attrType(name string) string {
	for _, d := range t.AttributeDefinitions {
		if d.AttributeName == name {
			return d.AttributeType
		}
	}
	return ""
}

// index returns a secondary index by name.
func (t *Table) index(name string) *Index {
	for _, ix := range append(append([]*Index{}, t.GSIs...), t.LSIs...) {
		if ix.IndexName == name {
			return ix
		}
	}
	return nil
}

// stream is the latest stream if it is enabled.
func (t *Table) stream() *Stream {
	if n := len(t.Streams); n > 0 && t.Streams[n-1].Enabled {
		return t.Streams[n-1]
	}
	return nil
}

// keyString encodes a primary key (hash and optional range value) as the
// map key of Items. Binary values are base64, so state files stay UTF-8.
func keyString(h, r *expr.Value) string {
	s := keyPart(h)
	if r != nil {
		s += "|" + keyPart(r)
	}
	return s
}

func keyPart(v *expr.Value) string {
	switch {
	case v.S != nil:
		return "S" + strconv.Itoa(len(*v.S)) + ":" + *v.S
	case v.N != nil:
		return "N" + strconv.Itoa(len(*v.N)) + ":" + *v.N
	}
	b := base64.StdEncoding.EncodeToString(v.B)
	return "B" + strconv.Itoa(len(b)) + ":" + b
}

// tableArn is a table's ARN.
func tableArn(account, region, name string) string {
	return fmt.Sprintf("arn:%s:dynamodb:%s:%s:table/%s", wire.Partition(region), region, account, name)
}

// epoch is how the JSON protocol writes timestamps: seconds since 1970.
func epoch(t time.Time) float64 { return float64(t.UnixMilli()) / 1000 }
