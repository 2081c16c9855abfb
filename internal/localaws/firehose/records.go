package firehose

import (
	"bytes"
	"compress/gzip"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/panther-operator/panther-operator/internal/localaws/internal/wire"
)

// Limits of the record API, as AWS's.
const (
	maxRecordBytes = 1000 * 1024
	maxBatch       = 500
	maxBatchBytes  = 4 * 1024 * 1024
	mib            = 1024 * 1024
)

type record struct{ Data []byte }

func newRecordID() string { return wire.RandomFrom(wire.Alnum, 112) }

func putRecord(req *request) error {
	var in struct {
		DeliveryStreamName string
		Record             record
	}
	if err := req.DecodeJSON(&in); err != nil {
		return err
	}
	st, err := req.stream(in.DeliveryStreamName)
	if err != nil {
		return err
	}
	if len(in.Record.Data) > maxRecordBytes {
		return validation("1 validation error detected: Value at 'record.data' failed to satisfy constraint: Member must have length less than or equal to 1024000")
	}
	req.svc.add(st, in.Record.Data)
	return req.ReplyJSON(map[string]any{"RecordId": newRecordID(), "Encrypted": false})
}

// putRecordBatch buffers up to 500 records; an entry a fault rule fails
// (operation PutRecordBatchEntry) is reported in RequestResponses and
// not buffered.
func putRecordBatch(req *request) error {
	var in struct {
		DeliveryStreamName string
		Records            []record
	}
	if err := req.DecodeJSON(&in); err != nil {
		return err
	}
	st, err := req.stream(in.DeliveryStreamName)
	if err != nil {
		return err
	}
	if len(in.Records) == 0 || len(in.Records) > maxBatch {
		return validation("1 validation error detected: Value at 'records' failed to satisfy constraint: Member must have length between 1 and 500")
	}
	total := 0
	for _, r := range in.Records {
		if len(r.Data) > maxRecordBytes {
			return validation("1 validation error detected: Value at 'records.member.data' failed to satisfy constraint: Member must have length less than or equal to 1024000")
		}
		total += len(r.Data)
	}
	if total > maxBatchBytes {
		return invalidArgument("Records size exceeds 4 MB limit")
	}
	responses := make([]map[string]string, len(in.Records))
	failed := 0
	for i, r := range in.Records {
		if f := req.svc.faults.MatchEntry("firehose", "PutRecordBatchEntry", st.Name); f != nil {
			failed++
			responses[i] = map[string]string{"ErrorCode": f.ErrorCode, "ErrorMessage": wire.FaultError(f).Message}
			continue
		}
		req.svc.add(st, r.Data)
		responses[i] = map[string]string{"RecordId": newRecordID()}
	}
	return req.ReplyJSON(map[string]any{"FailedPutCount": failed, "Encrypted": false, "RequestResponses": responses})
}

// add buffers a record and delivers the buffer once it reaches the size
// hint. Callers hold the state lock.
func (s *Service) add(st *Stream, data []byte) {
	if len(st.Buffer) == 0 {
		st.BufferSince = s.now().UTC()
	}
	st.Buffer = append(st.Buffer, data)
	st.BufferBytes += len(data)
	if st.BufferBytes >= int(st.Destination.BufferingHints.SizeInMBs)*mib {
		s.deliver(st)
	}
}

// deliver writes the buffer as one object. When the bucket cannot be
// written, the records stay buffered and the next tick tries again, as
// Firehose retries.
func (s *Service) deliver(st *Stream) bool {
	if len(st.Buffer) == 0 {
		return false
	}
	d := st.Destination
	body := bytes.Join(st.Buffer, nil)
	key := objectKey(st, st.BufferSince)
	if d.CompressionFormat == "GZIP" {
		var buf bytes.Buffer
		zw := gzip.NewWriter(&buf)
		_, _ = zw.Write(body)
		_ = zw.Close()
		body, key = buf.Bytes(), key+".gz"
	}
	bucket, _ := bucketOf(d.BucketARN)
	if err := s.s3.PutObject(bucket, key, "application/octet-stream", body); err != nil {
		return false
	}
	st.Buffer, st.BufferBytes, st.BufferSince = nil, 0, time.Time{}
	return true
}

// loop delivers, under the state lock, every buffer whose interval has
// passed.
func (s *Service) loop() {
	defer close(s.done)
	t := time.NewTicker(tickInterval)
	defer t.Stop()
	for {
		select {
		case <-s.quit:
			return
		case <-t.C:
			s.deliverDue()
		}
	}
}

func (s *Service) deliverDue() {
	s.store.Lock()
	defer s.store.Unlock()
	now := s.now()
	changed := false
	for _, streams := range streamTable.AllRegions(s.store.State()) {
		for _, st := range streams {
			interval := time.Duration(*st.Destination.BufferingHints.IntervalInSeconds) * time.Second
			if len(st.Buffer) > 0 && !now.Before(st.BufferSince.Add(interval)) && s.deliver(st) {
				changed = true
			}
		}
	}
	if changed {
		s.store.Changed()
	}
}

// objectKey names a delivered object as Firehose does:
// <prefix>YYYY/MM/DD/HH/<stream>-<version>-YYYY-MM-DD-HH-MM-SS-<uuid>, in
// UTC at the arrival of the buffer's first record. A prefix with
// !{timestamp:…} or !{firehose:random-string} expressions is evaluated
// and gets no YYYY/MM/DD/HH/ of its own.
func objectKey(st *Stream, at time.Time) string {
	at = at.UTC()
	prefix := st.Destination.Prefix
	if strings.Contains(prefix, "!{") {
		prefix = expandPrefix(prefix, at)
	} else {
		prefix += at.Format("2006/01/02/15/")
	}
	return prefix + st.Name + "-" + strconv.Itoa(st.Version) + "-" + at.Format("2006-01-02-15-04-05") + "-" + wire.NewUUID()
}

var prefixExpression = regexp.MustCompile(`!\{(timestamp|firehose):([^}]*)\}`)

// javaTime turns the Java DateTimeFormatter letters Firehose prefixes use
// into a Go layout.
var javaTime = strings.NewReplacer("yyyy", "2006", "MM", "01", "dd", "02", "HH", "15", "mm", "04", "ss", "05")

func expandPrefix(prefix string, at time.Time) string {
	return prefixExpression.ReplaceAllStringFunc(prefix, func(m string) string {
		parts := prefixExpression.FindStringSubmatch(m)
		if parts[1] == "timestamp" {
			return at.Format(javaTime.Replace(parts[2]))
		}
		if parts[2] == "random-string" {
			return strings.ToLower(wire.RandomFrom(wire.Alnum, 11))
		}
		return m
	})
}
