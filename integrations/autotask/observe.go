package autotask

import (
	"net/http"
	"time"
)

// Observer hears of every exchange with Autotask, for metrics. Its
// methods must be quick and safe for concurrent use.
type Observer interface {
	// Answered counts one request by outcome: "ok", "refused" (Autotask
	// said no: validation, permission, not found), "rate_limited" (the
	// thread limit's 429 or the hourly threshold), "unavailable" (5xx
	// outage) or "transport" (no complete answer).
	Answered(outcome string)
	// WaitedForThread is how long a request waited for one of the 3
	// process-wide slots before it went out.
	WaitedForThread(d time.Duration)
}

// outcomeOf sorts one answer for an Observer.
func outcomeOf(a answer) string {
	switch {
	case a.err != nil:
		return "transport"
	case a.status >= 200 && a.status < 300:
		return "ok"
	case a.status == http.StatusTooManyRequests:
		return "rate_limited"
	case a.status >= 500:
		ae := &APIError{Status: a.status}
		ae.Messages, _ = failureMessages(a.body)
		switch {
		case isThreshold(ae.Messages, snippet(a.body, 300)):
			return "rate_limited"
		case isRefusal(ae.Messages):
			return "refused"
		}
		return "unavailable"
	}
	return "refused"
}

func (c *Client) observeWait(d time.Duration) {
	if c.cfg.Observe != nil {
		c.cfg.Observe.WaitedForThread(d)
	}
}

func (c *Client) observe(a answer) {
	if c.cfg.Observe != nil {
		c.cfg.Observe.Answered(outcomeOf(a))
	}
}
