package sns

import (
	"encoding/base64"
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"github.com/panther-operator/panther-operator/internal/localaws/internal/wire"
)

// maxMessageSize is SNS's limit on a message with its attributes.
const maxMessageSize = 262144

// maxBatch is how many entries one PublishBatch may carry.
const maxBatch = 10

// message is a published message on its way to the subscribers.
type message struct {
	id, subject, body string
	// structured are the per-protocol bodies of MessageStructure json.
	structured map[string]string
	attrs      map[string]MessageAttribute
	at         time.Time
}

// forProtocol is the body a subscriber of a protocol receives.
func (m *message) forProtocol(protocol string) string {
	if body, ok := m.structured[protocol]; ok {
		return body
	}
	if body, ok := m.structured["default"]; ok {
		return body
	}
	return m.body
}

// newMessage validates what Publish carries.
func newMessage(subject, body, structure string, attrs map[string]MessageAttribute) (*message, error) {
	if body == "" {
		return nil, errInvalid("Empty message")
	}
	if len(subject) > 100 || strings.ContainsAny(subject, "\n\r\t") {
		return nil, errInvalid("Subject")
	}
	m := &message{id: wire.NewUUID(), subject: subject, body: body, attrs: attrs, at: time.Now().UTC()}
	switch structure {
	case "":
	case "json":
		if err := json.Unmarshal([]byte(body), &m.structured); err != nil {
			return nil, errInvalid("Message Structure - JSON message body failed to parse")
		}
		if _, ok := m.structured["default"]; !ok {
			return nil, errInvalid("Message Structure - No default entry in JSON message body")
		}
	default:
		return nil, errInvalid("MessageStructure")
	}
	size, err := validateAttributes(attrs)
	if err != nil {
		return nil, err
	}
	if size+len(body) > maxMessageSize {
		return nil, errInvalid("Message too long")
	}
	return m, nil
}

// validateAttributes checks message attributes and returns their size.
func validateAttributes(attrs map[string]MessageAttribute) (int, error) {
	if len(attrs) > 10 {
		return 0, errInvalidValue("Number of message attributes [%d] exceeds the allowed maximum [10].", len(attrs))
	}
	size := 0
	for name, a := range attrs {
		base, _, _ := strings.Cut(a.DataType, ".")
		switch {
		case name == "" || len(name) > 256 || strings.HasPrefix(strings.ToLower(name), "aws."):
			return 0, errInvalidValue("The message attribute name '%s' is invalid.", name)
		case base != "String" && base != "Number" && base != "Binary":
			return 0, errInvalidValue("The message attribute '%s' has an invalid message attribute type, the set of supported type prefixes is Binary, Number, and String.", name)
		case base == "Binary" && len(a.BinaryValue) == 0, base != "Binary" && a.StringValue == "":
			return 0, errInvalidValue("The message attribute '%s' must contain non-empty message attribute value for message attribute type '%s'.", name, a.DataType)
		case base == "Number" && !isNumber(a.StringValue):
			return 0, errInvalidValue("Could not cast message attribute '%s' value to number.", name)
		case a.DataType == "String.Array" && !isJSONArray(a.StringValue):
			return 0, errInvalidValue("The message attribute '%s' has an invalid String.Array value: it must be a JSON array.", name)
		}
		size += len(name) + len(a.DataType) + len(a.StringValue) + len(a.BinaryValue)
	}
	return size, nil
}

func isNumber(s string) bool {
	_, err := strconv.ParseFloat(s, 64)
	return err == nil
}

func isJSONArray(s string) bool {
	var v []any
	return json.Unmarshal([]byte(s), &v) == nil
}

// publish validates and delivers a message to a topic's subscribers.
func (s *Service) publish(t *Topic, subject, body, structure string, attrs map[string]MessageAttribute) (string, error) {
	m, err := newMessage(subject, body, structure, attrs)
	if err != nil {
		return "", err
	}
	s.deliver(t, m)
	return m.id, nil
}

func snsPublish(req *request) error {
	if req.Param("PhoneNumber") != "" {
		return errInvalid("PhoneNumber Reason: localaws does not send SMS")
	}
	param := "TopicArn"
	if req.Param(param) == "" {
		param = "TargetArn"
	}
	t, err := req.topicParam(param)
	if err != nil {
		return err
	}
	if req.Param("MessageGroupId") != "" {
		return errInvalid("MessageGroupId Reason: The request includes MessageGroupId parameter that is not valid for this topic type")
	}
	attrs, err := req.messageAttributes("MessageAttributes")
	if err != nil {
		return err
	}
	id, err := req.svc.publish(t, req.Param("Subject"), req.Param("Message"), req.Param("MessageStructure"), attrs)
	if err != nil {
		return err
	}
	return req.ReplyQuery(struct {
		MessageId string `xml:"MessageId"`
	}{id})
}

type batchSuccess struct {
	ID        string `xml:"Id"`
	MessageID string `xml:"MessageId"`
}

type batchFailure struct {
	ID          string `xml:"Id"`
	Code        string `xml:"Code"`
	Message     string `xml:"Message"`
	SenderFault bool   `xml:"SenderFault"`
}

func snsPublishBatch(req *request) error {
	t, err := req.topicParam("TopicArn")
	if err != nil {
		return err
	}
	const prefix = "PublishBatchRequestEntries.member."
	var ids []string
	for i := 1; req.Form.Has(prefix + strconv.Itoa(i) + ".Id"); i++ {
		ids = append(ids, req.Param(prefix+strconv.Itoa(i)+".Id"))
	}
	if err := checkBatchIDs(ids); err != nil {
		return err
	}
	out := struct {
		Successful []batchSuccess `xml:"Successful>member"`
		Failed     []batchFailure `xml:"Failed>member"`
	}{Successful: []batchSuccess{}, Failed: []batchFailure{}}
	for i, id := range ids {
		base := prefix + strconv.Itoa(i+1) + "."
		msgID, err := req.publishEntry(t, base)
		if err != nil {
			ae := wire.AsError(err)
			out.Failed = append(out.Failed, batchFailure{ID: id, Code: ae.Code, Message: ae.Message, SenderFault: ae.Sender})
			continue
		}
		out.Successful = append(out.Successful, batchSuccess{ID: id, MessageID: msgID})
	}
	return req.ReplyQuery(out)
}

func (req *request) publishEntry(t *Topic, base string) (string, error) {
	attrs, err := req.messageAttributes(base + "MessageAttributes")
	if err != nil {
		return "", err
	}
	return req.svc.publish(t, req.Param(base+"Subject"), req.Param(base+"Message"), req.Param(base+"MessageStructure"), attrs)
}

// checkBatchIDs applies PublishBatch's rules on entry IDs.
func checkBatchIDs(ids []string) error {
	switch {
	case len(ids) == 0:
		return snsError(400, "EmptyBatchRequest", "The batch request doesn't contain any entries.")
	case len(ids) > maxBatch:
		return snsError(400, "TooManyEntriesInBatchRequest", "The batch request contains more entries than permissible.")
	}
	seen := map[string]bool{}
	for _, id := range ids {
		if id == "" || len(id) > 80 || strings.Trim(id, wire.Alnum+"-_") != "" {
			return snsError(400, "InvalidBatchEntryId", "The Id of a batch entry in a batch request doesn't abide by the specification.")
		}
		if seen[id] {
			return snsError(400, "BatchEntryIdsNotDistinct", "Two or more batch entries in the request have the same Id.")
		}
		seen[id] = true
	}
	return nil
}

// signature stands in for the SHA1withRSA signature of a message: it has
// the shape of one, but no certificate verifies it.
func signature() string { return base64.StdEncoding.EncodeToString([]byte(wire.RandomHex(256))) }

func signingCertURL(region string) string {
	return "https://sns." + region + ".amazonaws.com/SimpleNotificationService-9c6465fa7f48f5cacd23014631ec1136.pem"
}

func unsubscribeURL(region, subArn string) string {
	return "https://sns." + region + ".amazonaws.com/?Action=Unsubscribe&SubscriptionArn=" + subArn
}

func subscribeURL(region, topicArn, token string) string {
	return "https://sns." + region + ".amazonaws.com/?Action=ConfirmSubscription&TopicArn=" + topicArn + "&Token=" + token
}
