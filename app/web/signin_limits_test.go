package web_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/backupchecks/backupchecks/app/accounts"
	"github.com/backupchecks/backupchecks/app/audit"
)

// concurrently runs f for each client at the same moment and returns the statuses and bodies.
func concurrently(clients []*client, f func(c *client) *http.Response) []*http.Response {
	out := make([]*http.Response, len(clients))
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i, c := range clients {
		wg.Go(func() { <-start; out[i] = f(c) })
	}
	close(start)
	wg.Wait()
	return out
}

func statuses(rs []*http.Response) map[int]int {
	n := map[int]int{}
	for _, r := range rs {
		n[r.StatusCode]++
	}
	return n
}

// slowHashes makes every hash take d so concurrent requests overlap, and
// zeroes the hash counters.
func slowHashes(t *testing.T, d time.Duration) {
	accounts.SlowHashesForTests(d)
	accounts.ResetHashStats()
	t.Cleanup(func() { accounts.SlowHashesForTests(0) })
}

// Issue 26 row 1: 18 concurrent wrong sign-ins run at most
// MaxConcurrentHashes hashes at once and use up the tries: 5 are checked,
// 13 are told to wait (429, Retry-After, a sentence), and the name is then
// slowed for that address even with the right password.
func TestConcurrentWrongSignInsBounded(t *testing.T) {
	h := newHarness(t)
	clients := make([]*client, 18)
	for i := range clients {
		clients[i] = h.anon()
	}
	slowHashes(t, 30*time.Millisecond)
	rs := concurrently(clients, func(c *client) *http.Response {
		return c.post("/login", url.Values{"username": {"admin"}, "password": {"wrong password"}})
	})
	if _, peak, _ := accounts.HashStats(); peak > accounts.MaxConcurrentHashes {
		t.Fatalf("%d Argon2id hashes ran at once; the bound is %d", peak, accounts.MaxConcurrentHashes)
	}
	if n := statuses(rs); n[http.StatusUnauthorized] != 5 || n[http.StatusTooManyRequests] != 13 {
		t.Fatalf("18 concurrent wrong sign-ins answered %v, want 5×401 and 13×429", n)
	}
	for _, r := range rs {
		if r.StatusCode == http.StatusTooManyRequests && (r.Header.Get("Retry-After") == "" || !strings.Contains(bodyOf(r), "Try again in")) {
			t.Fatalf("a throttled answer without Retry-After or a sentence: %q", r.Header.Get("Retry-After"))
		}
	}
	r := h.anon().post("/login", url.Values{"username": {"admin"}, "password": {testPassword}})
	if r.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("after the burst the right password from the same address answered %d", r.StatusCode)
	}
}

// Issue 26 row 1: a reporter's 12 concurrent password changes with a
// wrong current password are throttled, like 2FA-off, with the hash bound
// holding.
func TestReporterPasswordChecksThrottled(t *testing.T) {
	h := newHarness(t)
	clients := make([]*client, 12)
	for i := range clients {
		clients[i] = h.login("rep")
		clients[i].get("/account")
	}
	slowHashes(t, 20*time.Millisecond)
	rs := concurrently(clients, func(c *client) *http.Response {
		return c.post("/account/password", url.Values{"current": {"not my password"}, "password": {"a new password 1"}, "confirm": {"a new password 1"}})
	})
	if _, peak, _ := accounts.HashStats(); peak > accounts.MaxConcurrentHashes {
		t.Fatalf("%d hashes ran at once", peak)
	}
	if n := statuses(rs); n[http.StatusTooManyRequests] != 7 {
		t.Fatalf("12 concurrent password changes answered %v, want 7×429", n)
	}
	c := clients[0]
	c.get("/account/2fa")
	r := c.post("/account/2fa/disable", url.Values{"password": {"not my password"}})
	if r.StatusCode != http.StatusTooManyRequests || !strings.Contains(bodyOf(r), "Try again in") {
		t.Fatalf("turning two-factor codes off after the burst answered %d", r.StatusCode)
	}
}

// trustProxy makes the in-process test connection's address (0.0.0.0) a
// trusted proxy, so each client's X-Forwarded-For is its address.
func trustProxy(t *testing.T, h *harness) {
	t.Helper()
	g, err := h.app.Settings.General()
	if err != nil {
		t.Fatal(err)
	}
	g.TrustedProxies = []string{"0.0.0.0"}
	if _, err := h.app.Settings.SaveGeneral(g, audit.Actor{Name: "admin"}); err != nil {
		t.Fatal(err)
	}
}

// Issue 26 row 5: an attacker hammering a known name is slowed down, but
// the owner's right password from another address still signs in, and the
// audit log records each at its own address (via the trusted proxy).
func TestHammeredNameStillSignsInFromElsewhere(t *testing.T) {
	h := newHarness(t)
	trustProxy(t, h)
	attacker := h.anon()
	attacker.ip = "203.0.113.9"
	for i := range 8 {
		r := attacker.post("/login", url.Values{"username": {"admin"}, "password": {"guess " + string(rune('a'+i))}})
		if want := map[bool]int{true: 401, false: 429}[i < 5]; r.StatusCode != want {
			t.Fatalf("attacker's attempt %d answered %d, want %d", i, r.StatusCode, want)
		}
	}
	owner := h.anon()
	owner.ip = "198.51.100.20"
	if r := owner.post("/login", url.Values{"username": {"admin"}, "password": {testPassword}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("the owner's right password from another address answered %d while the name was hammered", r.StatusCode)
	}
	p, _ := h.app.Store.List(audit.Filter{Action: audit.LoginFailure})
	if len(p.Events) == 0 || p.Events[0].IP != "203.0.113.9" {
		t.Fatalf("failures not recorded at the forwarded address: %+v", p.Events)
	}
	p, _ = h.app.Store.List(audit.Filter{Action: audit.LoginSuccess})
	if len(p.Events) == 0 || p.Events[0].IP != "198.51.100.20" {
		t.Fatalf("the sign-in not recorded at the owner's address: %+v", p.Events)
	}
}

// Without trusted proxies (the default) X-Forwarded-For is not believed:
// an attacker rotating it is still one address, and X-Forwarded-Proto does
// not make cookies Secure; from a trusted proxy it does.
func TestForwardedHeadersOnlyFromTrustedProxies(t *testing.T) {
	h := newHarness(t)
	c := h.anon()
	for i := range 7 {
		c.ip = "203.0.113." + string(rune('1'+i))
		r := c.post("/login", url.Values{"username": {"admin"}, "password": {"wrong password"}})
		if i >= 5 && r.StatusCode != http.StatusTooManyRequests {
			t.Fatalf("rotating X-Forwarded-For escaped the limit: attempt %d answered %d", i, r.StatusCode)
		}
	}
	secure := func(h *harness) bool {
		req := httptest.NewRequest(http.MethodGet, "/login", nil)
		req.Header.Set("X-Forwarded-Proto", "https")
		resp, err := h.app.Web.Test(req, -1)
		if err != nil {
			t.Fatal(err)
		}
		for _, ck := range resp.Cookies() {
			if !ck.Secure {
				return false
			}
		}
		return len(resp.Cookies()) > 0
	}
	h2 := newHarness(t)
	if secure(h2) {
		t.Fatal("X-Forwarded-Proto from an untrusted peer made cookies Secure")
	}
	trustProxy(t, h2)
	if !secure(h2) {
		t.Fatal("X-Forwarded-Proto from a trusted proxy was ignored")
	}
}

// Settings → General takes the trusted proxies and refuses what is not an
// address or range, saying so.
func TestTrustedProxiesSetting(t *testing.T) {
	h := newHarness(t)
	admin := h.login("admin")
	page := bodyOf(admin.get("/settings"))
	if !strings.Contains(page, `name="trusted_proxies"`) {
		t.Fatal("Settings → General has no trusted proxies field")
	}
	g, _ := h.app.Settings.General()
	form := url.Values{"msp_name": {g.MSPName}, "time_zone": {g.TimeZone}, "day_start": {g.DayStart}, "trusted_proxies": {"10.0.0.5, proxy.example"}}
	r := admin.post("/settings", form)
	if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(bodyOf(r), "is not an address or range") {
		t.Fatalf("a host name as trusted proxy answered %d", r.StatusCode)
	}
	form.Set("trusted_proxies", "10.0.0.5, 172.16.0.0/12")
	if r := admin.post("/settings", form); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("saving trusted proxies answered %d: %s", r.StatusCode, bodyOf(r))
	}
	if g, _ := h.app.Settings.General(); strings.Join(g.TrustedProxies, " ") != "10.0.0.5 172.16.0.0/12" {
		t.Fatalf("saved trusted proxies: %v", g.TrustedProxies)
	}
}
