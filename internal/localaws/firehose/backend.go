package firehose

import "encoding/json"

// These are what CloudFormation uses to provision
// AWS::KinesisFirehose::DeliveryStream. A definition is a
// CreateDeliveryStream request in JSON. Callers hold the state lock;
// errors are the API's.

func decodeDefinition(definition []byte) (createInput, error) {
	var in createInput
	if err := json.Unmarshal(definition, &in); err != nil {
		return in, invalidArgument("%v", err)
	}
	return in, nil
}

// CreateDeliveryStream creates a stream and returns its ARN.
func (s *Service) CreateDeliveryStream(account, region string, definition []byte) (string, error) {
	in, err := decodeDefinition(definition)
	if err != nil {
		return "", err
	}
	st, err := s.createStream(account, region, in)
	if err != nil {
		return "", err
	}
	return st.Arn(), nil
}

// UpdateDestination replaces the destination and tags of the stream the
// definition names.
func (s *Service) UpdateDestination(account, region string, definition []byte) error {
	in, err := decodeDefinition(definition)
	if err != nil {
		return err
	}
	return s.updateDestination(account, region, in)
}

// DeleteDeliveryStream deletes a stream if it exists.
func (s *Service) DeleteDeliveryStream(account, region, name string) {
	delete(s.streams(account, region), name)
}

// DeliveryStreamExists reports whether a stream exists, for drift detection.
func (s *Service) DeliveryStreamExists(account, region, name string) bool {
	_, ok := s.streams(account, region)[name]
	return ok
}
