package accounts

import (
	"sync"
	"time"
)

// Throttle slows password and code guessing with progressive delays,
// counted per (username, address) pair and per address, never per
// username alone: an outsider who knows a name can slow only their own
// address, and the owner signing in from elsewhere is not held up.
//
// An attempt counts when it starts (Begin), not when its hash finishes, so
// a burst of concurrent attempts cannot all pass the check before any of
// them has failed. It lives in memory: a restart forgives, which is fine
// for an appliance with one process, and nothing on disk grows with attacks.
type Throttle struct {
	// FreePerPair and FreePerIP are the attempts allowed before delays start.
	FreePerPair, FreePerIP int
	// FirstDelay is the wait after the first attempt past the free ones;
	// each further attempt doubles it, up to MaxDelay.
	FirstDelay, MaxDelay time.Duration
	// Forget is how long after its last attempt a key starts over.
	Forget time.Duration
	Now    func() time.Time

	mu   sync.Mutex
	keys map[string]*attempts // "p:"+username+"\x00"+address or "ip:"+address
}

type attempts struct {
	n    int
	last time.Time
}

// NewThrottle returns the defaults: 5 free attempts per name and address,
// 20 per address, then 30 s doubling up to 15 minutes; forgotten after an
// hour without attempts.
func NewThrottle() *Throttle {
	return &Throttle{FreePerPair: 5, FreePerIP: 20, FirstDelay: 30 * time.Second, MaxDelay: 15 * time.Minute,
		Forget: time.Hour, Now: time.Now, keys: map[string]*attempts{}}
}

func pairKey(username, ip string) string { return "p:" + NormalizeUsername(username) + "\x00" + ip }

// Begin counts an attempt for username from ip, or returns how long to
// wait when it must not be tried now (then nothing is counted). A
// successful attempt hands its result to Succeed.
func (t *Throttle) Begin(username, ip string) (wait time.Duration) {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.Now()
	pk, ik := pairKey(username, ip), "ip:"+ip
	if w := max(t.waitLocked(pk, t.FreePerPair, now), t.waitLocked(ik, t.FreePerIP, now)); w > 0 {
		return w
	}
	for _, k := range []string{pk, ik} {
		a := t.keys[k]
		if a == nil {
			a = &attempts{}
			t.keys[k] = a
		}
		a.n++
		a.last = now
	}
	t.sweepLocked(now)
	return 0
}

// Wait reports how long an attempt for username from ip must wait, without
// counting one.
func (t *Throttle) Wait(username, ip string) time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.Now()
	return max(t.waitLocked(pairKey(username, ip), t.FreePerPair, now), t.waitLocked("ip:"+ip, t.FreePerIP, now))
}

func (t *Throttle) waitLocked(k string, free int, now time.Time) time.Duration {
	a := t.keys[k]
	if a == nil {
		return 0
	}
	if now.Sub(a.last) >= t.Forget {
		delete(t.keys, k)
		return 0
	}
	if a.n < free {
		return 0
	}
	d := t.FirstDelay
	for i := free; i < a.n && d < t.MaxDelay; i++ {
		d *= 2
	}
	return max(min(d, t.MaxDelay)-now.Sub(a.last), 0)
}

// Succeed forgets the pair's attempts and gives back the address the one
// that succeeded (the address keeps its failures, so one valid account
// cannot be used to reset a spray from that address).
func (t *Throttle) Succeed(username, ip string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.keys, pairKey(username, ip))
	if a := t.keys["ip:"+ip]; a != nil && a.n > 0 {
		a.n--
	}
}

// Cancel gives back an attempt that never checked a password (no hashing
// slot was free): the caller was told to try again, not that it was wrong.
func (t *Throttle) Cancel(username, ip string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, k := range []string{pairKey(username, ip), "ip:" + ip} {
		if a := t.keys[k]; a != nil && a.n > 0 {
			a.n--
		}
	}
}

// sweepLocked bounds memory under a spray of random names and addresses.
func (t *Throttle) sweepLocked(now time.Time) {
	if len(t.keys) <= 10000 {
		return
	}
	for k, a := range t.keys {
		if now.Sub(a.last) >= t.Forget || a.n == 0 {
			delete(t.keys, k)
		}
	}
	// Still crowded (a spray from very many addresses): drop the keys that
	// are not delaying anyone yet, so the map stays a few megabytes.
	for k, a := range t.keys {
		if len(t.keys) <= 50000 {
			break
		}
		if a.n < t.FreePerPair {
			delete(t.keys, k)
		}
	}
}
