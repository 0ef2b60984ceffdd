package cove

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
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
			return nil, fmt.Errorf("cove %s: %w", method, ctx.Err())
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
		if err := sleep(ctx, wait); err != nil {
			return nil, fmt.Errorf("cove %s: %w", method, err)
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
	case resp.StatusCode == http.StatusOK:
		if len(data) > maxReplyBytes {
			return nil, fmt.Errorf("reply larger than %d MB", maxReplyBytes>>20)
		}
		return data, nil
	case resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode >= 500:
		return nil, &attemptError{err: fmt.Errorf("HTTP %s", resp.Status), retryAfter: retryAfter(resp.Header.Get("Retry-After"))}
	default:
		return nil, &httpStatusError{status: resp.Status, snippet: snippet(data)}
	}
}

// retryAfter reads a Retry-After header (seconds or an HTTP date), capped
// so a hostile value cannot park a poll for hours; -1 when absent.
func retryAfter(v string) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return -1
	}
	var d time.Duration
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		d = time.Duration(min(max(n, 0), int64(maxRetryAfter/time.Second))) * time.Second
	} else if t, err := http.ParseTime(v); err == nil {
		d = time.Until(t)
	} else {
		return -1
	}
	return min(max(d, 0), maxRetryAfter)
}

func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
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
