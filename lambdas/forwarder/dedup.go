package forwarder

import (
	"crypto/md5"
	"encoding/hex"
	"fmt"
	"strconv"

	"github.com/aws/aws-lambda-go/events"
)

// DedupRow is an item of the dedup table (panther-log-alert-dedup): one dedup key of one rule,
// and the alert it is currently filling. The rules engine writes it; the forwarder reads it
// from the table's stream.
type DedupRow struct {
	PartitionKey string // md5_hex(ruleId:dedup[:error])
	RuleID       string
	RuleVersion  string
	Dedup        string
	Type         string // RULE or RULE_ERROR
	// AlertCount is the number of alerts the key has produced; the counter in the alert ID.
	AlertCount int64
	// AlertCreationTime and AlertUpdateTime (epoch seconds) are the alert's window start and
	// its last match.
	AlertCreationTime int64
	AlertUpdateTime   int64
	EventCount        int64 // events in the current alert
	LogTypes          []string
	// The fields the rule's optional functions generated, absent when it has none.
	Context, Title, Description, Reference, Severity, Runbook *string
	Destinations                                              []string
}

// AlertID is the ID of a dedup key's alertCount-th alert: md5_hex(ruleId:alertCount:dedup).
// The rules engine computes it too (it writes it into every matched event), so the formula
// must not change on one side only. Rule errors use it as is, without the ":error" of their
// partition key. MD5 is an identifier here, not a protection.
func AlertID(ruleID string, alertCount int64, dedup string) string {
	sum := md5.Sum([]byte(ruleID + ":" + strconv.FormatInt(alertCount, 10) + ":" + dedup))
	return hex.EncodeToString(sum[:])
}

// DecodeDedupRow reads a stream image of the dedup table. Generated fields may be absent or
// NULL; the identity, counters and times must be there.
func DecodeDedupRow(image map[string]events.DynamoDBAttributeValue) (*DedupRow, error) {
	d := imageDecoder{image: image}
	row := &DedupRow{
		PartitionKey:      d.str("partitionKey"),
		RuleID:            d.str("ruleId"),
		RuleVersion:       d.optional("ruleVersion"),
		Dedup:             d.str("dedup"),
		Type:              d.str("type"),
		AlertCount:        d.num("alertCount"),
		AlertCreationTime: d.num("alertCreationTime"),
		AlertUpdateTime:   d.num("alertUpdateTime"),
		EventCount:        d.num("eventCount"),
		LogTypes:          d.set("logTypes"),
		Context:           d.ptr("context"),
		Title:             d.ptr("title"),
		Description:       d.ptr("description"),
		Reference:         d.ptr("reference"),
		Severity:          d.ptr("severity"),
		Runbook:           d.ptr("runbook"),
		Destinations:      d.set("destinations"),
	}
	return row, d.err
}

// imageDecoder reads typed attributes and keeps the first problem.
type imageDecoder struct {
	image map[string]events.DynamoDBAttributeValue
	err   error
}

func (d *imageDecoder) fail(name, problem string) {
	if d.err == nil {
		d.err = fmt.Errorf("dedup row attribute %s: %s", name, problem)
	}
}

// present is the attribute when it is there and not NULL.
func (d *imageDecoder) present(name string) (events.DynamoDBAttributeValue, bool) {
	v, ok := d.image[name]
	if !ok || v.DataType() == events.DataTypeNull {
		return v, false
	}
	return v, true
}

func (d *imageDecoder) str(name string) string {
	v, ok := d.present(name)
	if !ok {
		d.fail(name, "missing")
		return ""
	}
	return d.stringOf(name, v)
}

func (d *imageDecoder) optional(name string) string {
	if p := d.ptr(name); p != nil {
		return *p
	}
	return ""
}

func (d *imageDecoder) ptr(name string) *string {
	v, ok := d.present(name)
	if !ok {
		return nil
	}
	s := d.stringOf(name, v)
	return &s
}

func (d *imageDecoder) stringOf(name string, v events.DynamoDBAttributeValue) string {
	if v.DataType() != events.DataTypeString {
		d.fail(name, "not a string")
		return ""
	}
	return v.String()
}

func (d *imageDecoder) num(name string) int64 {
	v, ok := d.present(name)
	if !ok {
		d.fail(name, "missing")
		return 0
	}
	if v.DataType() != events.DataTypeNumber {
		d.fail(name, "not a number")
		return 0
	}
	n, err := v.Integer()
	if err != nil {
		d.fail(name, err.Error())
	}
	return n
}

func (d *imageDecoder) set(name string) []string {
	v, ok := d.present(name)
	if !ok {
		return nil
	}
	if v.DataType() != events.DataTypeStringSet {
		d.fail(name, "not a string set")
		return nil
	}
	return v.StringSet()
}
