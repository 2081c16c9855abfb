package dynamodb

// TableSettings are the settings of a table that drift detection compares with its template.
type TableSettings struct {
	BillingMode, StreamViewType, TTLAttribute string
	TTLEnabled                                bool
}

// TableSettings returns a table's live settings and whether it exists. Callers hold the state
// lock.
func (s *Service) TableSettings(account, region, name string) (TableSettings, bool) {
	t, ok := s.tables(account, region)[name]
	if !ok {
		return TableSettings{}, false
	}
	settings := TableSettings{BillingMode: t.BillingMode}
	if st := t.stream(); st != nil && st.Enabled {
		settings.StreamViewType = st.ViewType
	}
	if t.TTL != nil {
		settings.TTLAttribute, settings.TTLEnabled = t.TTL.AttributeName, t.TTL.Enabled
	}
	return settings, true
}
