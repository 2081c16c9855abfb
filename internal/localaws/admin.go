package localaws

import (
	"encoding/json"
	"net/http"
	"strings"

	"github.com/panther-operator/panther-operator/internal/localaws/admin"
)

const adminPrefix = "/_localaws/"

// serveAdmin answers the admin API. It is plain JSON over HTTP, not an AWS
// protocol, and its calls are not written to the request log.
func (e *Emulator) serveAdmin(w http.ResponseWriter, r *http.Request) {
	path := strings.Trim(strings.TrimPrefix(r.URL.Path, adminPrefix), "/")
	if digest, ok := strings.CutPrefix(path, "lambda/code/"); ok && r.Method == http.MethodGet {
		e.serveLambdaCode(w, strings.TrimSuffix(digest, ".zip"))
		return
	}
	switch {
	case path == "health":
		writeAdminJSON(w, map[string]string{"status": "ok"})
	case path == "reset" && r.Method == http.MethodPost:
		e.reset()
		writeAdminJSON(w, map[string]string{"status": "reset"})
	case path == "state" && r.Method == http.MethodGet:
		e.serveState(w)
	case path == "faults":
		e.serveFaults(w, r)
	case strings.HasPrefix(path, "faults/") && r.Method == http.MethodDelete:
		e.serveRemoveFault(w, strings.TrimPrefix(path, "faults/"))
	case path == "latency-scale":
		e.serveLatencyScale(w, r)
	case path == "roles" && r.Method == http.MethodPost:
		e.serveRoleTrust(w, r)
	case path == "cognito/invitations" && r.Method == http.MethodGet:
		e.serveCognitoMessages(w, r.URL.Query().Get("pool"))
	case path == "requests" && r.Method == http.MethodGet:
		writeAdminJSON(w, e.reqlog.Snapshot())
	case path == "requests" && r.Method == http.MethodDelete:
		e.reqlog.Clear()
		writeAdminJSON(w, map[string]string{"status": "cleared"})
	default:
		http.Error(w, "unknown admin endpoint "+r.Method+" "+r.URL.Path, http.StatusNotFound)
	}
}

// serveState answers GET state: a JSON snapshot of the store, taken under its lock.
func (e *Emulator) serveState(w http.ResponseWriter) {
	e.store.Lock()
	data, err := json.Marshal(e.store.State())
	e.store.Unlock()
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(data)
}

// serveRemoveFault answers DELETE faults/{id}: removes one fault rule by id.
func (e *Emulator) serveRemoveFault(w http.ResponseWriter, id string) {
	if !e.faults.Remove(id) {
		http.Error(w, "no such fault rule", http.StatusNotFound)
		return
	}
	writeAdminJSON(w, map[string]string{"status": "removed"})
}

// serveRoleTrust answers POST roles: records a role's trust policy under the store lock.
func (e *Emulator) serveRoleTrust(w http.ResponseWriter, r *http.Request) {
	var trust admin.RoleTrust
	if !decodeAdmin(w, r, &trust) {
		return
	}
	e.store.Lock()
	err := e.iam.PutRoleTrust(trust)
	if err == nil {
		e.store.Changed()
	}
	e.store.Unlock()
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	writeAdminJSON(w, trust)
}

func (e *Emulator) serveFaults(w http.ResponseWriter, r *http.Request) {
	switch r.Method {
	case http.MethodGet:
		writeAdminJSON(w, e.faults.List())
	case http.MethodPost:
		var rule admin.FaultRule
		if !decodeAdmin(w, r, &rule) {
			return
		}
		if rule.Probability < 0 || rule.Probability > 1 {
			http.Error(w, "probability must be within [0,1]", http.StatusBadRequest)
			return
		}
		writeAdminJSON(w, e.faults.Add(rule))
	case http.MethodDelete:
		e.faults.Clear()
		writeAdminJSON(w, map[string]string{"status": "cleared"})
	default:
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
	}
}

func (e *Emulator) serveLatencyScale(w http.ResponseWriter, r *http.Request) {
	switch r.Method {
	case http.MethodGet:
		writeAdminJSON(w, admin.LatencyScale{Scale: e.store.LatencyScale()})
	case http.MethodPut, http.MethodPost:
		var ls admin.LatencyScale
		if !decodeAdmin(w, r, &ls) {
			return
		}
		if ls.Scale < 0 {
			http.Error(w, "scale must not be negative", http.StatusBadRequest)
			return
		}
		e.store.SetLatencyScale(ls.Scale)
		writeAdminJSON(w, ls)
	default:
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
	}
}

// reset drops all state; running stack operations notice that their stack
// is gone and stop.
func (e *Emulator) reset() {
	e.lambda.Reset()
	e.store.Reset()
	e.faults.Clear()
	e.reqlog.Clear()
}

func decodeAdmin(w http.ResponseWriter, r *http.Request, v any) bool {
	if err := json.NewDecoder(r.Body).Decode(v); err != nil {
		http.Error(w, "bad JSON body: "+err.Error(), http.StatusBadRequest)
		return false
	}
	return true
}

func writeAdminJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}

// serveLambdaCode serves a function's zip, where GetFunction's Code.Location points.
func (e *Emulator) serveLambdaCode(w http.ResponseWriter, digest string) {
	data, err := e.lambda.Code(digest)
	if err != nil || strings.ContainsAny(digest, "/.") {
		http.Error(w, "no such code", http.StatusNotFound)
		return
	}
	w.Header().Set("Content-Type", "application/zip")
	_, _ = w.Write(data)
}

// serveCognitoMessages answers GET cognito/invitations?pool=<id>: the invitations and codes a
// user pool would have sent.
func (e *Emulator) serveCognitoMessages(w http.ResponseWriter, poolID string) {
	e.store.Lock()
	msgs, ok := e.cognito.Messages(poolID)
	e.store.Unlock()
	if !ok {
		http.Error(w, "no such user pool "+poolID, http.StatusNotFound)
		return
	}
	if msgs == nil {
		msgs = []admin.CognitoMessage{}
	}
	writeAdminJSON(w, msgs)
}
