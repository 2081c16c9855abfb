package logs

import "time"

// These are what CloudFormation uses to provision AWS::Logs::LogGroup
// resources and check their drift. Callers hold the state lock.

// CreateLogGroup creates a log group with a retention (0: never expire)
// and tags, failing as the API does, and returns its ARN (with ":*").
func (s *Service) CreateLogGroup(account, region, name string, retention int, tags map[string]string) (string, error) {
	if _, err := s.createLogGroup(account, region, name, retention, tags); err != nil {
		return "", err
	}
	return logGroupArn(region, account, name) + ":*", nil
}

// UpdateLogGroup replaces a log group's retention and tags. It fails with
// ResourceNotFoundException for a missing group and with
// InvalidParameterException for a retention the API does not allow.
func (s *Service) UpdateLogGroup(account, region, name string, retention int, tags map[string]string) error {
	g, ok := s.groups(account, region)[name]
	if !ok {
		return logsNotFound("log group")
	}
	if retention != 0 && !validRetentionDays[retention] {
		return logsInvalid("Invalid retention value %d", retention)
	}
	g.RetentionDays = retention
	g.Tags = tags
	return nil
}

// DeleteLogGroup deletes a log group if it exists.
func (s *Service) DeleteLogGroup(account, region, name string) {
	delete(s.groups(account, region), name)
}

// LogGroupRetention returns a log group's retention in days (0: never
// expire) and whether the group exists.
func (s *Service) LogGroupRetention(account, region, name string) (int, bool) {
	g, ok := s.groups(account, region)[name]
	if !ok {
		return 0, false
	}
	return g.RetentionDays, true
}

// AppendEvents adds lines to a log stream, creating the group and the stream when they do not
// exist yet, as the Lambda service does for a function's logs.
func (s *Service) AppendEvents(account, region, group, stream string, at time.Time, lines []string) {
	g, ok := s.groups(account, region)[group]
	if !ok {
		var err error
		if g, err = s.createLogGroup(account, region, group, 0, nil); err != nil {
			return // a name the API refuses cannot come from a function name
		}
	}
	if g.Streams == nil {
		g.Streams = map[string]*LogStream{}
	}
	st, ok := g.Streams[stream]
	if !ok {
		st = &LogStream{Name: stream, Created: at.UTC()}
		g.Streams[stream] = st
	}
	ms := at.UnixMilli()
	for _, line := range lines {
		st.Events = append(st.Events, LogEvent{Timestamp: ms, Message: line, IngestionTime: ms})
	}
}
