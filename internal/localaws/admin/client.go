package admin

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
)

// Client talks to the admin API of a running localaws.
type Client struct {
	// BaseURL is the emulator's endpoint, e.g. http://127.0.0.1:4566.
	BaseURL string
	// HTTPClient defaults to http.DefaultClient.
	HTTPClient *http.Client
}

// New returns a client for the emulator at endpoint.
func New(endpoint string) *Client {
	return &Client{BaseURL: strings.TrimSuffix(endpoint, "/")}
}

// Health returns nil when the emulator answers its health check.
func (c *Client) Health(ctx context.Context) error {
	return c.do(ctx, http.MethodGet, "health", nil, nil)
}

// Reset drops all state, fault rules and the request log.
func (c *Client) Reset(ctx context.Context) error {
	return c.do(ctx, http.MethodPost, "reset", nil, nil)
}

// State returns the JSON state dump.
func (c *Client) State(ctx context.Context) (json.RawMessage, error) {
	var raw json.RawMessage
	err := c.do(ctx, http.MethodGet, "state", nil, &raw)
	return raw, err
}

// AddFault installs a fault rule and returns it with its ID.
func (c *Client) AddFault(ctx context.Context, rule FaultRule) (FaultRule, error) {
	var added FaultRule
	err := c.do(ctx, http.MethodPost, "faults", rule, &added)
	return added, err
}

// Faults lists the installed fault rules.
func (c *Client) Faults(ctx context.Context) ([]FaultRule, error) {
	var rules []FaultRule
	err := c.do(ctx, http.MethodGet, "faults", nil, &rules)
	return rules, err
}

// RemoveFault deletes one rule by ID.
func (c *Client) RemoveFault(ctx context.Context, id string) error {
	return c.do(ctx, http.MethodDelete, "faults/"+url.PathEscape(id), nil, nil)
}

// ClearFaults deletes every rule.
func (c *Client) ClearFaults(ctx context.Context) error {
	return c.do(ctx, http.MethodDelete, "faults", nil, nil)
}

// SetLatencyScale changes how long simulated provisioning takes.
func (c *Client) SetLatencyScale(ctx context.Context, scale float64) error {
	return c.do(ctx, http.MethodPut, "latency-scale", LatencyScale{Scale: scale}, nil)
}

// LatencyScale returns the current scale.
func (c *Client) LatencyScale(ctx context.Context) (float64, error) {
	var ls LatencyScale
	err := c.do(ctx, http.MethodGet, "latency-scale", nil, &ls)
	return ls.Scale, err
}

// PutRoleTrust registers (or replaces) a role trust.
func (c *Client) PutRoleTrust(ctx context.Context, trust RoleTrust) error {
	return c.do(ctx, http.MethodPost, "roles", trust, nil)
}

// CognitoMessages returns the invitations and codes recorded for a user pool, oldest first.
func (c *Client) CognitoMessages(ctx context.Context, poolID string) ([]CognitoMessage, error) {
	var msgs []CognitoMessage
	err := c.do(ctx, http.MethodGet, "cognito/invitations?pool="+url.QueryEscape(poolID), nil, &msgs)
	return msgs, err
}

// Requests returns the request log, oldest first.
func (c *Client) Requests(ctx context.Context) ([]RequestRecord, error) {
	var records []RequestRecord
	err := c.do(ctx, http.MethodGet, "requests", nil, &records)
	return records, err
}

// ClearRequests empties the request log.
func (c *Client) ClearRequests(ctx context.Context) error {
	return c.do(ctx, http.MethodDelete, "requests", nil, nil)
}

// CountMutating counts logged mutating requests of a service ("" for all).
func (c *Client) CountMutating(ctx context.Context, service string) (int, error) {
	records, err := c.Requests(ctx)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, r := range records {
		if r.Mutating && (service == "" || r.Service == service) {
			n++
		}
	}
	return n, nil
}

func (c *Client) do(ctx context.Context, method, path string, in, out any) error {
	var body io.Reader
	if in != nil {
		data, err := json.Marshal(in)
		if err != nil {
			return err
		}
		body = bytes.NewReader(data)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.BaseURL+"/_localaws/"+path, body)
	if err != nil {
		return err
	}
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	hc := c.HTTPClient
	if hc == nil {
		hc = http.DefaultClient
	}
	resp, err := hc.Do(req)
	if err != nil {
		return err
	}
	defer func() { _ = resp.Body.Close() }()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode >= 300 {
		return fmt.Errorf("localaws admin %s %s: %s: %s", method, path, resp.Status, strings.TrimSpace(string(data)))
	}
	if out != nil && len(data) > 0 {
		return json.Unmarshal(data, out)
	}
	return nil
}
