package autotask

import (
	"errors"
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

// outcomeOf sorts one answer for an Observer by what judge made of it,
// so the body is read once.
func outcomeOf(a answer, final, retry error) string {
	err := final
	if err == nil {
		err = retry
	}
	switch {
	case a.err != nil:
		return "transport"
	case err == nil:
		return "ok"
	case errors.Is(err, ErrRateLimited):
		return "rate_limited"
	case retry != nil || errors.Is(err, ErrOutcomeUnknown):
		return "unavailable" // an outage: retried, or a create's outcome left unknown
	}
	return "refused"
}

func (c *Client) observeWait(d time.Duration) {
	if c.cfg.Observe != nil {
		c.cfg.Observe.WaitedForThread(d)
	}
}

func (c *Client) observe(outcome string) {
	if c.cfg.Observe != nil {
		c.cfg.Observe.Answered(outcome)
	}
}
