package accounts

import (
	"sync"
	"time"
)

// Throttle limits failed sign-ins per username and per client address within
// a sliding window. It lives in memory: a restart forgives, which is fine for
// an appliance with one process, and nothing on disk grows with attacks.
type Throttle struct {
	PerUser, PerIP int
	Window         time.Duration
	Now            func() time.Time

	mu       sync.Mutex
	failures map[string][]time.Time // "u:"+username or "ip:"+address → failure times
}

// NewThrottle returns the defaults: 5 failures per username, 20 per address, in 15 minutes.
func NewThrottle() *Throttle {
	return &Throttle{PerUser: 5, PerIP: 20, Window: 15 * time.Minute, Now: time.Now, failures: map[string][]time.Time{}}
}

// Wait reports how long a sign-in for username from ip must wait (0 = allowed).
func (t *Throttle) Wait(username, ip string) time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.Now()
	return max(t.waitLocked("u:"+NormalizeUsername(username), t.PerUser, now), t.waitLocked("ip:"+ip, t.PerIP, now))
}

func (t *Throttle) waitLocked(k string, limit int, now time.Time) time.Duration {
	times := t.prune(k, now)
	if len(times) < limit {
		return 0
	}
	return times[len(times)-limit].Add(t.Window).Sub(now)
}

// Fail records a failed sign-in.
func (t *Throttle) Fail(username, ip string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.Now()
	for _, k := range []string{"u:" + NormalizeUsername(username), "ip:" + ip} {
		t.failures[k] = append(t.prune(k, now), now)
	}
	if len(t.failures) > 10000 { // bound memory under a spray of random usernames
		for k := range t.failures {
			if len(t.prune(k, now)) == 0 {
				delete(t.failures, k)
			}
		}
	}
}

// Succeed forgets the username's failures (the address keeps its count, so
// one valid account cannot be used to reset a spray from that address).
func (t *Throttle) Succeed(username string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.failures, "u:"+NormalizeUsername(username))
}

func (t *Throttle) prune(k string, now time.Time) []time.Time {
	times := t.failures[k]
	i := 0
	for i < len(times) && now.Sub(times[i]) >= t.Window {
		i++
	}
	times = times[i:]
	if len(times) == 0 {
		delete(t.failures, k)
		return nil
	}
	t.failures[k] = times
	return times
}
