package sns

import (
	"encoding/base64"
	"maps"
	"slices"
	"strconv"

	"github.com/panther-operator/panther-operator/internal/localaws/internal/wire"
)

// request is a call to SNS.
type request struct {
	*wire.Request
	svc *Service
}

type handlerFunc func(req *request) error

var handlers = map[string]handlerFunc{
	"CreateTopic":               snsCreateTopic,
	"DeleteTopic":               snsDeleteTopic,
	"ListTopics":                snsListTopics,
	"GetTopicAttributes":        snsGetTopicAttributes,
	"SetTopicAttributes":        snsSetTopicAttributes,
	"Subscribe":                 snsSubscribe,
	"Unsubscribe":               snsUnsubscribe,
	"ConfirmSubscription":       snsConfirmSubscription,
	"ListSubscriptions":         snsListSubscriptions,
	"ListSubscriptionsByTopic":  snsListSubscriptionsByTopic,
	"GetSubscriptionAttributes": snsGetSubscriptionAttributes,
	"SetSubscriptionAttributes": snsSetSubscriptionAttributes,
	"Publish":                   snsPublish,
	"PublishBatch":              snsPublishBatch,
	"TagResource":               snsTagResource,
	"UntagResource":             snsUntagResource,
	"ListTagsForResource":       snsListTagsForResource,
}

// Resolve implements wire.Service.
func (s *Service) Resolve(req *wire.Request) (string, string) {
	return wire.ResolveQuery(req, handlers, "TopicArn", "SubscriptionArn", "ResourceArn", "Name", "TargetArn")
}

// Serve implements wire.Service.
func (s *Service) Serve(req *wire.Request) error {
	return handlers[req.Operation](&request{Request: req, svc: s})
}

// entries reads a query-protocol map: Prefix.entry.N.key, Prefix.entry.N.value.
func (req *request) entries(prefix string) map[string]string {
	out := map[string]string{}
	for i := 1; ; i++ {
		base := prefix + ".entry." + strconv.Itoa(i) + "."
		k, ok := req.Form[base+"key"]
		if !ok {
			return out
		}
		out[k[0]] = req.Param(base + "value")
	}
}

// tags reads Tags.member.N.Key/Value.
func (req *request) tags() map[string]string {
	out := map[string]string{}
	for _, t := range req.MemberStructs("Tags", "Key", "Value") {
		out[t["Key"]] = t["Value"]
	}
	return out
}

// messageAttributes reads Prefix.entry.N.Name and .Value.DataType,
// .Value.StringValue, .Value.BinaryValue (base64).
func (req *request) messageAttributes(prefix string) (map[string]MessageAttribute, error) {
	out := map[string]MessageAttribute{}
	for i := 1; ; i++ {
		base := prefix + ".entry." + strconv.Itoa(i) + "."
		name, ok := req.Form[base+"Name"]
		if !ok {
			return out, nil
		}
		a := MessageAttribute{DataType: req.Param(base + "Value.DataType"), StringValue: req.Param(base + "Value.StringValue")}
		if b := req.Param(base + "Value.BinaryValue"); b != "" {
			data, err := base64.StdEncoding.DecodeString(b)
			if err != nil {
				return nil, errInvalidValue("The message attribute '%s' has an invalid binary value.", name[0])
			}
			a.BinaryValue = data
		}
		out[name[0]] = a
	}
}

// attributeEntry is one entry of an Attributes map in an answer.
type attributeEntry struct {
	Key   string `xml:"key"`
	Value string `xml:"value"`
}

func attributeEntries(attrs map[string]string) []attributeEntry {
	out := make([]attributeEntry, 0, len(attrs))
	for _, k := range slices.Sorted(maps.Keys(attrs)) {
		out = append(out, attributeEntry{Key: k, Value: attrs[k]})
	}
	return out
}

// pageSize is how many topics or subscriptions one List call returns.
const pageSize = 100

// page cuts a sorted list at the NextToken (an index) and returns the next
// token, "" on the last page.
func page[T any](items []T, token string) ([]T, string, error) {
	start := 0
	if token != "" {
		n, err := strconv.Atoi(token)
		if err != nil || n < 0 || n > len(items) {
			return nil, "", errInvalid("NextToken")
		}
		start = n
	}
	end := min(start+pageSize, len(items))
	next := ""
	if end < len(items) {
		next = strconv.Itoa(end)
	}
	return items[start:end], next, nil
}
