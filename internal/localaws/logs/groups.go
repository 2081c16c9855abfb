// Package logs emulates the CloudWatch Logs JSON 1.1 API: log groups with
// retention and tags, log streams and their events.
package logs

import (
	"fmt"
	"net/http"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/panther-operator/panther-operator/internal/localaws/internal/state"
	"github.com/panther-operator/panther-operator/internal/localaws/internal/wire"
)

// LogGroup is a CloudWatch Logs log group with its streams.
type LogGroup struct {
	Name          string                `json:"name"`
	Created       time.Time             `json:"created"`
	RetentionDays int                   `json:"retentionDays,omitempty"`
	KmsKeyID      string                `json:"kmsKeyId,omitempty"`
	Tags          map[string]string     `json:"tags,omitempty"`
	Streams       map[string]*LogStream `json:"streams,omitempty"`
}

// LogStream holds events in arrival order.
type LogStream struct {
	Name    string     `json:"name"`
	Created time.Time  `json:"created"`
	Events  []LogEvent `json:"events,omitempty"`
}

// LogEvent is one log line.
type LogEvent struct {
	Timestamp     int64  `json:"timestamp"`
	Message       string `json:"message"`
	IngestionTime int64  `json:"ingestionTime"`
}

// logGroupArn is a log group ARN without the trailing ":*".
func logGroupArn(region, account, name string) string {
	return fmt.Sprintf("arn:%s:logs:%s:%s:log-group:%s", wire.Partition(region), region, account, name)
}

var logGroupNamePattern = regexp.MustCompile(`^[\.\-_/#A-Za-z0-9]{1,512}$`)

// validRetentionDays are the only values PutRetentionPolicy accepts.
var validRetentionDays = map[int]bool{1: true, 3: true, 5: true, 7: true, 14: true, 30: true, 60: true, 90: true,
	120: true, 150: true, 180: true, 365: true, 400: true, 545: true, 731: true, 1096: true, 1827: true,
	2192: true, 2557: true, 2922: true, 3288: true, 3653: true}

func logsNotFound(what string) *wire.Error {
	return wire.NewError(http.StatusBadRequest, "ResourceNotFoundException", "The specified %s does not exist.", what)
}

func logsInvalid(format string, args ...any) *wire.Error {
	return wire.NewError(http.StatusBadRequest, "InvalidParameterException", format, args...)
}

// createLogGroup is shared by the API and CloudFormation.
func (s *Service) createLogGroup(account, region, name string, retention int, tags map[string]string) (*LogGroup, error) {
	groups := s.groups(account, region)
	if !logGroupNamePattern.MatchString(name) {
		return nil, logsInvalid("1 validation error detected: Value '%s' at 'logGroupName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]+", name)
	}
	if _, exists := groups[name]; exists {
		return nil, wire.NewError(http.StatusBadRequest, "ResourceAlreadyExistsException", "The specified log group already exists")
	}
	if retention != 0 && !validRetentionDays[retention] {
		return nil, logsInvalid("1 validation error detected: Value '%d' at 'retentionInDays' failed to satisfy constraint: Member must satisfy enum value set", retention)
	}
	g := &LogGroup{Name: name, Created: time.Now().UTC(), RetentionDays: retention, Tags: tags, Streams: map[string]*LogStream{}}
	groups[name] = g
	return g, nil
}

// Service implements the CloudWatch Logs JSON 1.1 API.
type Service struct {
	store *state.Store
}

// groupTable holds each region's log groups by name.
var groupTable = state.NewTable[*LogGroup]("logGroups", state.PerRegion)

// Tables are the state tables of CloudWatch Logs.
func Tables() []state.Declared { return []state.Declared{groupTable} }

// New returns the CloudWatch Logs service keeping its groups in store.
func New(store *state.Store) *Service { return &Service{store: store} }

// groups are a region's log groups. Callers hold the state lock.
func (s *Service) groups(account, region string) map[string]*LogGroup {
	return groupTable.Region(s.store.State(), account, region)
}

// request is a call to CloudWatch Logs.
type request struct {
	*wire.Request
	svc *Service
}

// groups are the log groups of the caller's region.
func (req *request) groups() map[string]*LogGroup { return req.svc.groups(req.Account, req.Region) }

type handlerFunc func(req *request) error

var logsHandlers = map[string]handlerFunc{
	"CreateLogGroup":        logsCreateLogGroup,
	"DeleteLogGroup":        logsDeleteLogGroup,
	"DescribeLogGroups":     logsDescribeLogGroups,
	"PutRetentionPolicy":    logsPutRetentionPolicy,
	"DeleteRetentionPolicy": logsDeleteRetentionPolicy,
	"TagResource":           logsTagResource,
	"UntagResource":         logsUntagResource,
	"ListTagsForResource":   logsListTagsForResource,
	"CreateLogStream":       logsCreateLogStream,
	"DescribeLogStreams":    logsDescribeLogStreams,
	"PutLogEvents":          logsPutLogEvents,
	"GetLogEvents":          logsGetLogEvents,
	"FilterLogEvents":       logsFilterLogEvents,
}

// Resolve implements wire.Service.
func (s *Service) Resolve(req *wire.Request) (string, string) {
	op := req.Target()
	if _, ok := logsHandlers[op]; !ok {
		return "", ""
	}
	var probe struct {
		LogGroupName string `json:"logGroupName"`
		ResourceArn  string `json:"resourceArn"`
	}
	_ = req.DecodeJSON(&probe)
	if probe.LogGroupName != "" {
		return op, probe.LogGroupName
	}
	return op, probe.ResourceArn
}

// Serve implements wire.Service.
func (s *Service) Serve(req *wire.Request) error {
	return logsHandlers[req.Operation](&request{Request: req, svc: s})
}

func (req *request) logGroup(name string) (*LogGroup, error) {
	g, ok := req.groups()[name]
	if !ok {
		return nil, logsNotFound("log group")
	}
	return g, nil
}

// logGroupByArn accepts the ARN with or without the trailing ":*".
func (req *request) logGroupByArn(arn string) (*LogGroup, error) {
	arn = strings.TrimSuffix(arn, ":*")
	prefix := logGroupArn(req.Region, req.Account, "")
	name, ok := strings.CutPrefix(arn, prefix)
	if !ok {
		return nil, logsNotFound("resource")
	}
	return req.logGroup(name)
}

func logsCreateLogGroup(req *request) error {
	var in struct {
		LogGroupName string            `json:"logGroupName"`
		KmsKeyID     string            `json:"kmsKeyId"`
		Tags         map[string]string `json:"tags"`
	}
	if err := req.DecodeJSON(&in); err != nil {
		return err
	}
	g, err := req.svc.createLogGroup(req.Account, req.Region, in.LogGroupName, 0, in.Tags)
	if err != nil {
		return err
	}
	g.KmsKeyID = in.KmsKeyID
	return req.ReplyJSON(nil)
}

func logsDeleteLogGroup(req *request) error {
	var in struct {
		LogGroupName string `json:"logGroupName"`
	}
	if err := req.DecodeJSON(&in); err != nil {
		return err
	}
	if _, err := req.logGroup(in.LogGroupName); err != nil {
		return err
	}
	delete(req.groups(), in.LogGroupName)
	return req.ReplyJSON(nil)
}

func logsDescribeLogGroups(req *request) error {
	var in struct {
		LogGroupNamePrefix string `json:"logGroupNamePrefix"`
		NextToken          string `json:"nextToken"`
		Limit              int    `json:"limit"`
	}
	if err := req.DecodeJSON(&in); err != nil {
		return err
	}
	limit := in.Limit
	if limit == 0 {
		limit = 50
	}
	if limit < 1 || limit > 50 {
		return logsInvalid("1 validation error detected: Value '%d' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 50", limit)
	}
	var names []string
	for name := range req.groups() {
		if strings.HasPrefix(name, in.LogGroupNamePrefix) && name > in.NextToken {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	type groupJSON struct {
		LogGroupName    string `json:"logGroupName"`
		Arn             string `json:"arn"`
		LogGroupArn     string `json:"logGroupArn"`
		CreationTime    int64  `json:"creationTime"`
		RetentionInDays *int   `json:"retentionInDays,omitempty"`
		KmsKeyID        string `json:"kmsKeyId,omitempty"`
		StoredBytes     int64  `json:"storedBytes"`
	}
	out := struct {
		LogGroups []groupJSON `json:"logGroups"`
		NextToken string      `json:"nextToken,omitempty"`
	}{LogGroups: []groupJSON{}}
	for i, name := range names {
		if i == limit {
			out.NextToken = names[i-1]
			break
		}
		g := req.groups()[name]
		arn := logGroupArn(req.Region, req.Account, name)
		gj := groupJSON{LogGroupName: name, Arn: arn + ":*", LogGroupArn: arn, CreationTime: g.Created.UnixMilli(), KmsKeyID: g.KmsKeyID}
		if g.RetentionDays != 0 {
			days := g.RetentionDays
			gj.RetentionInDays = &days
		}
		out.LogGroups = append(out.LogGroups, gj)
	}
	return req.ReplyJSON(out)
}

func logsPutRetentionPolicy(req *request) error {
	var in struct {
		LogGroupName    string `json:"logGroupName"`
		RetentionInDays int    `json:"retentionInDays"`
	}
	if err := req.DecodeJSON(&in); err != nil {
		return err
	}
	g, err := req.logGroup(in.LogGroupName)
	if err != nil {
		return err
	}
	if !validRetentionDays[in.RetentionInDays] {
		return logsInvalid("1 validation error detected: Value '%d' at 'retentionInDays' failed to satisfy constraint: Member must satisfy enum value set: [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653]", in.RetentionInDays)
	}
	g.RetentionDays = in.RetentionInDays
	return req.ReplyJSON(nil)
}

func logsDeleteRetentionPolicy(req *request) error {
	var in struct {
		LogGroupName string `json:"logGroupName"`
	}
	if err := req.DecodeJSON(&in); err != nil {
		return err
	}
	g, err := req.logGroup(in.LogGroupName)
	if err != nil {
		return err
	}
	g.RetentionDays = 0
	return req.ReplyJSON(nil)
}

func logsTagResource(req *request) error {
	var in struct {
		ResourceArn string            `json:"resourceArn"`
		Tags        map[string]string `json:"tags"`
	}
	if err := req.DecodeJSON(&in); err != nil {
		return err
	}
	g, err := req.logGroupByArn(in.ResourceArn)
	if err != nil {
		return err
	}
	if len(in.Tags) == 0 {
		return logsInvalid("1 validation error detected: Value '{}' at 'tags' failed to satisfy constraint: Member must have length greater than or equal to 1")
	}
	if g.Tags == nil {
		g.Tags = map[string]string{}
	}
	for k, v := range in.Tags {
		g.Tags[k] = v
	}
	return req.ReplyJSON(nil)
}

func logsUntagResource(req *request) error {
	var in struct {
		ResourceArn string   `json:"resourceArn"`
		TagKeys     []string `json:"tagKeys"`
	}
	if err := req.DecodeJSON(&in); err != nil {
		return err
	}
	g, err := req.logGroupByArn(in.ResourceArn)
	if err != nil {
		return err
	}
	for _, k := range in.TagKeys {
		delete(g.Tags, k)
	}
	return req.ReplyJSON(nil)
}

func logsListTagsForResource(req *request) error {
	var in struct {
		ResourceArn string `json:"resourceArn"`
	}
	if err := req.DecodeJSON(&in); err != nil {
		return err
	}
	g, err := req.logGroupByArn(in.ResourceArn)
	if err != nil {
		return err
	}
	tags := g.Tags
	if tags == nil {
		tags = map[string]string{}
	}
	return req.ReplyJSON(map[string]any{"tags": tags})
}
