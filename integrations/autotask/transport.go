package autotask

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptrace"
	"sync/atomic"
	"time"

	"github.com/backupchecks/backupchecks/integrations/retrywait"
)

// call is one request to the zone.
type call struct {
	method string
	path   string // relative to "V1.0/", for the URL and errors
	url    string // absolute (a nextPageUrl); overrides path for the URL
	body   []byte
	// create: Autotask has no idempotency key, so a create is retried only
	// when it certainly was not processed.
	create bool
}

// answer is what one HTTP exchange gave.
type answer struct {
	status int
	header http.Header
	body   []byte
	err    error // transport: no (complete) answer
	// sent: a connection was obtained, so the request may have reached
	// Autotask. Before that (dial, DNS, refused) nothing was sent.
	sent bool
}

// send runs r on the zone and returns the body of a 2xx answer. Reads and
// updates are retried on 429, on a 5xx that is no refusal (threshold text
// included) and on transport errors; a create only on 429 or when no
// connection was made, and otherwise reports ErrOutcomeUnknown. A 401
// looks the zone up again and tries once more.
func (c *Client) send(ctx context.Context, r call) ([]byte, error) {
	z, gen, err := c.currentZone(ctx)
	if err != nil {
		return nil, err
	}
	rezoned := false
	var busySince time.Time // the first thread-limit refusal of this call
	for attempt := 1; ; attempt++ {
		target, err := requestURL(z, r)
		if err != nil {
			return nil, err
		}
		a, err := c.slotted(ctx, r.method, target, r.body)
		if err != nil {
			return nil, fmt.Errorf("autotask %s %s: %w", r.method, r.path, err)
		}
		body, final, retry := judge(r, a)
		c.observe(outcomeOf(a, final, retry))
		if a.err != nil && ctx.Err() != nil {
			if r.create && a.sent {
				// The caller gave up after the create went out: it may exist.
				return nil, fmt.Errorf("autotask %s %s: %w: %w", r.method, r.path, ErrOutcomeUnknown, ctx.Err())
			}
			return nil, fmt.Errorf("autotask %s %s: %w", r.method, r.path, ctx.Err())
		}
		if a.err == nil && a.status == http.StatusUnauthorized && !rezoned {
			// The zone may have moved: look it up again and try once more.
			// Nothing was processed, so this is safe for a create too.
			rezoned = true
			if z, gen, err = c.rezone(ctx, gen); err != nil {
				return nil, err
			}
			attempt--
			continue
		}
		busy := retry != nil && a.err == nil && a.status == http.StatusTooManyRequests
		if busy && busySince.IsZero() {
			busySince = c.cfg.Now()
		}
		switch {
		case final != nil:
			return nil, final
		case retry == nil:
			return body, nil
		case busy && c.cfg.Now().Sub(busySince) < c.cfg.BusyWait:
			// Waiting for a thread: bounded by time, not by attempts.
			wait := min(max(c.cfg.Backoff(attempt), busyPoll), c.cfg.BusyWait-c.cfg.Now().Sub(busySince))
			if d := retrywait.RetryAfter(a.header.Get("Retry-After"), maxRetryAfter); d >= 0 {
				wait = min(d, c.cfg.BusyWait)
			}
			if err := retrywait.Sleep(ctx, wait); err != nil {
				return nil, fmt.Errorf("autotask %s %s: %w", r.method, r.path, err)
			}
			attempt--
			continue
		case busy || attempt >= c.cfg.Retries:
			kind := ErrUnavailable
			if errors.Is(retry, ErrRateLimited) {
				kind = ErrRateLimited
			}
			return nil, &exhaustedError{method: r.method, path: r.path, attempts: attempt, kind: kind, last: retry}
		}
		wait := c.cfg.Backoff(attempt)
		if d := retrywait.RetryAfter(a.header.Get("Retry-After"), maxRetryAfter); d >= 0 {
			wait = d
		}
		if err := retrywait.Sleep(ctx, wait); err != nil {
			return nil, fmt.Errorf("autotask %s %s: %w", r.method, r.path, err)
		}
	}
}

// judge sorts one answer into a success body, a final error, or an error
// worth another attempt.
func judge(r call, a answer) (body []byte, final, retry error) {
	unknown := func(cause error) error {
		return fmt.Errorf("autotask %s %s: %w: %w", r.method, r.path, ErrOutcomeUnknown, cause)
	}
	if a.err != nil {
		if r.create && a.sent {
			return nil, unknown(a.err), nil
		}
		return nil, nil, a.err
	}
	ae := apiError(r, a)
	switch {
	case a.status >= 200 && a.status < 300:
		if msgs := successErrors(a.body); len(msgs) > 0 {
			ae.Messages = msgs
			return nil, ae, nil
		}
		return a.body, nil, nil
	case a.status == http.StatusUnauthorized:
		ae.kind = ErrUnauthorized
		return nil, ae, nil
	case a.status == http.StatusTooManyRequests:
		// Refused before any work: retried, creates included.
		ae.kind = ErrRateLimited
		return nil, nil, ae
	case a.status >= 500 && isThreshold(ae.Messages, ae.Body):
		ae.kind = ErrRateLimited
		if r.create {
			return nil, unknown(ae), nil
		}
		return nil, nil, ae
	case a.status == http.StatusInternalServerError && isRefusal(ae.Messages):
		return nil, ae, nil // Autotask's verdict on this request: retrying changes nothing
	case a.status >= 500:
		if r.create {
			return nil, unknown(ae), nil
		}
		return nil, nil, ae
	case a.status == http.StatusNotFound:
		ae.kind = ErrNotFound
	}
	return nil, ae, nil
}

func apiError(r call, a answer) *APIError {
	ae := &APIError{Status: a.status, Method: r.method, Path: r.path}
	msgs, isJSON := failureMessages(a.body)
	ae.Messages = msgs
	if !isJSON {
		ae.Body = snippet(a.body, 300)
	}
	return ae
}

// slotted is one exchange with the zone under one of the 3 slots.
func (c *Client) slotted(ctx context.Context, method, target string, body []byte) (answer, error) {
	asked := time.Now()
	release, err := c.acquire(ctx)
	c.observeWait(time.Since(asked))
	if err != nil {
		return answer{}, err
	}
	defer release()
	return c.exchange(ctx, method, target, body, true), nil
}

// exchange is one HTTP request under its own timeout; auth adds the
// credentials (the zone lookup goes without).
func (c *Client) exchange(ctx context.Context, method, target string, body []byte, auth bool) (a answer) {
	actx, cancel := context.WithTimeout(ctx, c.cfg.Timeout)
	defer cancel()
	var sent atomic.Bool
	defer func() { a.sent = sent.Load() }()
	actx = httptrace.WithClientTrace(actx, &httptrace.ClientTrace{GotConn: func(httptrace.GotConnInfo) { sent.Store(true) }})
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(actx, method, target, rd)
	if err != nil {
		a.err = fmt.Errorf("bad URL %q: %w", target, err)
		return a
	}
	req.Header.Set("Accept", "application/json")
	if auth {
		req.Header.Set("ApiIntegrationCode", c.cfg.IntegrationCode)
		req.Header.Set("UserName", c.cfg.Username)
		req.Header.Set("Secret", c.cfg.Secret)
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		a.err = timeoutText(actx, ctx, err, c.cfg.Timeout)
		return a
	}
	defer resp.Body.Close()
	a.status, a.header = resp.StatusCode, resp.Header
	a.body, err = io.ReadAll(io.LimitReader(resp.Body, maxBodyBytes+1))
	switch {
	case err != nil:
		// Cut off mid-answer: the same as getting none.
		a.err = fmt.Errorf("reading the answer: %w", timeoutText(actx, ctx, err, c.cfg.Timeout))
	case len(a.body) > maxBodyBytes:
		a.err = fmt.Errorf("answer larger than %d MB", maxBodyBytes>>20)
	}
	return a
}

// timeoutText names our own per-request limit, which would otherwise show
// as a bare "context deadline exceeded" and read like the caller's.
func timeoutText(actx, ctx context.Context, err error, limit time.Duration) error {
	if actx.Err() != nil && ctx.Err() == nil {
		return fmt.Errorf("no answer within %s", limit)
	}
	return err
}

// requestURL is where r goes on zone z. A nextPageUrl must be on the
// zone's own origin: the credentials go with it.
func requestURL(z Zone, r call) (string, error) {
	if r.url == "" {
		return z.URL + "V1.0/" + r.path, nil
	}
	if !sameOrigin(r.url, z.URL) {
		return "", &foreignURLError{url: r.url, zone: z.URL}
	}
	return r.url, nil
}
