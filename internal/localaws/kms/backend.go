package kms

// These are what CloudFormation uses to provision AWS::KMS::Key and
// AWS::KMS::Alias. Callers hold the state lock; errors are the API's.

// CreateKey creates an enabled symmetric key (disabled when enabled is
// false) and returns its ID and ARN.
func (s *Service) CreateKey(account, region, description, policy string, enabled bool, tags map[string]string) (id, keyArn string) {
	k := s.newKey(account, region, description, policy, tags)
	if !enabled {
		k.State = stateDisabled
	}
	return k.ID, k.Arn()
}

// UpdateKey replaces a key's description, policy, tags and enabled state.
func (s *Service) UpdateKey(account, region, id, description, policy string, enabled bool, tags map[string]string) error {
	k, err := s.lookup(account, region, id)
	if err != nil {
		return err
	}
	if err := setEnabled(k, enabled); err != nil {
		return err
	}
	if policy == "" {
		policy = defaultPolicy(region, account)
	}
	k.Description, k.Policy, k.Tags = description, policy, tags
	return nil
}

// ScheduleKeyDeletion schedules a key's deletion in days (0: 30), as
// CloudFormation does when it deletes a key; a missing key or one already
// pending deletion is left alone.
func (s *Service) ScheduleKeyDeletion(account, region, id string, days int) error {
	k, err := s.lookup(account, region, id)
	if err != nil || k.State == statePendingDeletion {
		return nil
	}
	return s.scheduleDeletion(k, days)
}

// PutAlias creates an alias, or points an existing one at target (a key ID
// or ARN) when replace is set.
func (s *Service) PutAlias(account, region, name, target string, replace bool) error {
	if replace {
		return s.retarget(account, region, name, target)
	}
	return s.putAlias(account, region, name, target)
}

// DeleteAlias deletes an alias if it exists.
func (s *Service) DeleteAlias(account, region, name string) {
	delete(s.aliases(account, region), name)
}

// KeyMetadata returns a key's description and state (Enabled, Disabled, PendingDeletion), for
// drift detection, and whether it exists.
func (s *Service) KeyMetadata(account, region, id string) (description, keyState string, exists bool) {
	k, err := s.lookup(account, region, id)
	if err != nil {
		return "", "", false
	}
	return k.Description, k.State, true
}
