package accounts_test

import (
	"errors"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/backupchecks/backupchecks/app/accounts"
	"github.com/backupchecks/backupchecks/app/audit"
)

// Issue 26 row 5: failures count per (name, address) and per address, so an
// outsider hammering a known name cannot keep its owner out.
func TestOutsiderCannotLockOutAName(t *testing.T) {
	f := setup(t)
	for i := range 12 {
		_, err := f.svc.Login("root", "wrong", "192.0.2.1")
		var te *accounts.ThrottledError
		if i < 5 && !errors.Is(err, accounts.ErrBadCredentials) || i >= 5 && !errors.As(err, &te) {
			t.Fatalf("attacker's attempt %d: %v", i, err)
		}
	}
	if _, err := f.svc.Login("root", pw, "192.0.2.1"); err == nil {
		t.Fatal("the attacker's address was not slowed down for the name")
	}
	res, err := f.svc.Login("root", pw, "198.51.100.7") // the owner, elsewhere
	if err != nil || res.Token == "" {
		t.Fatalf("the right password from another address was refused: %v", err)
	}
}

// Delays grow with each attempt past the free ones instead of a hard lock,
// and an address trying many names is slowed as a whole.
func TestThrottleProgressiveDelays(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	th := accounts.NewThrottle()
	th.Now = func() time.Time { return now }
	for i := range 5 {
		if w := th.Begin("root", "203.0.113.5"); w != 0 {
			t.Fatalf("free attempt %d waits %v", i, w)
		}
	}
	for _, want := range []time.Duration{30 * time.Second, time.Minute, 2 * time.Minute, 4 * time.Minute, 8 * time.Minute, 15 * time.Minute, 15 * time.Minute} {
		if w := th.Begin("root", "203.0.113.5"); w != want {
			t.Fatalf("wait %v, want %v", w, want)
		}
		now = now.Add(want)
		if w := th.Begin("root", "203.0.113.5"); w != 0 {
			t.Fatalf("after waiting %v still %v", want, w)
		}
	}
	if th.Wait("root", "203.0.113.6") != 0 {
		t.Fatal("another address is slowed for the name")
	}
	now = now.Add(time.Hour)
	if th.Wait("root", "203.0.113.5") != 0 {
		t.Fatal("the delay outlived an hour of quiet")
	}

	for i := range 20 {
		if w := th.Begin("user"+string(rune('a'+i)), "203.0.113.9"); w != 0 {
			t.Fatalf("address attempt %d waits %v", i, w)
		}
	}
	if th.Wait("fresh-user", "203.0.113.9") <= 0 {
		t.Fatal("20 attempts from one address did not slow it")
	}
	if th.Wait("fresh-user", "203.0.113.10") != 0 {
		t.Fatal("another address is slowed")
	}
}

// Issue 26 row 1: concurrent sign-ins run at most MaxConcurrentHashes
// hashes at once, and attempts count as they start, so a burst uses up
// the free tries instead of all passing the check.
func TestConcurrentSignInsBoundedAndCounted(t *testing.T) {
	f := setup(t)
	accounts.SlowHashesForTests(40 * time.Millisecond)
	t.Cleanup(func() { accounts.SlowHashesForTests(0) })
	accounts.ResetHashStats()
	errs := burst(18, func(int) error { _, err := f.svc.Login("root", "wrong", "192.0.2.1"); return err })
	_, peak, total := accounts.HashStats()
	if peak > accounts.MaxConcurrentHashes {
		t.Fatalf("%d hashes ran at once, the bound is %d", peak, accounts.MaxConcurrentHashes)
	}
	wrong, throttled := count(errs, accounts.ErrBadCredentials), countThrottled(errs)
	if wrong != 5 || throttled != 13 || total != 5 {
		t.Fatalf("18 concurrent attempts: %d checked (%d hashes), %d throttled; want 5 checked, 13 throttled", wrong, total, throttled)
	}
	if _, err := f.svc.Login("root", pw, "192.0.2.1"); !accounts.IsBusyOrThrottled(err) {
		t.Fatalf("after the burst the right password went through from that address: %v", err)
	}
}

// When no slot frees up in time the caller is told to try again, and the
// attempt is not counted against it.
func TestHashWaitIsBounded(t *testing.T) {
	f := setup(t)
	accounts.SlowHashesForTests(200 * time.Millisecond)
	old := accounts.HashWait
	accounts.HashWait = 50 * time.Millisecond
	t.Cleanup(func() { accounts.SlowHashesForTests(0); accounts.HashWait = old })
	accounts.ResetHashStats()
	errs := burst(6, func(i int) error {
		_, err := f.svc.Login("root", "wrong", "192.0.2."+string(rune('1'+i)))
		return err
	})
	if _, peak, _ := accounts.HashStats(); peak > accounts.MaxConcurrentHashes {
		t.Fatalf("%d hashes at once", peak)
	}
	if busy := count(errs, accounts.ErrBusy); busy < 6-accounts.MaxConcurrentHashes {
		t.Fatalf("only %d of 6 were told to try again: %v", busy, errs)
	}
	if !strings.Contains(accounts.ErrBusy.Error(), "Try again") {
		t.Fatal("the busy answer does not say what to do")
	}
}

// A reporter with a session cannot turn the password form or the
// two-factor form into a guessing or memory machine.
func TestOwnPasswordChecksThrottled(t *testing.T) {
	f := setup(t)
	rep := f.add(t, "rep", accounts.Reporter)
	accounts.SlowHashesForTests(20 * time.Millisecond)
	t.Cleanup(func() { accounts.SlowHashesForTests(0) })
	accounts.ResetHashStats()
	errs := burst(12, func(int) error {
		_, err := f.svc.ChangeOwnPassword(rep.ID, "wrong current", "new password 1", "new password 1", "192.0.2.4")
		return err
	})
	if _, peak, _ := accounts.HashStats(); peak > accounts.MaxConcurrentHashes {
		t.Fatalf("%d hashes at once", peak)
	}
	if n := countThrottled(errs); n != 7 {
		t.Fatalf("%d of 12 password changes throttled, want 7: %v", n, errs)
	}
	if err := f.svc.DisableTOTP(rep.ID, "wrong", "192.0.2.4"); !accounts.IsBusyOrThrottled(err) {
		t.Fatalf("turning codes off was not throttled with the password form: %v", err)
	}
}

// Issue 26 row 15: a huge or hostile name typed at sign-in is cut and
// cleaned before it goes into the permanent audit log.
func TestFailedSignInAuditNameBounded(t *testing.T) {
	f := setup(t)
	_, _ = f.svc.Login(strings.Repeat("u", 60000), "wrong", "192.0.2.1")
	_, _ = f.svc.Login("ad\x1b[31mmin\x00\u202e", "wrong", "192.0.2.2")
	p, _ := f.store.List(audit.Filter{Action: audit.LoginFailure})
	if len(p.Events) != 2 {
		t.Fatalf("%d failure events", len(p.Events))
	}
	names := map[string]bool{}
	for _, ev := range p.Events {
		if utf8.RuneCountInString(ev.Actor) > 80 || utf8.RuneCountInString(ev.Target) > 80 {
			t.Fatalf("audit kept a %d-character name", len(ev.Actor))
		}
		names[ev.Target] = true
	}
	if !names[strings.Repeat("u", 64)+"… (truncated)"] || !names["ad[31mmin"] {
		t.Fatalf("audit names: %v", names)
	}
}

// Issue 26 row 18: loading the package (any command, `version` too) runs
// no hash; see TestMain.
func TestNoHashAtProgramStart(t *testing.T) {
	if hashesAtStart != 0 || dummyAtStart {
		t.Fatalf("before any test ran: %d hashes, unknown-user hash built %v", hashesAtStart, dummyAtStart)
	}
}

// Hashes made with other parameters (the 64 MiB ones before issue 26)
// still verify with what they store.
func TestStoredParametersVerify(t *testing.T) {
	old := "$argon2id$v=19$m=8192,t=3,p=2$c29tZXNhbHRzb21lc2FsdA$" // below: computed once with these parameters
	h := old + oldSum
	if !accounts.VerifyPassword(h, "an old password") || accounts.VerifyPassword(h, "another password") {
		t.Fatal("a hash with older parameters no longer verifies")
	}
}

func burst(n int, f func(i int) error) []error {
	errs := make([]error, n)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Go(func() { <-start; errs[i] = f(i) })
	}
	close(start)
	wg.Wait()
	return errs
}

func count(errs []error, target error) (n int) {
	for _, err := range errs {
		if errors.Is(err, target) {
			n++
		}
	}
	return n
}

func countThrottled(errs []error) (n int) {
	for _, err := range errs {
		var te *accounts.ThrottledError
		if errors.As(err, &te) {
			n++
		}
	}
	return n
}

// A sign-in with a hash of older parameters stores a new hash of the same
// password with the current ones; the password keeps working.
func TestSignInMovesOldHashToCurrentParameters(t *testing.T) {
	f := setup(t)
	u := f.add(t, "old", accounts.Operator)
	u.PasswordHash = "$argon2id$v=19$m=8192,t=3,p=2$c29tZXNhbHRzb21lc2FsdA$" + oldSum
	if err := f.store.SaveUser(u, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Login("old", "an old password", "192.0.2.1"); err != nil {
		t.Fatalf("a hash with older parameters: %v", err)
	}
	got, _ := f.svc.Get(u.ID)
	if strings.Contains(got.PasswordHash, "t=3,p=2") || !accounts.VerifyPassword(got.PasswordHash, "an old password") {
		t.Fatalf("hash after sign-in: %s", got.PasswordHash)
	}
	if _, err := f.svc.Login("old", "an old password", "192.0.2.1"); err != nil {
		t.Fatalf("the moved hash: %v", err)
	}
}
