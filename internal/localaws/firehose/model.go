// Package firehose emulates the Amazon Data Firehose JSON 1.1 API for
// DirectPut delivery streams into S3: records buffer per stream and are
// delivered as S3 objects, named as Firehose names them, when the
// buffer reaches its size hint or its interval passes.
package firehose

import (
	"net/http"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/panther-operator/panther-operator/internal/localaws/admin"
	"github.com/panther-operator/panther-operator/internal/localaws/internal/state"
	"github.com/panther-operator/panther-operator/internal/localaws/internal/wire"
)

// Stream is a delivery stream with the records it buffers.
type Stream struct {
	Name        string      `json:"name"`
	Account     string      `json:"account"`
	Region      string      `json:"region"`
	Created     time.Time   `json:"created"`
	Updated     time.Time   `json:"updated"`
	Version     int         `json:"version"`
	Tags        []tag       `json:"tags,omitempty"`
	Destination Destination `json:"destination"`
	// Buffer holds the records not delivered yet, since BufferSince.
	Buffer      [][]byte  `json:"buffer,omitempty"`
	BufferBytes int       `json:"bufferBytes,omitempty"`
	BufferSince time.Time `json:"bufferSince,omitzero"`
}

// Destination is an S3 destination, in the API's shape.
type Destination struct {
	RoleARN           string         `json:"RoleARN,omitempty"`
	BucketARN         string         `json:"BucketARN"`
	Prefix            string         `json:"Prefix,omitempty"`
	ErrorOutputPrefix string         `json:"ErrorOutputPrefix,omitempty"`
	BufferingHints    BufferingHints `json:"BufferingHints"`
	CompressionFormat string         `json:"CompressionFormat"`
}

// BufferingHints are when a buffer is delivered.
type BufferingHints struct {
	SizeInMBs         wire.FlexInt  `json:"SizeInMBs"`
	IntervalInSeconds *wire.FlexInt `json:"IntervalInSeconds"`
}

type tag struct {
	Key   string
	Value string `json:",omitempty"`
}

// Arn is the stream's ARN.
func (st *Stream) Arn() string {
	return "arn:" + wire.Partition(st.Region) + ":firehose:" + st.Region + ":" + st.Account + ":deliverystream/" + st.Name
}

// streamTable holds each region's delivery streams by name.
var streamTable = state.NewTable[*Stream]("firehoseStreams", state.PerRegion)

// Tables are the state tables of Firehose.
func Tables() []state.Declared { return []state.Declared{streamTable} }

// S3 is what Firehose uses of S3: it delivers objects. Callers hold the
// state lock.
type S3 interface {
	PutObject(bucket, key, contentType string, body []byte) error
}

// Faults fail single records of PutRecordBatch: a rule of service
// firehose, operation PutRecordBatchEntry and the stream name as resource.
type Faults interface {
	MatchEntry(service, operation, resource string) *admin.FaultRule
}

// Service implements the Firehose API and delivers buffers in the
// background.
type Service struct {
	store  *state.Store
	s3     S3
	faults Faults
	now    func() time.Time

	quit chan struct{}
	done chan struct{}
	once sync.Once
}

// tickInterval is how often buffers are checked for their interval.
const tickInterval = 100 * time.Millisecond

// New returns the Firehose service keeping its streams in store and
// delivering into s3; now is its clock (nil: time.Now). It checks buffers
// in the background until Close.
func New(store *state.Store, s3 S3, faults Faults, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	s := &Service{store: store, s3: s3, faults: faults, now: now, quit: make(chan struct{}), done: make(chan struct{})}
	go s.loop()
	return s
}

// Close stops the background delivery.
func (s *Service) Close() {
	s.once.Do(func() {
		close(s.quit)
		<-s.done
	})
}

func (s *Service) streams(account, region string) map[string]*Stream {
	return streamTable.Region(s.store.State(), account, region)
}

// request is a call to Firehose.
type request struct {
	*wire.Request
	svc *Service
}

type handlerFunc func(req *request) error

var handlers = map[string]handlerFunc{
	"CreateDeliveryStream":   createDeliveryStream,
	"DescribeDeliveryStream": describeDeliveryStream,
	"ListDeliveryStreams":    listDeliveryStreams,
	"DeleteDeliveryStream":   deleteDeliveryStream,
	"PutRecord":              putRecord,
	"PutRecordBatch":         putRecordBatch,
}

// Resolve implements wire.Service: the resource is the stream's name.
func (s *Service) Resolve(req *wire.Request) (string, string) {
	return wire.ResolveTarget(req, handlers, "DeliveryStreamName")
}

// Serve implements wire.Service.
func (s *Service) Serve(req *wire.Request) error {
	return handlers[req.Operation](&request{Request: req, svc: s})
}

func invalidArgument(format string, args ...any) *wire.Error {
	return wire.NewError(http.StatusBadRequest, "InvalidArgumentException", format, args...)
}

func validation(format string, args ...any) *wire.Error {
	return wire.NewError(http.StatusBadRequest, "ValidationException", format, args...)
}

func (req *request) stream(name string) (*Stream, error) {
	st, ok := req.svc.streams(req.Account, req.Region)[name]
	if !ok {
		return nil, wire.NewError(http.StatusBadRequest, "ResourceNotFoundException",
			"Firehose %s under account %s not found.", name, req.Account)
	}
	return st, nil
}

var namePattern = regexp.MustCompile(`^[a-zA-Z0-9_.-]{1,64}$`)

// bucketOf reads the bucket name of an S3 bucket ARN.
func bucketOf(arn string) (string, bool) {
	_, bucket, ok := strings.Cut(arn, ":s3:::")
	return bucket, ok && strings.HasPrefix(arn, "arn:") && bucket != ""
}
