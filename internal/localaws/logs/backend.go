package logs

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
