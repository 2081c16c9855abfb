package dynamodb

import (
	"encoding/base64"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/panther-operator/panther-operator/internal/localaws/dynamodb/expr"
	"github.com/panther-operator/panther-operator/internal/localaws/internal/wire"
)

// streamRetention bounds the records a stream keeps, standing in for
// DynamoDB's 24 hours; older records are trimmed.
const streamRetention = 10000

// Stream is a table's change stream, with one shard.
type Stream struct {
	Arn      string    `json:"arn"`
	Label    string    `json:"label"`
	ViewType string    `json:"viewType"`
	ShardID  string    `json:"shardId"`
	Enabled  bool      `json:"enabled"`
	Created  time.Time `json:"created"`
	// Seq is the last sequence number assigned.
	Seq     int64           `json:"seq"`
	Records []*StreamRecord `json:"records,omitempty"`
}

// StreamRecord is one item change, in the shape both GetRecords and
// Lambda's DynamoDB event deliver it (Lambda adds eventSourceARN).
type StreamRecord struct {
	EventID        string     `json:"eventID"`
	EventName      string     `json:"eventName"` // INSERT, MODIFY or REMOVE
	EventVersion   string     `json:"eventVersion"`
	EventSource    string     `json:"eventSource"`
	AwsRegion      string     `json:"awsRegion"`
	DynamoDB       StreamData `json:"dynamodb"`
	UserIdentity   *Identity  `json:"userIdentity,omitempty"`
	EventSourceARN string     `json:"eventSourceARN,omitempty"`
}

// StreamData is a record's change: keys and the images the stream's view
// type includes. ApproximateCreationDateTime is in seconds since 1970.
type StreamData struct {
	ApproximateCreationDateTime int64     `json:"ApproximateCreationDateTime"`
	Keys                        expr.Item `json:"Keys"`
	NewImage                    expr.Item `json:"NewImage,omitempty"`
	OldImage                    expr.Item `json:"OldImage,omitempty"`
	SequenceNumber              string    `json:"SequenceNumber"`
	SizeBytes                   int       `json:"SizeBytes"`
	StreamViewType              string    `json:"StreamViewType"`
}

// Identity names who made a change; TTL deletions are by the DynamoDB
// service.
type Identity struct {
	Type        string `json:"type"`
	PrincipalID string `json:"principalId"`
}

var ttlIdentity = &Identity{Type: "Service", PrincipalID: "dynamodb.amazonaws.com"}

// The event names of stream records.
const (
	eventInsert = "INSERT"
	eventModify = "MODIFY"
	eventRemove = "REMOVE"
)

func seqText(n int64) string { return fmt.Sprintf("%021d", n) }

// enableStream starts a new stream; its label is its creation time.
func (t *Table) enableStream(viewType string) {
	now := time.Now().UTC()
	label := now.Format("2006-01-02T15:04:05.000")
	if n := len(t.Streams); n > 0 && t.Streams[n-1].Label >= label {
		last, _ := time.Parse("2006-01-02T15:04:05.000", t.Streams[n-1].Label)
		label = last.Add(time.Millisecond).Format("2006-01-02T15:04:05.000")
	}
	t.Streams = append(t.Streams, &Stream{
		Arn: t.Arn + "/stream/" + label, Label: label, ViewType: viewType, Enabled: true, Created: now,
		ShardID: fmt.Sprintf("shardId-%020d-%s", now.UnixMilli(), wire.RandomHex(8)),
	})
}

// record appends a change to the table's stream, if it has one. old is
// nil for an INSERT, new nil for a REMOVE.
func (t *Table) record(event string, old, next expr.Item, who *Identity, now time.Time) {
	s := t.stream()
	if s == nil {
		return
	}
	s.Seq++
	src := next
	if src == nil {
		src = old
	}
	data := StreamData{
		ApproximateCreationDateTime: now.Unix(), Keys: t.keyItem(src),
		SequenceNumber: seqText(s.Seq), StreamViewType: s.ViewType,
	}
	if s.ViewType == "NEW_IMAGE" || s.ViewType == "NEW_AND_OLD_IMAGES" {
		data.NewImage = next
	}
	if s.ViewType == "OLD_IMAGE" || s.ViewType == "NEW_AND_OLD_IMAGES" {
		data.OldImage = old
	}
	data.SizeBytes = expr.ItemSize(data.Keys) + expr.ItemSize(data.NewImage) + expr.ItemSize(data.OldImage)
	s.Records = append(s.Records, &StreamRecord{
		EventID: wire.RandomHex(32), EventName: event, EventVersion: "1.1", EventSource: "aws:dynamodb",
		AwsRegion: t.Region, DynamoDB: data, UserIdentity: who,
	})
	if len(s.Records) > streamRetention {
		s.Records = slices.Delete(s.Records, 0, len(s.Records)-streamRetention)
	}
}

// recordChange records a write by a caller: INSERT, MODIFY or REMOVE.
func (t *Table) recordChange(old, next expr.Item, now time.Time) {
	switch {
	case old == nil && next == nil:
	case old == nil:
		t.record(eventInsert, nil, next, nil, now)
	case next == nil:
		t.record(eventRemove, old, nil, nil, now)
	default:
		t.record(eventModify, old, next, nil, now)
	}
}

// findStream returns a stream of the region by ARN.
func (s *Service) findStream(account, region, arn string) (*Table, *Stream, error) {
	t, ok := s.tables(account, region)[tableFromArn(arn)]
	if ok {
		for _, st := range t.Streams {
			if st.Arn == arn {
				return t, st, nil
			}
		}
	}
	return nil, nil, notFound("Requested resource not found: Stream: %s not found", arn)
}

// after returns the records following sequence number after.
func (st *Stream) after(after int64, limit int) []*StreamRecord {
	i, _ := slices.BinarySearchFunc(st.Records, after+1, func(r *StreamRecord, n int64) int {
		seq, _ := strconv.ParseInt(r.DynamoDB.SequenceNumber, 10, 64)
		return int(min(max(seq-n, -1), 1))
	})
	return st.Records[i:min(len(st.Records), i+limit)]
}

func listStreams(req *request) error {
	var in struct {
		TableName               string
		ExclusiveStartStreamArn string
		Limit                   int
	}
	if err := req.decode(&in); err != nil {
		return err
	}
	limit, err := pageLimit(in.Limit, 100)
	if err != nil {
		return err
	}
	type summary struct{ StreamArn, TableName, StreamLabel string }
	var all []summary
	for _, name := range slices.Sorted(maps.Keys(req.tables())) {
		if in.TableName != "" && name != in.TableName {
			continue
		}
		for _, st := range req.tables()[name].Streams {
			all = append(all, summary{st.Arn, name, st.Label})
		}
	}
	if in.ExclusiveStartStreamArn != "" {
		i := slices.IndexFunc(all, func(s summary) bool { return s.StreamArn == in.ExclusiveStartStreamArn })
		all = all[i+1:]
	}
	out := map[string]any{}
	if len(all) > limit {
		all = all[:limit]
		out["LastEvaluatedStreamArn"] = all[limit-1].StreamArn
	}
	out["Streams"] = append([]summary{}, all...)
	return req.ReplyJSON(out)
}

func describeStream(req *request) error {
	var in struct{ StreamArn string }
	if err := req.decode(&in); err != nil {
		return err
	}
	t, st, err := req.svc.findStream(req.Account, req.Region, in.StreamArn)
	if err != nil {
		return err
	}
	status, seqRange := "ENABLED", map[string]string{"StartingSequenceNumber": seqText(1)}
	if len(st.Records) > 0 {
		seqRange["StartingSequenceNumber"] = st.Records[0].DynamoDB.SequenceNumber
	}
	if !st.Enabled {
		status = "DISABLED"
		seqRange["EndingSequenceNumber"] = seqText(st.Seq)
	}
	return req.ReplyJSON(map[string]any{"StreamDescription": map[string]any{
		"StreamArn": st.Arn, "StreamLabel": st.Label, "StreamStatus": status, "StreamViewType": st.ViewType,
		"CreationRequestDateTime": epoch(st.Created), "TableName": t.Name, "KeySchema": t.KeySchema,
		"Shards": []map[string]any{{"ShardId": st.ShardID, "SequenceNumberRange": seqRange}},
	}})
}

// shardIterator is the position a GetRecords call reads after.
type shardIterator struct {
	arn, shard string
	after      int64
}

func (it shardIterator) String() string {
	return base64.RawURLEncoding.EncodeToString([]byte(it.arn + "\n" + it.shard + "\n" + strconv.FormatInt(it.after, 10)))
}

func parseShardIterator(s string) (shardIterator, bool) {
	data, err := base64.RawURLEncoding.DecodeString(s)
	parts := strings.Split(string(data), "\n")
	if err != nil || len(parts) != 3 {
		return shardIterator{}, false
	}
	after, err := strconv.ParseInt(parts[2], 10, 64)
	return shardIterator{arn: parts[0], shard: parts[1], after: after}, err == nil
}

func getShardIterator(req *request) error {
	var in struct {
		StreamArn, ShardId, ShardIteratorType, SequenceNumber string
	}
	if err := req.decode(&in); err != nil {
		return err
	}
	_, st, err := req.svc.findStream(req.Account, req.Region, in.StreamArn)
	if err != nil {
		return err
	}
	if in.ShardId != st.ShardID {
		return notFound("Requested resource not found: Shard does not exist")
	}
	it := shardIterator{arn: st.Arn, shard: st.ShardID}
	switch in.ShardIteratorType {
	case "TRIM_HORIZON":
		it.after = st.Seq - int64(len(st.Records))
	case "LATEST":
		it.after = st.Seq
	case "AT_SEQUENCE_NUMBER", "AFTER_SEQUENCE_NUMBER":
		n, err := strconv.ParseInt(in.SequenceNumber, 10, 64)
		if err != nil || n < 1 || n > st.Seq {
			return validation("Invalid SequenceNumber for ShardIteratorType %s: %s", in.ShardIteratorType, in.SequenceNumber)
		}
		it.after = n
		if in.ShardIteratorType == "AT_SEQUENCE_NUMBER" {
			it.after--
		}
	default:
		return validation("1 validation error detected: Value '%s' at 'shardIteratorType' failed to satisfy constraint: Member must satisfy enum value set: [TRIM_HORIZON, LATEST, AT_SEQUENCE_NUMBER, AFTER_SEQUENCE_NUMBER]", in.ShardIteratorType)
	}
	return req.ReplyJSON(map[string]string{"ShardIterator": it.String()})
}

func getRecords(req *request) error {
	var in struct {
		ShardIterator string
		Limit         int
	}
	if err := req.decode(&in); err != nil {
		return err
	}
	it, ok := parseShardIterator(in.ShardIterator)
	if !ok {
		return validation("Invalid ShardIterator")
	}
	limit, err := pageLimit(in.Limit, 1000)
	if err != nil {
		return err
	}
	_, st, err := req.svc.findStream(req.Account, req.Region, it.arn)
	if err != nil {
		return err
	}
	records := st.after(it.after, limit)
	if n := len(records); n > 0 {
		it.after, _ = strconv.ParseInt(records[n-1].DynamoDB.SequenceNumber, 10, 64)
	}
	out := map[string]any{"Records": append([]*StreamRecord{}, records...)}
	if st.Enabled || it.after < st.Seq {
		out["NextShardIterator"] = it.String()
	}
	return req.ReplyJSON(out)
}

// StreamRecords returns up to limit records of a stream that follow
// sequence number after ("" for the oldest record kept), for a Lambda
// event source mapping. Records are copies in the JSON shape Lambda
// delivers: GetRecords' shape plus eventSourceARN. last is the sequence
// number of the last record returned (after when there are none), to pass
// as after next time. Errors are ResourceNotFoundException for an unknown
// stream. Callers hold the state lock.
func (s *Service) StreamRecords(account, region, streamARN, after string, limit int) ([]StreamRecord, string, error) {
	_, st, err := s.findStream(account, region, streamARN)
	if err != nil {
		return nil, "", err
	}
	from := st.Seq - int64(len(st.Records))
	if after != "" {
		if from, err = strconv.ParseInt(after, 10, 64); err != nil {
			return nil, "", validation("Invalid SequenceNumber: %s", after)
		}
	}
	var out []StreamRecord
	last := after
	for _, r := range st.after(from, limit) {
		c := *r
		c.EventSourceARN = st.Arn
		out = append(out, c)
		last = r.DynamoDB.SequenceNumber
	}
	return out, last, nil
}

// TableStreamArn returns the ARN of a table's enabled stream. Callers
// hold the state lock.
func (s *Service) TableStreamArn(account, region, table string) (string, bool) {
	t, ok := s.tables(account, region)[table]
	if !ok || t.stream() == nil {
		return "", false
	}
	return t.stream().Arn, true
}
