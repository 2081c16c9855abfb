package lambda

import (
	"encoding/json"
	"net/http"

	"github.com/panther-operator/panther-operator/internal/localaws/internal/wire"
)

func addPermission(req *request) error {
	fn, err := req.function()
	if err != nil {
		return err
	}
	var in struct {
		StatementID   string `json:"StatementId"`
		Action        string `json:"Action"`
		Principal     string `json:"Principal"`
		SourceArn     string `json:"SourceArn"`
		SourceAccount string `json:"SourceAccount"`
	}
	if err := req.DecodeJSON(&in); err != nil {
		return err
	}
	if in.StatementID == "" || in.Action == "" || in.Principal == "" {
		return invalid("StatementId, Action and Principal are required")
	}
	for _, st := range fn.Policy {
		if st.Sid == in.StatementID {
			return wire.NewError(http.StatusConflict, "ResourceConflictException",
				"The statement id (%s) provided already exists. Please provide a new statement id, or remove the existing statement.", in.StatementID)
		}
	}
	st := Statement{Sid: in.StatementID, Action: in.Action, Principal: in.Principal,
		SourceArn: in.SourceArn, SourceAccount: in.SourceAccount}
	fn.Policy = append(fn.Policy, st)
	doc, _ := json.Marshal(policyStatement(fn, st))
	return req.ReplyRESTJSON(http.StatusCreated, map[string]string{"Statement": string(doc)})
}

// policyStatement is a permission as an IAM policy statement.
func policyStatement(fn *Function, st Statement) map[string]any {
	out := map[string]any{"Sid": st.Sid, "Effect": "Allow", "Action": st.Action, "Resource": fn.ARN}
	if len(st.Principal) == 12 {
		out["Principal"] = map[string]string{"AWS": "arn:aws:iam::" + st.Principal + ":root"}
	} else {
		out["Principal"] = map[string]string{"Service": st.Principal}
	}
	condition := map[string]any{}
	if st.SourceArn != "" {
		condition["ArnLike"] = map[string]string{"AWS:SourceArn": st.SourceArn}
	}
	if st.SourceAccount != "" {
		condition["StringEquals"] = map[string]string{"AWS:SourceAccount": st.SourceAccount}
	}
	if len(condition) > 0 {
		out["Condition"] = condition
	}
	return out
}

func getPolicy(req *request) error {
	fn, err := req.function()
	if err != nil {
		return err
	}
	if len(fn.Policy) == 0 {
		return wire.NewError(http.StatusNotFound, "ResourceNotFoundException", "The resource you requested does not exist.")
	}
	statements := make([]map[string]any, 0, len(fn.Policy))
	for _, st := range fn.Policy {
		statements = append(statements, policyStatement(fn, st))
	}
	doc, _ := json.Marshal(map[string]any{"Version": "2012-10-17", "Id": "default", "Statement": statements})
	return req.ReplyRESTJSON(http.StatusOK, map[string]string{"Policy": string(doc), "RevisionId": fn.RevisionID})
}

func removePermission(req *request) error {
	fn, err := req.function()
	if err != nil {
		return err
	}
	for i, st := range fn.Policy {
		if st.Sid == req.rest {
			fn.Policy = append(fn.Policy[:i], fn.Policy[i+1:]...)
			return req.ReplyRESTJSON(http.StatusNoContent, nil)
		}
	}
	return wire.NewError(http.StatusNotFound, "ResourceNotFoundException", "Statement %s is not found in resource policy.", req.rest)
}

func putFunctionConcurrency(req *request) error {
	fn, err := req.function()
	if err != nil {
		return err
	}
	var in struct {
		ReservedConcurrentExecutions *int `json:"ReservedConcurrentExecutions"`
	}
	if err := req.DecodeJSON(&in); err != nil {
		return err
	}
	if in.ReservedConcurrentExecutions == nil || *in.ReservedConcurrentExecutions < 0 {
		return invalid("ReservedConcurrentExecutions must be 0 or more")
	}
	n := *in.ReservedConcurrentExecutions
	fn.ReservedConcurrency = &n
	fn.RevisionID = wire.NewUUID()
	return req.ReplyRESTJSON(http.StatusOK, map[string]int{"ReservedConcurrentExecutions": n})
}

func deleteFunctionConcurrency(req *request) error {
	fn, err := req.function()
	if err != nil {
		return err
	}
	fn.ReservedConcurrency = nil
	fn.RevisionID = wire.NewUUID()
	return req.ReplyRESTJSON(http.StatusNoContent, nil)
}

func getFunctionConcurrency(req *request) error {
	fn, err := req.function()
	if err != nil {
		return err
	}
	out := map[string]any{}
	if fn.ReservedConcurrency != nil {
		out["ReservedConcurrentExecutions"] = *fn.ReservedConcurrency
	}
	return req.ReplyRESTJSON(http.StatusOK, out)
}
