// Package retrywait holds the waiting both API clients (Cove, Autotask)
// do between attempts: how long a server's Retry-After asks for, and a
// sleep that ends with the caller's context.
package retrywait

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// RetryAfter reads a Retry-After header (seconds or an HTTP date), capped
// at limit so a hostile value cannot park a call for hours; -1 when absent.
func RetryAfter(v string, limit time.Duration) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return -1
	}
	var d time.Duration
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		d = time.Duration(min(max(n, 0), int64(limit/time.Second))) * time.Second
	} else if t, err := http.ParseTime(v); err == nil {
		d = time.Until(t)
	} else {
		return -1
	}
	return min(max(d, 0), limit)
}

// Sleep waits d, or less when ctx ends first (then its error).
func Sleep(ctx context.Context, d time.Duration) error {
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
