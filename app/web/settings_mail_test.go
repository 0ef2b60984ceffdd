package web_test

import (
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/backupchecks/backupchecks/integrations/imapmail/imaptest"
)

func mailValues(s *imaptest.Server, password string) url.Values {
	host, port, _ := net.SplitHostPort(s.Addr)
	return url.Values{"enabled": {"true"}, "host": {host}, "port": {port}, "security": {"none"}, "username": {s.Username},
		"password": {password}, "folder": {"INBOX"}, "processed": {"Processed"}, "interval": {"5"}, "max_size_mb": {"25"}}
}

func TestMailSettingsTestConnectionAndImportNow(t *testing.T) {
	h := newHarness(t)
	s := imaptest.Start(t, imaptest.Options{})
	raw, _ := readTestMail("backup-copy-us.eml") // the harness already imported the other one
	s.Append(t, "INBOX", raw, time.Now())
	c := h.login("admin")
	c.get("/settings/mail")

	body := bodyOf(c.post("/settings/mail/test", mailValues(s, "wrong password")))
	if !strings.Contains(body, `data-testid="mail-test-error"`) || !strings.Contains(body, "sign in as reports@msp.test") {
		t.Fatal("a wrong password is not reported with the server's answer")
	}
	body = bodyOf(c.post("/settings/mail/test", mailValues(s, s.Password)))
	if !strings.Contains(body, "Connection works") || !strings.Contains(body, "1 message(s) in INBOX") {
		t.Fatalf("test connection: %s", between(body, `<main`, `data-testid="mail-form"`))
	}
	if r := c.post("/settings/mail", mailValues(s, s.Password)); r.StatusCode != 303 {
		t.Fatalf("save: %d %s", r.StatusCode, bodyOf(r))
	}
	page := bodyOf(c.get("/settings/mail"))
	if strings.Contains(page, s.Password) || !strings.Contains(page, "stored; type a new one") {
		t.Fatal("the stored password is rendered back, or not shown as stored")
	}
	stored, _ := h.app.Settings.MailImport()
	if stored.Password.IsZero() || strings.Contains(string(stored.Password), s.Password) {
		t.Fatal("the password is not stored sealed")
	}
	// Saving again without typing the password keeps it.
	again := mailValues(s, "")
	again.Set("interval", "10")
	c.post("/settings/mail", again)
	if p, _ := h.app.Settings.MailSecrets(); p.Password.Reveal() != s.Password {
		t.Fatal("saving without a password lost the stored one")
	}
	c.get("/settings/mail")
	if r := c.post("/settings/mail/poll", nil); r.StatusCode != 303 {
		t.Fatalf("import now: %d", r.StatusCode)
	}
	page = bodyOf(c.get("/settings/mail"))
	if !strings.Contains(page, "Import finished.") || !strings.Contains(page, "1 fetched") || !strings.Contains(page, "1 to the Inbox") {
		t.Fatalf("after import now: %s", between(page, `data-testid="mail-status"`, "</article>"))
	}
	if n := s.Count(t, "Processed"); n != 1 {
		t.Fatalf("the imported mail was not moved (%d in Processed)", n)
	}
}

func TestDashboardShowsAFailingMailImport(t *testing.T) {
	h := newHarness(t)
	s := imaptest.Start(t, imaptest.Options{})
	c := h.login("admin")
	c.get("/settings/mail")
	c.post("/settings/mail", mailValues(s, "wrong password"))
	h.app.MailPoller.Poll()
	body := bodyOf(c.get("/"))
	if !strings.Contains(body, "Mail import") || !strings.Contains(body, "failed: sign in as reports@msp.test") {
		t.Fatalf("dashboard health: %s", between(body, `data-testid="health"`, "</table>"))
	}
}

func TestMailImportWithAMicrosoft365App(t *testing.T) {
	h := newHarness(t)
	tokens := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.ParseForm()
		if r.PostForm.Get("client_secret") != "app-secret" {
			w.WriteHeader(http.StatusUnauthorized)
			w.Write([]byte(`{"error":"invalid_client"}`))
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"access_token":"tok-9","token_type":"Bearer","expires_in":3600}`))
	}))
	defer tokens.Close()
	s := imaptest.Start(t, imaptest.Options{OAuthToken: "tok-9"})
	c := h.login("admin")
	c.get("/settings/mail")
	v := mailValues(s, "")
	v.Set("auth", "oauth2")
	v.Set("tenant_id", "contoso")
	v.Set("client_id", "app-id")
	v.Set("token_url", tokens.URL)
	if r := c.post("/settings/mail", v); r.StatusCode != 422 || !strings.Contains(bodyOf(r), "Enter the app") {
		t.Fatalf("oauth2 without a client secret: %d", r.StatusCode)
	}
	v.Set("client_secret", "app-secret")
	if r := c.post("/settings/mail", v); r.StatusCode != 303 {
		t.Fatalf("save: %d %s", r.StatusCode, between(bodyOf(r), "<main", "</form>"))
	}
	if page := bodyOf(c.get("/settings/mail")); strings.Contains(page, "app-secret") {
		t.Fatal("the client secret is rendered back")
	}
	if _, err := h.app.MailPoller.Poll(); err != nil {
		t.Fatalf("a poll signing in with the app's token: %v", err)
	}
}
