package logs

import (
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/panther-operator/panther-operator/internal/localaws/internal/wire"
)

func logsCreateLogStream(req *request) error {
	var in struct {
		LogGroupName  string `json:"logGroupName"`
		LogStreamName string `json:"logStreamName"`
	}
	if err := req.DecodeJSON(&in); err != nil {
		return err
	}
	g, err := req.logGroup(in.LogGroupName)
	if err != nil {
		return err
	}
	if _, exists := g.Streams[in.LogStreamName]; exists {
		return wire.NewError(http.StatusBadRequest, "ResourceAlreadyExistsException", "The specified log stream already exists")
	}
	if g.Streams == nil {
		g.Streams = map[string]*LogStream{}
	}
	g.Streams[in.LogStreamName] = &LogStream{Name: in.LogStreamName, Created: time.Now().UTC()}
	return req.ReplyJSON(nil)
}

func logsDescribeLogStreams(req *request) error {
	var in struct {
		LogGroupName        string `json:"logGroupName"`
		LogStreamNamePrefix string `json:"logStreamNamePrefix"`
	}
	if err := req.DecodeJSON(&in); err != nil {
		return err
	}
	g, err := req.logGroup(in.LogGroupName)
	if err != nil {
		return err
	}
	type streamJSON struct {
		LogStreamName string `json:"logStreamName"`
		CreationTime  int64  `json:"creationTime"`
		Arn           string `json:"arn"`
	}
	streams := []streamJSON{}
	for name, s := range g.Streams {
		if strings.HasPrefix(name, in.LogStreamNamePrefix) {
			arn := logGroupArn(req.Region, req.Account, g.Name) + ":log-stream:" + name
			streams = append(streams, streamJSON{name, s.Created.UnixMilli(), arn})
		}
	}
	sort.Slice(streams, func(i, j int) bool { return streams[i].LogStreamName < streams[j].LogStreamName })
	return req.ReplyJSON(map[string]any{"logStreams": streams})
}

func (req *request) logStream(group, stream string) (*LogStream, error) {
	g, err := req.logGroup(group)
	if err != nil {
		return nil, err
	}
	s, ok := g.Streams[stream]
	if !ok {
		return nil, logsNotFound("log stream")
	}
	return s, nil
}

func logsPutLogEvents(req *request) error {
	var in struct {
		LogGroupName  string `json:"logGroupName"`
		LogStreamName string `json:"logStreamName"`
		LogEvents     []struct {
			Timestamp int64  `json:"timestamp"`
			Message   string `json:"message"`
		} `json:"logEvents"`
	}
	if err := req.DecodeJSON(&in); err != nil {
		return err
	}
	s, err := req.logStream(in.LogGroupName, in.LogStreamName)
	if err != nil {
		return err
	}
	if len(in.LogEvents) == 0 || len(in.LogEvents) > 10000 {
		return logsInvalid("1 validation error detected: Value at 'logEvents' failed to satisfy constraint: Member must have length between 1 and 10000")
	}
	now := time.Now().UnixMilli()
	for i, e := range in.LogEvents {
		if i > 0 && e.Timestamp < in.LogEvents[i-1].Timestamp {
			return logsInvalid("Log events in a single PutLogEvents request must be in chronological order.")
		}
		s.Events = append(s.Events, LogEvent{Timestamp: e.Timestamp, Message: e.Message, IngestionTime: now})
	}
	return req.ReplyJSON(map[string]string{"nextSequenceToken": strconv.Itoa(len(s.Events))})
}

// GetLogEvents tokens are "f/<index>" (forward) and "b/<index>"
// (backward); at the end of the stream the same forward token comes back,
// which is how the SDK paginator knows to stop.
func logsGetLogEvents(req *request) error {
	var in struct {
		LogGroupName  string `json:"logGroupName"`
		LogStreamName string `json:"logStreamName"`
		StartTime     *int64 `json:"startTime"`
		EndTime       *int64 `json:"endTime"`
		Limit         int    `json:"limit"`
		NextToken     string `json:"nextToken"`
		StartFromHead bool   `json:"startFromHead"`
	}
	if err := req.DecodeJSON(&in); err != nil {
		return err
	}
	s, err := req.logStream(in.LogGroupName, in.LogStreamName)
	if err != nil {
		return err
	}
	var events []LogEvent
	for _, e := range s.Events {
		if (in.StartTime == nil || e.Timestamp >= *in.StartTime) && (in.EndTime == nil || e.Timestamp < *in.EndTime) {
			events = append(events, e)
		}
	}
	limit := in.Limit
	if limit <= 0 || limit > 10000 {
		limit = 10000
	}
	start, end := 0, len(events)
	switch {
	case strings.HasPrefix(in.NextToken, "f/"):
		start, _ = strconv.Atoi(in.NextToken[2:])
		start = min(max(start, 0), len(events))
		end = min(start+limit, len(events))
	case strings.HasPrefix(in.NextToken, "b/"):
		end, _ = strconv.Atoi(in.NextToken[2:])
		end = min(max(end, 0), len(events))
		start = max(end-limit, 0)
	case in.NextToken != "":
		return logsInvalid("The specified nextToken is invalid.")
	case in.StartFromHead:
		end = min(limit, len(events))
	default:
		start = max(len(events)-limit, 0)
	}
	page := events[start:end]
	if page == nil {
		page = []LogEvent{}
	}
	return req.ReplyJSON(map[string]any{
		"events":            page,
		"nextForwardToken":  "f/" + strconv.Itoa(end),
		"nextBackwardToken": "b/" + strconv.Itoa(start),
	})
}
