package sqs

import (
	"encoding/json"
	"slices"
	"time"
)

// The queue policy AddPermission and RemovePermission edit; the Policy
// attribute holds it as JSON.
type policyDoc struct {
	Version   string            `json:"Version"`
	ID        string            `json:"Id,omitempty"`
	Statement []policyStatement `json:"Statement"`
}

type policyStatement struct {
	Sid       string         `json:"Sid"`
	Effect    string         `json:"Effect"`
	Principal map[string]any `json:"Principal"`
	Action    any            `json:"Action"`
	Resource  any            `json:"Resource"`
}

func (q *Queue) policy() policyDoc {
	doc := policyDoc{Version: "2012-10-17", ID: q.Arn() + "/SQSDefaultPolicy"}
	if raw := q.Attributes["Policy"]; raw != "" {
		_ = json.Unmarshal([]byte(raw), &doc)
	}
	return doc
}

func (q *Queue) setPolicy(doc policyDoc, now time.Time) {
	if len(doc.Statement) == 0 {
		delete(q.Attributes, "Policy")
	} else {
		data, _ := json.Marshal(doc)
		q.Attributes["Policy"] = string(data)
	}
	q.Modified = now
}

func sqsAddPermission(req *request) error {
	var in struct {
		queueInput
		Label      string   `json:"Label"`
		AccountIDs []string `json:"AWSAccountIds"`
		Actions    []string `json:"Actions"`
	}
	q, err := req.decodeQueue(&in)
	if err != nil {
		return err
	}
	if in.Label == "" || len(in.AccountIDs) == 0 || len(in.Actions) == 0 {
		return errMissing("Label, AWSAccountIds and Actions")
	}
	doc := q.policy()
	if slices.ContainsFunc(doc.Statement, func(s policyStatement) bool { return s.Sid == in.Label }) {
		return errInvalidParameter("Value %s for parameter Label is invalid. Reason: Already exists.", in.Label)
	}
	principals := make([]string, len(in.AccountIDs))
	for i, id := range in.AccountIDs {
		principals[i] = "arn:aws:iam::" + id + ":root"
	}
	actions := make([]string, len(in.Actions))
	for i, a := range in.Actions {
		actions[i] = "SQS:" + a
	}
	doc.Statement = append(doc.Statement, policyStatement{Sid: in.Label, Effect: "Allow",
		Principal: map[string]any{"AWS": principals}, Action: actions, Resource: q.Arn()})
	q.setPolicy(doc, req.svc.now())
	return req.ReplyJSON(nil)
}

func sqsRemovePermission(req *request) error {
	var in struct {
		queueInput
		Label string `json:"Label"`
	}
	q, err := req.decodeQueue(&in)
	if err != nil {
		return err
	}
	doc := q.policy()
	n := len(doc.Statement)
	doc.Statement = slices.DeleteFunc(doc.Statement, func(s policyStatement) bool { return s.Sid == in.Label })
	if len(doc.Statement) == n {
		return errInvalidParameter("Value %s for parameter Label is invalid. Reason: can't find label.", in.Label)
	}
	q.setPolicy(doc, req.svc.now())
	return req.ReplyJSON(nil)
}

// purgeInterval is how long AWS refuses a second purge of a queue.
const purgeInterval = 60 * time.Second

func sqsPurgeQueue(req *request) error {
	q, err := req.queueOnly()
	if err != nil {
		return err
	}
	now := req.svc.now()
	if !q.PurgedAt.IsZero() && now.Sub(q.PurgedAt) < purgeInterval {
		return sqsError("PurgeQueueInProgress", "AWS.SimpleQueueService.PurgeQueueInProgress",
			"Only one PurgeQueue operation on %s is allowed every 60 seconds.", q.Name)
	}
	q.PurgedAt = now
	q.Messages = nil
	return req.ReplyJSON(nil)
}
