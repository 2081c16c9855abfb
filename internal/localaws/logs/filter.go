package logs

import (
	"slices"
	"strconv"
	"strings"
)

// maxFilterEvents bounds one FilterLogEvents page, as the API does.
const maxFilterEvents = 10000

// logsFilterLogEvents searches a group's streams, in time order. A pattern is matched as the
// API's simplest form, terms that must all appear; quoted phrases count as one term.
func logsFilterLogEvents(req *request) error {
	var in struct {
		LogGroupName        string   `json:"logGroupName"`
		LogStreamNames      []string `json:"logStreamNames"`
		LogStreamNamePrefix string   `json:"logStreamNamePrefix"`
		FilterPattern       string   `json:"filterPattern"`
		StartTime           *int64   `json:"startTime"`
		EndTime             *int64   `json:"endTime"`
		Limit               int      `json:"limit"`
		NextToken           string   `json:"nextToken"`
	}
	if err := req.DecodeJSON(&in); err != nil {
		return err
	}
	g, err := req.logGroup(in.LogGroupName)
	if err != nil {
		return err
	}
	type eventJSON struct {
		LogStreamName string `json:"logStreamName"`
		Timestamp     int64  `json:"timestamp"`
		Message       string `json:"message"`
		IngestionTime int64  `json:"ingestionTime"`
		EventID       string `json:"eventId"`
	}
	terms := filterTerms(in.FilterPattern)
	var events []eventJSON
	for name, s := range g.Streams {
		if (len(in.LogStreamNames) > 0 && !slices.Contains(in.LogStreamNames, name)) || !strings.HasPrefix(name, in.LogStreamNamePrefix) {
			continue
		}
		for i, e := range s.Events {
			if (in.StartTime == nil || e.Timestamp >= *in.StartTime) && (in.EndTime == nil || e.Timestamp < *in.EndTime) &&
				matchesTerms(e.Message, terms) {
				events = append(events, eventJSON{name, e.Timestamp, e.Message, e.IngestionTime, name + "/" + strconv.Itoa(i)})
			}
		}
	}
	slices.SortStableFunc(events, func(a, b eventJSON) int {
		if a.Timestamp != b.Timestamp {
			return int(a.Timestamp - b.Timestamp)
		}
		return strings.Compare(a.EventID, b.EventID)
	})
	start, _ := strconv.Atoi(in.NextToken)
	start = min(max(start, 0), len(events))
	limit := in.Limit
	if limit <= 0 || limit > maxFilterEvents {
		limit = maxFilterEvents
	}
	end := min(start+limit, len(events))
	out := map[string]any{"events": events[start:end], "searchedLogStreams": []any{}}
	if end < len(events) {
		out["nextToken"] = strconv.Itoa(end)
	}
	return req.ReplyJSON(out)
}

func filterTerms(pattern string) []string {
	var terms []string
	for pattern = strings.TrimSpace(pattern); pattern != ""; pattern = strings.TrimSpace(pattern) {
		if strings.HasPrefix(pattern, `"`) {
			phrase, rest, _ := strings.Cut(pattern[1:], `"`)
			terms, pattern = append(terms, phrase), rest
			continue
		}
		term, rest, _ := strings.Cut(pattern, " ")
		terms, pattern = append(terms, term), rest
	}
	return terms
}

func matchesTerms(message string, terms []string) bool {
	for _, t := range terms {
		if !strings.Contains(message, t) {
			return false
		}
	}
	return true
}
