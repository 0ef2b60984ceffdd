package cove

import (
	"context"
	"fmt"
	"time"
)

// TimeoutError is a time limit that ran out before Cove answered: which
// call it bounded and how long it was.
type TimeoutError struct {
	What  string // "page 3 of the account list", "the login", "the connection test"
	Limit time.Duration
}

func (e *TimeoutError) Error() string {
	return fmt.Sprintf("no answer to %s within %s", e.What, e.Limit)
}

// Unwrap lets errors.Is(err, context.DeadlineExceeded) hold, as for any
// time limit.
func (e *TimeoutError) Unwrap() error { return context.DeadlineExceeded }

// Within bounds ctx by d; when d runs out first, the calls under it fail
// with a *TimeoutError naming what, so Explain can say which limit it was.
func Within(ctx context.Context, d time.Duration, what string) (context.Context, context.CancelFunc) {
	return context.WithTimeoutCause(ctx, d, &TimeoutError{What: what, Limit: d})
}

// notAPIError: an HTTP 200 reply that is a web page, not JSON-RPC.
type notAPIError struct {
	url, contentType string
}

func (e *notAPIError) Error() string {
	return fmt.Sprintf("%s answered with a web page (%s), not JSON-RPC", e.url, e.contentType)
}
