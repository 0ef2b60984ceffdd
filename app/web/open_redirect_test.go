package web_test

import (
	"net/url"
	"testing"
)

// Signing in with a hostile next lands on the dashboard, not elsewhere.
func TestSignInWithHostileNextStaysHere(t *testing.T) {
	h := newHarness(t)
	for _, next := range []string{"/\t/evil.example/", "//evil.example/", `/\evil.example`, "/%2F%2Fevil.example", "https://evil.example/"} {
		c := h.anon()
		c.get("/login?next=" + url.QueryEscape(next))
		resp := c.post("/login", url.Values{"username": {"admin"}, "password": {testPassword}, "next": {next}})
		if loc := resp.Header.Get("Location"); resp.StatusCode != 303 || loc != "/" {
			t.Errorf("sign-in with next=%q: %d Location %q, want /", next, resp.StatusCode, loc)
		}
	}
	c := h.anon()
	if loc := c.post("/login", url.Values{"username": {"admin"}, "password": {testPassword}, "next": {"/jobs?q=a"}}).Header.Get("Location"); loc != "/jobs?q=a" {
		t.Errorf("a local next is lost: %q", loc)
	}
}
