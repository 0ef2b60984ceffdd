package web_test

import (
	"testing"

	"github.com/backupchecks/backupchecks/app/audit"
)

// Browsers are told to keep to https once the base URL is https, not before.
func TestStrictTransportSecurityFollowsTheBaseURL(t *testing.T) {
	h := newHarness(t)
	if v := h.anon().get("/login").Header.Get("Strict-Transport-Security"); v != "" {
		t.Fatalf("HSTS without an https base URL: %q", v)
	}
	g, err := h.app.Settings.General()
	if err != nil {
		t.Fatal(err)
	}
	g.BaseURL = "https://backups.example.com"
	if _, err := h.app.Settings.SaveGeneral(g, audit.Actor{Name: "admin"}); err != nil {
		t.Fatal(err)
	}
	if v := h.anon().get("/login").Header.Get("Strict-Transport-Security"); v != "max-age=31536000" {
		t.Fatalf("HSTS with an https base URL: %q", v)
	}
}
