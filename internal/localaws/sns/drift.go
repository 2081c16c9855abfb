package sns

import "maps"

// TopicAttributes returns a copy of a topic's settable attributes and whether it exists.
// Callers hold the state lock.
func (s *Service) TopicAttributes(arn string) (map[string]string, bool) {
	t := s.topicByArn(arn)
	if t == nil {
		return nil, false
	}
	return maps.Clone(t.Attributes), true
}

// SubscriptionAttributes returns a copy of a subscription's settable attributes and whether it
// exists. Callers hold the state lock.
func (s *Service) SubscriptionAttributes(arn string) (map[string]string, bool) {
	sub := s.subscriptionByArn(arn)
	if sub == nil {
		return nil, false
	}
	return maps.Clone(sub.Attributes), true
}
