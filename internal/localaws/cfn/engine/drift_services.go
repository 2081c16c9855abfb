package engine

// liveTableProperties reads a table's billing mode, stream and TTL in template form, for drift:
// the properties the template sets, and the ones it leaves that no longer have their defaults.
func (e *Engine) liveTableProperties(s *Stack, r *StackResource) (map[string]any, bool) {
	settings, ok := e.dynamo.TableSettings(s.Account, s.Region, r.PhysicalID)
	if !ok {
		return nil, false
	}
	live := map[string]any{}
	if _, declared := r.Properties["BillingMode"]; declared || settings.BillingMode != "PROVISIONED" {
		live["BillingMode"] = settings.BillingMode
	}
	if _, declared := r.Properties["StreamSpecification"]; declared || settings.StreamViewType != "" {
		if settings.StreamViewType == "" {
			live["StreamSpecification"] = nil
		} else {
			live["StreamSpecification"] = map[string]any{"StreamViewType": settings.StreamViewType}
		}
	}
	if _, declared := r.Properties["TimeToLiveSpecification"]; declared || settings.TTLEnabled {
		live["TimeToLiveSpecification"] = map[string]any{"AttributeName": settings.TTLAttribute,
			"Enabled": map[bool]string{true: "true", false: "false"}[settings.TTLEnabled]}
	}
	return live, true
}

// liveTopicProperties reads a topic's display name and key in template form, for drift.
func (e *Engine) liveTopicProperties(r *StackResource) (map[string]any, bool) {
	attrs, ok := e.sns.TopicAttributes(r.PhysicalID)
	if !ok {
		return nil, false
	}
	live := map[string]any{}
	for _, key := range []string{"DisplayName", "KmsMasterKeyId"} {
		if _, declared := r.Properties[key]; declared || attrs[key] != "" {
			live[key] = attrs[key]
		}
	}
	return live, true
}
