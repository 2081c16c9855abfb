package senders

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
)

// maxMessage bounds how much of a response body is kept as the result's message, which is
// stored on the alert.
const maxMessage = 4096

// unencodable is the final failure of a payload that JSON cannot encode.
var unencodable = Result{StatusCode: http.StatusInternalServerError, Message: "the alert cannot be encoded as JSON"}

// TimedOut is the result of an attempt stopped at the delivery function's soft deadline: the
// output may answer in time on a retry.
func TimedOut() Result {
	return Result{StatusCode: http.StatusGatewayTimeout, Retryable: true,
		Message: "Timeout: the output did not answer before the delivery function's deadline"}
}

// post sends payload as JSON. A 2xx answer is a success with the body as the message; any
// other answer, and a request that never got one, may succeed later. Errors name neither the
// URL nor the headers: webhook URLs and tokens are secrets, and results are stored and shown.
func (s *Senders) post(ctx context.Context, target string, payload any, header http.Header) Result {
	body, err := encode(payload)
	if err != nil {
		return unencodable
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, target, bytes.NewReader(body))
	if err != nil {
		return Result{StatusCode: http.StatusInternalServerError, Message: "the output's URL is not a valid URL"}
	}
	for name, values := range header {
		req.Header[name] = values
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	client := s.HTTP
	if client == nil {
		client = http.DefaultClient
	}
	resp, err := client.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return TimedOut()
		}
		return Result{StatusCode: http.StatusBadGateway, Retryable: true, Message: "request failed: " + withoutURL(err)}
	}
	defer func() { _ = resp.Body.Close() }()
	answer, err := io.ReadAll(io.LimitReader(resp.Body, maxMessage))
	if err != nil && ctx.Err() != nil {
		return TimedOut()
	}
	_, _ = io.CopyN(io.Discard, resp.Body, 64<<10) // drained, so the connection can be reused
	ok := resp.StatusCode >= 200 && resp.StatusCode < 300
	return Result{StatusCode: resp.StatusCode, Message: string(answer), Success: ok, Retryable: !ok}
}

// withoutURL is a client error without the URL net/http puts in it.
func withoutURL(err error) string {
	var urlErr *url.Error
	if errors.As(err, &urlErr) {
		return urlErr.Err.Error()
	}
	return err.Error()
}

// authorization is the Authorization header a vendor's API takes ("Bearer ...", "token ...").
func authorization(value string) http.Header {
	return http.Header{"Authorization": {value}}
}
