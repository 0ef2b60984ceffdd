package cove

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/backupchecks/backupchecks/integrations/retrywait"
)

// attemptError is the outcome of one HTTP exchange that is worth retrying.
type attemptError struct {
	err        error
	retryAfter time.Duration // from a Retry-After header; -1 = none
}

func (e *attemptError) Error() string { return e.err.Error() }

// post sends one JSON-RPC body and returns the body of an HTTP 200 reply.
// It retries transport errors, 5xx and 429 with backoff; a cancelled
// context stops it at once.
func (c *Client) post(ctx context.Context, method string, body []byte) ([]byte, error) {
	for attempt := 0; ; attempt++ {
		reply, err := c.once(ctx, body)
		if err == nil {
			return reply, nil
		}
		if ctx.Err() != nil {
			// The cause says which limit ran out (see Within).
			return nil, fmt.Errorf("cove %s: %w", method, context.Cause(ctx))
		}
		var ae *attemptError
		if !errors.As(err, &ae) {
			return nil, fmt.Errorf("cove %s: %w", method, err)
		}
		if attempt >= c.cfg.MaxRetries {
			return nil, &unreachableError{method: method, host: c.host, attempts: attempt + 1, last: ae.err}
		}
		wait := c.cfg.Backoff(attempt + 1)
		if ae.retryAfter >= 0 {
			wait = ae.retryAfter
		}
		if err := retrywait.Sleep(ctx, wait); err != nil {
			return nil, fmt.Errorf("cove %s: %w", method, context.Cause(ctx))
		}
	}
}

// once is one HTTP exchange under its own timeout.
func (c *Client) once(ctx context.Context, body []byte) ([]byte, error) {
	actx, cancel := context.WithTimeout(ctx, c.cfg.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(actx, http.MethodPost, c.cfg.URL, bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("bad API URL %q: %w", c.cfg.URL, err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	resp, err := c.hc.Do(req)
	if err != nil {
		if actx.Err() != nil && ctx.Err() == nil {
			err = fmt.Errorf("no answer within %s", c.cfg.Timeout)
		}
		return nil, &attemptError{err: err, retryAfter: -1}
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxReplyBytes+1))
	if err != nil {
		// The connection broke mid-reply: the same as not getting one.
		return nil, &attemptError{err: fmt.Errorf("reading the reply: %w", err), retryAfter: -1}
	}
	switch {
	case resp.StatusCode == http.StatusOK && webPage(resp.Header.Get("Content-Type"), data):
		// Retrying a web site will not make it an API.
		return nil, &notAPIError{url: c.cfg.URL, contentType: resp.Header.Get("Content-Type")}
	case resp.StatusCode == http.StatusOK:
		if len(data) > maxReplyBytes {
			return nil, fmt.Errorf("reply larger than %d MB", maxReplyBytes>>20)
		}
		return data, nil
	case resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode >= 500:
		return nil, &attemptError{err: fmt.Errorf("HTTP %s", resp.Status), retryAfter: retrywait.RetryAfter(resp.Header.Get("Retry-After"), maxRetryAfter)}
	default:
		return nil, &httpStatusError{status: resp.Status, snippet: snippet(data)}
	}
}

// snippet is the start of a body, for an error message.
func snippet(b []byte) string {
	const n = 200
	s := strings.TrimSpace(string(b[:min(len(b), n)]))
	if len(b) > n {
		s += "…"
	}
	return s
}

// webPage reports whether a 200 reply is a web page rather than JSON: a
// mistyped URL, a web site at that address or a proxy's sign-in page.
func webPage(contentType string, body []byte) bool {
	if strings.HasPrefix(strings.ToLower(strings.TrimSpace(contentType)), "text/html") {
		return true
	}
	b := bytes.TrimSpace(body)
	return len(b) > 0 && b[0] == '<'
}
