package sns

import "maps"

// The methods below are what other localaws services use of SNS: S3 event
// notifications (Publish, TopicExists) and CloudFormation (the topic and
// subscription methods). Callers hold the state lock. Topics are named by
// ARN; errors are the API's (NotFound, InvalidParameter, …).

// TopicExists reports whether the topic exists.
func (s *Service) TopicExists(arn string) bool { return s.topicByArn(arn) != nil }

// Publish publishes a message to a topic, as Publish does, and returns its
// ID.
func (s *Service) Publish(topicARN, subject, message string, attrs map[string]MessageAttribute) (string, error) {
	t := s.topicByArn(topicARN)
	if t == nil {
		return "", errNotFound("Topic")
	}
	return s.publish(t, subject, message, "", attrs)
}

// CreateTopic creates a topic with settable attributes and tags, or
// returns the existing one that matches, and returns its ARN.
func (s *Service) CreateTopic(account, region, name string, attrs, tags map[string]string) (string, error) {
	t, err := s.createTopic(account, region, name, attrs, tags)
	if err != nil {
		return "", err
	}
	return t.Arn(), nil
}

// UpdateTopic sets the named attributes to the values given ("" removes
// them) and replaces the tags.
func (s *Service) UpdateTopic(arn string, attrs, tags map[string]string) error {
	t := s.topicByArn(arn)
	if t == nil {
		return errNotFound("Topic")
	}
	for k, v := range attrs {
		if err := validateTopicAttribute(k, v); err != nil {
			return err
		}
	}
	for k, v := range attrs {
		t.setAttribute(k, v)
	}
	t.Tags = maps.Clone(tags)
	if t.Tags == nil {
		t.Tags = map[string]string{}
	}
	return nil
}

// SetTopicPolicy sets a topic's Policy; "" restores the default one.
func (s *Service) SetTopicPolicy(arn, policy string) error {
	return s.UpdateTopicAttribute(arn, "Policy", policy)
}

// UpdateTopicAttribute sets one attribute, as SetTopicAttributes does.
func (s *Service) UpdateTopicAttribute(arn, name, value string) error {
	t := s.topicByArn(arn)
	if t == nil {
		return errNotFound("Topic")
	}
	if err := validateTopicAttribute(name, value); err != nil {
		return err
	}
	t.setAttribute(name, value)
	return nil
}

// DeleteTopic deletes a topic and its subscriptions if it exists.
func (s *Service) DeleteTopic(arn string) {
	if t := s.topicByArn(arn); t != nil {
		s.deleteTopic(t)
	}
}

// Subscribe subscribes an endpoint on behalf of owner, as Subscribe does,
// and returns the subscription's ARN.
func (s *Service) Subscribe(owner, topicARN, protocol, endpoint string, attrs map[string]string) (string, error) {
	t := s.topicByArn(topicARN)
	if t == nil {
		return "", errNotFound("Topic")
	}
	sub, err := s.subscribe(owner, t, protocol, endpoint, attrs)
	if err != nil {
		return "", err
	}
	return sub.Arn, nil
}

// SetSubscriptionAttributes sets the named attributes ("" removes them).
func (s *Service) SetSubscriptionAttributes(arn string, attrs map[string]string) error {
	sub := s.subscriptionByArn(arn)
	if sub == nil {
		return errNotFound("Subscription")
	}
	for k, v := range attrs {
		if err := validateSubscriptionAttribute(k, v); err != nil && v != "" {
			return err
		}
	}
	for k, v := range attrs {
		sub.setAttribute(k, v)
	}
	return nil
}

// Unsubscribe deletes a subscription if it exists.
func (s *Service) Unsubscribe(arn string) {
	if sub := s.subscriptionByArn(arn); sub != nil {
		s.unsubscribe(sub)
	}
}

// UnsubscribeEndpoint deletes a topic's subscription of an endpoint if it
// exists.
func (s *Service) UnsubscribeEndpoint(topicARN, protocol, endpoint string) {
	t := s.topicByArn(topicARN)
	if t == nil {
		return
	}
	for _, sub := range s.topicSubscriptions(t) {
		if sub.Protocol == protocol && sub.Endpoint == endpoint {
			s.unsubscribe(sub)
		}
	}
}
