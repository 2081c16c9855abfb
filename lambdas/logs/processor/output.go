package processor

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"sort"
	"time"

	"github.com/klauspost/compress/gzip"

	"github.com/panther-operator/panther-operator/lambdas/logs/pantherlog"
)

// The original's buffering limits.
const (
	MaxFileSize   = 50 << 20
	MaxBufferAge  = time.Minute
	MaxBuffers    = 256
	DefaultMemory = 512 << 20
)

// ObjectWriter stores processed files.
type ObjectWriter interface {
	PutObject(ctx context.Context, bucket, key string, body []byte) error
}

// Publisher publishes SNS notifications.
type Publisher interface {
	Publish(ctx context.Context, topicARN, message string, attributes map[string]string) error
}

// Output groups events by (hour of event time, log type) into gzip JSON-lines buffers and
// writes each as a file of ProcessedData, then publishes its notification.
type Output struct {
	Bucket, Topic string
	Store         ObjectWriter
	Notify        Publisher
	// MaxMemory bounds the compressed bytes held in all buffers (DefaultMemory when 0).
	MaxMemory int
	now       func() time.Time

	buffers map[bufferKey]*buffer
	held    int
	// Files counts the files written, by log type.
	Files map[string]int
}

type bufferKey struct {
	hour    int64
	logType string
}

type buffer struct {
	key     bufferKey
	created time.Time
	data    bytes.Buffer
	zw      *gzip.Writer
	events  int
}

// NewOutput returns an output writing to bucket and notifying topic.
func NewOutput(bucket, topic string, store ObjectWriter, notify Publisher, now func() time.Time) *Output {
	if now == nil {
		now = time.Now
	}
	return &Output{Bucket: bucket, Topic: topic, Store: store, Notify: notify, now: now,
		buffers: map[bufferKey]*buffer{}, Files: map[string]int{}}
}

// Write adds one event; it may write files that reached their limits.
func (o *Output) Write(ctx context.Context, logType string, eventTime time.Time, event []byte) error {
	k := bufferKey{hour: eventTime.UTC().Truncate(time.Hour).Unix(), logType: logType}
	b := o.buffers[k]
	if b == nil {
		b = &buffer{key: k, created: o.now()}
		b.zw, _ = gzip.NewWriterLevel(&b.data, gzip.BestSpeed)
		o.buffers[k] = b
	}
	before := b.data.Len()
	if _, err := b.zw.Write(event); err != nil {
		return err
	}
	if _, err := b.zw.Write([]byte{'\n'}); err != nil {
		return err
	}
	b.events++
	o.held += b.data.Len() - before
	if b.data.Len() >= MaxFileSize {
		return o.flush(ctx, b)
	}
	return o.enforceLimits(ctx)
}

// enforceLimits writes the largest half of the buffers when there are too many or they hold
// too much memory, and every buffer older than a minute.
func (o *Output) enforceLimits(ctx context.Context) error {
	limit := o.MaxMemory
	if limit <= 0 {
		limit = DefaultMemory
	}
	if len(o.buffers) > MaxBuffers || o.held > limit {
		bufs := o.sorted()
		sort.Slice(bufs, func(i, j int) bool { return bufs[i].data.Len() > bufs[j].data.Len() })
		for _, b := range bufs[:(len(bufs)+1)/2] {
			if err := o.flush(ctx, b); err != nil {
				return err
			}
		}
	}
	now := o.now()
	for _, b := range o.sorted() {
		if now.Sub(b.created) >= MaxBufferAge {
			if err := o.flush(ctx, b); err != nil {
				return err
			}
		}
	}
	return nil
}

// Flush writes every buffer.
func (o *Output) Flush(ctx context.Context) error {
	for _, b := range o.sorted() {
		if err := o.flush(ctx, b); err != nil {
			return err
		}
	}
	return nil
}

// sorted lists the buffers in a stable order (hour, then log type).
func (o *Output) sorted() []*buffer {
	out := make([]*buffer, 0, len(o.buffers))
	for _, b := range o.buffers {
		out = append(out, b)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].key.hour != out[j].key.hour {
			return out[i].key.hour < out[j].key.hour
		}
		return out[i].key.logType < out[j].key.logType
	})
	return out
}

func (o *Output) flush(ctx context.Context, b *buffer) error {
	delete(o.buffers, b.key)
	o.held -= b.data.Len()
	if err := b.zw.Close(); err != nil {
		return err
	}
	key := ObjectKey(b.key.logType, time.Unix(b.key.hour, 0), newUUID())
	body := b.data.Bytes()
	if err := o.Store.PutObject(ctx, o.Bucket, key, body); err != nil {
		return fmt.Errorf("write s3://%s/%s: %w", o.Bucket, key, err)
	}
	o.Files[b.key.logType]++
	msg, _ := json.Marshal(processedDataEvent(o.Bucket, key, int64(len(body))))
	if err := o.Notify.Publish(ctx, o.Topic, string(msg), map[string]string{"type": "LogData", "id": b.key.logType}); err != nil {
		return fmt.Errorf("notify s3://%s/%s: %w", o.Bucket, key, err)
	}
	return nil
}

// ObjectKey is where a file of a log type's events of one hour goes:
// logs/<table>/year=YYYY/month=MM/day=DD/hour=HH/<YYYYMMDDTHH0000Z>-<uuid>.json.gz.
func ObjectKey(logType string, hour time.Time, id string) string {
	h := hour.UTC()
	return fmt.Sprintf("logs/%s/year=%04d/month=%02d/day=%02d/hour=%02d/%s-%s.json.gz",
		pantherlog.TableName(logType), h.Year(), h.Month(), h.Day(), h.Hour(), h.Format("20060102T150000Z"), id)
}

// processedDataEvent is the S3-event-shaped notification of a processed file.
func processedDataEvent(bucket, key string, size int64) map[string]any {
	return map[string]any{"Records": []any{map[string]any{
		"eventVersion": "2.0", "eventSource": "aws:s3", "eventName": "ObjectCreated:Put",
		"s3": map[string]any{"bucket": map[string]any{"name": bucket}, "object": map[string]any{"key": key, "size": size}},
	}}}
}

func newUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}
