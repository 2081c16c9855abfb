package lambda

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/panther-operator/panther-operator/internal/localaws/internal/state"
	"github.com/panther-operator/panther-operator/internal/localaws/internal/wire"
)

// EventSourceMapping polls a queue (or a stream) and invokes a function with batches.
type EventSourceMapping struct {
	UUID                  string    `json:"uuid"`
	FunctionARN           string    `json:"functionArn"`
	EventSourceARN        string    `json:"eventSourceArn"`
	BatchSize             int       `json:"batchSize"`
	MaximumBatchingWindow int       `json:"maximumBatchingWindowInSeconds,omitempty"`
	Enabled               bool      `json:"enabled"`
	StartingPosition      string    `json:"startingPosition,omitempty"`
	FunctionResponseTypes []string  `json:"functionResponseTypes,omitempty"`
	LastModified          time.Time `json:"lastModified"`
	LastProcessingResult  string    `json:"lastProcessingResult,omitempty"`
	StreamPosition        string    `json:"streamPosition,omitempty"`
}

var mappingTable = state.NewTable[*EventSourceMapping]("lambdaEventSourceMappings", state.PerRegion)

// QueueMessage is a message an SQS mapping received, as the wiring hands it over.
type QueueMessage struct {
	MessageID, ReceiptHandle, Body, MD5OfBody string
	Attributes                                map[string]string
	MessageAttributes                         map[string]QueueAttribute
}

// QueueAttribute is one message attribute.
type QueueAttribute struct {
	DataType, StringValue string
	BinaryValue           []byte
}

// Queues is what mappings use of SQS: Receive and Delete with the emulator's lock held, Wait
// without it.
type Queues interface {
	Receive(queueARN string, limit int, visibility time.Duration) ([]QueueMessage, error)
	Delete(queueARN string, receiptHandles []string) error
	Wait(ctx context.Context, queueARN string, timeout time.Duration) bool
	QueueExists(queueARN string) bool
}

// pollers runs one goroutine per enabled mapping.
type pollers struct {
	mu      sync.Mutex
	running map[string]context.CancelFunc
}

func (p *pollers) start(uuid string, run func(ctx context.Context)) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.running == nil {
		p.running = map[string]context.CancelFunc{}
	}
	if _, ok := p.running[uuid]; ok {
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	p.running[uuid] = cancel
	go run(ctx)
}

func (p *pollers) stop(uuid string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if cancel, ok := p.running[uuid]; ok {
		cancel()
		delete(p.running, uuid)
	}
}

func (p *pollers) stopAll() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for uuid, cancel := range p.running {
		cancel()
		delete(p.running, uuid)
	}
}

func (s *Service) mappings(account, region string) map[string]*EventSourceMapping {
	return mappingTable.Region(s.store.State(), account, region)
}

func createEventSourceMapping(req *request) error {
	var in struct {
		FunctionName                   string   `json:"FunctionName"`
		EventSourceArn                 string   `json:"EventSourceArn"`
		BatchSize                      *int     `json:"BatchSize"`
		MaximumBatchingWindowInSeconds *int     `json:"MaximumBatchingWindowInSeconds"`
		Enabled                        *bool    `json:"Enabled"`
		StartingPosition               string   `json:"StartingPosition"`
		FunctionResponseTypes          []string `json:"FunctionResponseTypes"`
	}
	if err := req.DecodeJSON(&in); err != nil {
		return err
	}
	m, err := req.svc.CreateMapping(req.Account, req.Region, MappingSpec{
		Function: in.FunctionName, EventSourceARN: in.EventSourceArn, BatchSize: in.BatchSize,
		BatchingWindow: in.MaximumBatchingWindowInSeconds, Enabled: in.Enabled, StartingPosition: in.StartingPosition,
		FunctionResponseTypes: in.FunctionResponseTypes,
	})
	if err != nil {
		return err
	}
	return req.ReplyRESTJSON(http.StatusAccepted, mappingJSON(m))
}

// MappingSpec is what creating or updating a mapping sets; nil fields keep their value.
type MappingSpec struct {
	Function, EventSourceARN, StartingPosition string
	BatchSize, BatchingWindow                  *int
	Enabled                                    *bool
	FunctionResponseTypes                      []string
}

// CreateMapping creates an event source mapping and starts polling. The caller holds the
// emulator's lock.
func (s *Service) CreateMapping(account, region string, spec MappingSpec) (*EventSourceMapping, error) {
	fn, ok := s.functions(account, region)[functionName(spec.Function)]
	if !ok {
		return nil, notFound(functionARN(region, account, functionName(spec.Function)))
	}
	if !strings.HasPrefix(spec.EventSourceARN, "arn:aws:sqs:") && !strings.Contains(spec.EventSourceARN, ":dynamodb:") {
		return nil, invalid("Unrecognized event source, must be kinesis, dynamodb stream or sqs queue: %s", spec.EventSourceARN)
	}
	if strings.HasPrefix(spec.EventSourceARN, "arn:aws:sqs:") && (s.backends.Queues == nil || !s.backends.Queues.QueueExists(spec.EventSourceARN)) {
		return nil, invalid("Error occurred while ReceiveMessage. SQS Error Code: AWS.SimpleQueueService.NonExistentQueue. SQS Error Message: The specified queue does not exist.")
	}
	m := &EventSourceMapping{UUID: wire.NewUUID(), FunctionARN: fn.ARN, EventSourceARN: spec.EventSourceARN,
		BatchSize: 10, Enabled: true, LastModified: time.Now().UTC(), LastProcessingResult: "No records processed"}
	if strings.Contains(spec.EventSourceARN, ":dynamodb:") {
		m.BatchSize = 100
	}
	if err := applyMapping(m, spec); err != nil {
		return nil, err
	}
	if strings.Contains(m.EventSourceARN, ":dynamodb:") {
		if s.backends.Streams == nil {
			return nil, invalid("DynamoDB streams are not available")
		}
		if m.StartingPosition != "LATEST" && m.StartingPosition != "TRIM_HORIZON" {
			return nil, invalid("1 validation error detected: StartingPosition must be LATEST or TRIM_HORIZON for a DynamoDB stream")
		}
		if err := s.streamStart(account, region, m); err != nil {
			return nil, err
		}
	}
	s.mappings(account, region)[m.UUID] = m
	s.startPoller(account, region, m)
	return m, nil
}

func applyMapping(m *EventSourceMapping, spec MappingSpec) error {
	if spec.BatchSize != nil {
		if *spec.BatchSize < 1 || *spec.BatchSize > 10000 {
			return invalid("BatchSize must be between 1 and 10000")
		}
		m.BatchSize = *spec.BatchSize
	}
	if spec.BatchingWindow != nil {
		m.MaximumBatchingWindow = *spec.BatchingWindow
	}
	if spec.Enabled != nil {
		m.Enabled = *spec.Enabled
	}
	if spec.StartingPosition != "" {
		m.StartingPosition = spec.StartingPosition
	}
	if spec.FunctionResponseTypes != nil {
		m.FunctionResponseTypes = spec.FunctionResponseTypes
	}
	m.LastModified = time.Now().UTC()
	return nil
}

func mappingJSON(m *EventSourceMapping) map[string]any {
	state := "Enabled"
	if !m.Enabled {
		state = "Disabled"
	}
	out := map[string]any{
		"UUID": m.UUID, "FunctionArn": m.FunctionARN, "EventSourceArn": m.EventSourceARN, "BatchSize": m.BatchSize,
		"MaximumBatchingWindowInSeconds": m.MaximumBatchingWindow, "State": state,
		"LastModified": float64(m.LastModified.UnixMilli()) / 1000, "LastProcessingResult": m.LastProcessingResult,
		"FunctionResponseTypes": m.FunctionResponseTypes, "StateTransitionReason": "USER_INITIATED",
	}
	if m.StartingPosition != "" {
		out["StartingPosition"] = m.StartingPosition
	}
	return out
}

func (req *request) mapping() (*EventSourceMapping, error) {
	m, ok := req.svc.mappings(req.Account, req.Region)[req.name]
	if !ok {
		return nil, wire.NewError(http.StatusNotFound, "ResourceNotFoundException",
			"The resource you requested does not exist. (Service: Lambda, Status Code: 404)")
	}
	return m, nil
}

func getEventSourceMapping(req *request) error {
	m, err := req.mapping()
	if err != nil {
		return err
	}
	return req.ReplyRESTJSON(http.StatusOK, mappingJSON(m))
}

func listEventSourceMappings(req *request) error {
	q := req.R.URL.Query()
	out := []map[string]any{}
	for _, m := range req.svc.mappings(req.Account, req.Region) {
		if fn := q.Get("FunctionName"); fn != "" && functionName(fn) != functionName(m.FunctionARN) {
			continue
		}
		if src := q.Get("EventSourceArn"); src != "" && src != m.EventSourceARN {
			continue
		}
		out = append(out, mappingJSON(m))
	}
	return req.ReplyRESTJSON(http.StatusOK, map[string]any{"EventSourceMappings": out})
}

func updateEventSourceMapping(req *request) error {
	m, err := req.mapping()
	if err != nil {
		return err
	}
	var in struct {
		BatchSize                      *int     `json:"BatchSize"`
		MaximumBatchingWindowInSeconds *int     `json:"MaximumBatchingWindowInSeconds"`
		Enabled                        *bool    `json:"Enabled"`
		FunctionResponseTypes          []string `json:"FunctionResponseTypes"`
	}
	if err := req.DecodeJSON(&in); err != nil {
		return err
	}
	if err := req.svc.UpdateMapping(req.Account, req.Region, m.UUID, MappingSpec{BatchSize: in.BatchSize,
		BatchingWindow: in.MaximumBatchingWindowInSeconds, Enabled: in.Enabled, FunctionResponseTypes: in.FunctionResponseTypes}); err != nil {
		return err
	}
	return req.ReplyRESTJSON(http.StatusAccepted, mappingJSON(m))
}

func deleteEventSourceMapping(req *request) error {
	m, err := req.mapping()
	if err != nil {
		return err
	}
	req.svc.DeleteMapping(req.Account, req.Region, m.UUID)
	return req.ReplyRESTJSON(http.StatusAccepted, mappingJSON(m))
}

// DeleteMapping stops and removes a mapping. The caller holds the emulator's lock.
func (s *Service) DeleteMapping(account, region, uuid string) {
	s.pollers.stop(uuid)
	delete(s.mappings(account, region), uuid)
}

// Resume starts the pollers of the mappings a state file brought back.
func (s *Service) Resume() {
	for _, region := range mappingTable.AllRegions(s.store.State()) {
		for _, m := range region {
			parts := strings.Split(m.FunctionARN, ":")
			if len(parts) > 4 {
				s.startPoller(parts[4], parts[3], m)
			}
		}
	}
}

func (s *Service) startPoller(account, region string, m *EventSourceMapping) {
	if !m.Enabled {
		return
	}
	uuid, source := m.UUID, m.EventSourceARN
	switch {
	case strings.HasPrefix(source, "arn:aws:sqs:") && s.backends.Queues != nil:
		s.pollers.start(uuid, func(ctx context.Context) { s.pollQueue(ctx, account, region, uuid) })
	case strings.Contains(source, ":dynamodb:") && s.backends.Streams != nil:
		s.pollers.start(uuid, func(ctx context.Context) { s.pollStream(ctx, account, region, uuid) })
	}
}

// pollQueue is one SQS mapping's loop: wait for messages without the lock, then receive a
// batch, invoke the function and delete what it processed, with the lock (which Run releases
// while the function runs).
func (s *Service) pollQueue(ctx context.Context, account, region, uuid string) {
	for ctx.Err() == nil {
		s.store.Lock()
		m, ok := s.mappings(account, region)[uuid]
		var source string
		var window time.Duration
		if ok {
			source, window = m.EventSourceARN, time.Duration(m.MaximumBatchingWindow)*time.Second
			if s.timeScale > 0 {
				window = time.Duration(float64(window) * s.timeScale)
			}
		}
		s.store.Unlock()
		if !ok {
			return
		}
		if !s.backends.Queues.Wait(ctx, source, time.Second) {
			continue
		}
		if window > 0 {
			sleep(ctx, window)
		}
		s.store.Lock()
		s.processQueueBatch(account, region, uuid)
		s.store.Unlock()
	}
}

func sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}

// processQueueBatch receives up to a batch, invokes the function with Lambda's SQS event and
// deletes the messages it processed. The caller holds the lock.
func (s *Service) processQueueBatch(account, region, uuid string) {
	m, ok := s.mappings(account, region)[uuid]
	if !ok || !m.Enabled {
		return
	}
	var batch []QueueMessage
	for len(batch) < m.BatchSize {
		msgs, err := s.backends.Queues.Receive(m.EventSourceARN, min(10, m.BatchSize-len(batch)), -1)
		if err != nil || len(msgs) == 0 {
			break
		}
		batch = append(batch, msgs...)
	}
	if len(batch) == 0 {
		return
	}
	payload, _ := json.Marshal(map[string]any{"Records": sqsRecords(batch, m.EventSourceARN, region)})
	res, err := s.Run(functionName(m.FunctionARN), account, region, payload)
	if m, ok = s.mappings(account, region)[uuid]; !ok {
		return
	}
	if err != nil || res.FunctionError() != "" {
		m.LastProcessingResult = "FAILED"
		return // the messages become visible again after the visibility timeout
	}
	failed := batchItemFailures(res.Payload(), m.FunctionResponseTypes)
	var done []string
	for _, msg := range batch {
		if !failed[msg.MessageID] {
			done = append(done, msg.ReceiptHandle)
		}
	}
	_ = s.backends.Queues.Delete(m.EventSourceARN, done)
	m.LastProcessingResult = "OK"
}

func sqsRecords(batch []QueueMessage, source, region string) []map[string]any {
	records := make([]map[string]any, 0, len(batch))
	for _, msg := range batch {
		attrs := map[string]any{}
		for name, a := range msg.MessageAttributes {
			v := map[string]any{"dataType": a.DataType, "stringListValues": []string{}, "binaryListValues": []string{}}
			if a.BinaryValue != nil {
				v["binaryValue"] = a.BinaryValue
			} else {
				v["stringValue"] = a.StringValue
			}
			attrs[name] = v
		}
		records = append(records, map[string]any{
			"messageId": msg.MessageID, "receiptHandle": msg.ReceiptHandle, "body": msg.Body,
			"attributes": msg.Attributes, "messageAttributes": attrs, "md5OfBody": msg.MD5OfBody,
			"eventSource": "aws:sqs", "eventSourceARN": source, "awsRegion": region,
		})
	}
	return records
}

// batchItemFailures reads a partial batch response, when the mapping asked for them.
func batchItemFailures(payload []byte, responseTypes []string) map[string]bool {
	failed := map[string]bool{}
	reports := false
	for _, t := range responseTypes {
		reports = reports || t == "ReportBatchItemFailures"
	}
	if !reports {
		return failed
	}
	var resp struct {
		BatchItemFailures []struct {
			ItemIdentifier string `json:"itemIdentifier"`
		} `json:"batchItemFailures"`
	}
	if json.Unmarshal(payload, &resp) == nil {
		for _, f := range resp.BatchItemFailures {
			failed[f.ItemIdentifier] = true
		}
	}
	return failed
}

// UpdateMapping changes a mapping's settings and restarts its poller. The caller holds the
// emulator's lock.
func (s *Service) UpdateMapping(account, region, uuid string, spec MappingSpec) error {
	m, ok := s.mappings(account, region)[uuid]
	if !ok {
		return wire.NewError(http.StatusNotFound, "ResourceNotFoundException", "The resource you requested does not exist.")
	}
	if err := applyMapping(m, spec); err != nil {
		return err
	}
	s.pollers.stop(uuid)
	s.startPoller(account, region, m)
	return nil
}

// MappingConfiguration returns a mapping's settings as a MappingSpec, for drift detection, and
// whether it exists. The caller holds the emulator's lock.
func (s *Service) MappingConfiguration(account, region, uuid string) (MappingSpec, bool) {
	m, ok := s.mappings(account, region)[uuid]
	if !ok {
		return MappingSpec{}, false
	}
	batchSize, window, enabled := m.BatchSize, m.MaximumBatchingWindow, m.Enabled
	return MappingSpec{Function: m.FunctionARN, EventSourceARN: m.EventSourceARN, StartingPosition: m.StartingPosition,
		BatchSize: &batchSize, BatchingWindow: &window, Enabled: &enabled,
		FunctionResponseTypes: slices.Clone(m.FunctionResponseTypes)}, true
}

// Streams is what DynamoDB-stream mappings use: the records after a sequence number ("" for
// the oldest kept), in the JSON shape Lambda delivers, and the sequence number of the last.
// The caller holds the emulator's lock.
type Streams interface {
	StreamRecords(account, region, streamARN, after string, limit int) (records []any, last string, err error)
}

// streamPoll is how often a stream mapping looks for new records: streams cannot be waited on.
const streamPoll = 100 * time.Millisecond

// pollStream is one DynamoDB-stream mapping's loop: read the records after its position,
// invoke the function with them, and move the position only once the function succeeded, so
// that a failing batch is retried in order, as Lambda does for streams.
func (s *Service) pollStream(ctx context.Context, account, region, uuid string) {
	for ctx.Err() == nil {
		s.store.Lock()
		processed, gone := s.processStreamBatch(account, region, uuid)
		s.store.Unlock()
		if gone {
			return
		}
		if !processed {
			sleep(ctx, streamPoll)
		}
	}
}

func (s *Service) processStreamBatch(account, region, uuid string) (processed, gone bool) {
	m, ok := s.mappings(account, region)[uuid]
	if !ok || !m.Enabled {
		return false, true
	}
	records, last, err := s.backends.Streams.StreamRecords(account, region, m.EventSourceARN, m.StreamPosition, m.BatchSize)
	if err != nil || len(records) == 0 {
		return false, false
	}
	payload, _ := json.Marshal(map[string]any{"Records": records})
	res, err := s.Run(functionName(m.FunctionARN), account, region, payload)
	if m, ok = s.mappings(account, region)[uuid]; !ok {
		return false, true
	}
	if err != nil || res.FunctionError() != "" {
		m.LastProcessingResult = "FAILED"
		return false, false // the same records again after the poll interval
	}
	m.StreamPosition, m.LastProcessingResult = last, "OK"
	return true, false
}

// streamStart is where a new stream mapping starts reading: TRIM_HORIZON from the oldest
// record kept, LATEST after the newest.
func (s *Service) streamStart(account, region string, m *EventSourceMapping) error {
	if m.StartingPosition != "LATEST" {
		return nil
	}
	for {
		records, last, err := s.backends.Streams.StreamRecords(account, region, m.EventSourceARN, m.StreamPosition, 10000)
		if err != nil {
			return invalid("Stream not found: %s", m.EventSourceARN)
		}
		m.StreamPosition = last
		if len(records) < 10000 {
			return nil
		}
	}
}
