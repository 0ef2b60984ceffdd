package web_test

import (
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/integrations/smtpmail/smtptest"
)

// An admin sets up mail: a refused form says what to mend and keeps what
// was typed; the password is sealed and never shown; Send test mail
// reaches a real SMTP server; a report schedule is added, sent now and
// deleted.
func TestMailSettingsAndSchedules(t *testing.T) {
	srv, err := smtptest.Start(smtptest.Options{Users: map[string]string{"mailer": "Hunter2-secret"}})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	h := newHarness(t)
	admin := h.login("admin")
	admin.get("/settings/notifications")
	form := url.Values{"enabled": {"on"}, "smtp_host": {"mail.msp.example"}, "smtp_port": {strconv.Itoa(srv.Port)}, "smtp_security": {"none"},
		"smtp_username": {"mailer"}, "smtp_password": {"Hunter2-secret"}, "smtp_from": {"Backupchecks <b@msp.example>"},
		"digest": {"on"}, "digest_at": {"07:30"}, "recipients": {"noc@msp.example; ops@msp.example"}}
	res := admin.post("/settings/notifications/smtp", form)
	page := bodyOf(res)
	if res.StatusCode != 422 || !strings.Contains(page, "only a relay on this machine") || !strings.Contains(page, `value="mail.msp.example"`) {
		t.Fatalf("plain SMTP across the network: %d\n%s", res.StatusCode, page)
	}
	if strings.Contains(page, "Hunter2-secret") {
		t.Fatal("a refused form shows the password back")
	}
	form.Set("recipients", "noc@msp.example, not an address")
	form.Set("smtp_host", srv.Host)
	if res := admin.post("/settings/notifications/smtp", form); res.StatusCode != 422 || !strings.Contains(bodyOf(res), "is not a mail address") {
		t.Fatalf("a bad recipient: %d", res.StatusCode)
	}
	form.Set("recipients", "noc@msp.example; ops@msp.example")
	if res := admin.post("/settings/notifications/smtp", form); res.StatusCode != 303 {
		t.Fatalf("save: %d %s", res.StatusCode, bodyOf(res))
	}
	page = bodyOf(admin.get("/settings/notifications"))
	if strings.Contains(page, "Hunter2-secret") || !strings.Contains(page, "stored; type a new one to change it") || !strings.Contains(page, `value="noc@msp.example, ops@msp.example"`) {
		t.Fatalf("after saving:\n%s", page)
	}
	if cfg, _ := h.app.Settings.SMTP(); len(cfg.Password) == 0 || strings.Contains(string(cfg.Password), "Hunter2") {
		t.Fatal("the password is not stored sealed")
	}
	// Saving again without a password keeps the stored one.
	form.Del("smtp_password")
	if res := admin.post("/settings/notifications/smtp", form); res.StatusCode != 303 {
		t.Fatalf("save without the password: %d %s", res.StatusCode, bodyOf(res))
	}
	admin.post("/settings/notifications/smtp/test", url.Values{"test_to": {"ops@msp.example"}})
	page = bodyOf(admin.get("/settings/notifications"))
	if !strings.Contains(page, "Test mail accepted by the server for ops@msp.example.") {
		t.Fatalf("after Send test mail:\n%s", page)
	}
	if got := srv.Received(); len(got) != 1 || got[0].To[0] != "ops@msp.example" || got[0].User != "mailer" {
		t.Fatalf("the server received %+v", got)
	}
	srv.FailNext(1, 550)
	admin.post("/settings/notifications/smtp/test", url.Values{"test_to": {"ops@msp.example"}})
	if page := bodyOf(admin.get("/settings/notifications")); !strings.Contains(page, "Test mail not sent") || !strings.Contains(page, "550") {
		t.Errorf("a refused test mail:\n%s", page)
	}

	cust, _ := h.app.Customers.Create("Acme Dental", audit.Actor{})
	res = admin.post("/settings/notifications/reports", url.Values{"customer": {strconv.FormatUint(cust.ID, 10)}, "every": {"week"}, "day": {"9"}, "recipients": {"it@acme.example"}})
	if res.StatusCode != 422 || !strings.Contains(bodyOf(res), "Choose a weekday.") {
		t.Fatalf("a weekday of 9: %d", res.StatusCode)
	}
	res = admin.post("/settings/notifications/reports", url.Values{"customer": {strconv.FormatUint(cust.ID, 10)}, "every": {"week"}, "day": {"1"}, "recipients": {"it@acme.example"}})
	if res.StatusCode != 303 {
		t.Fatalf("schedule: %d %s", res.StatusCode, bodyOf(res))
	}
	page = bodyOf(admin.get("/settings/notifications"))
	id := regexp.MustCompile(`/settings/notifications/reports/(\d+)/send`).FindStringSubmatch(page)
	if id == nil || !strings.Contains(page, "every Monday, the week before") || !strings.Contains(page, "it@acme.example") {
		t.Fatalf("the schedule is not listed:\n%s", page)
	}
	if res := h.login("op").post("/settings/notifications/reports/"+id[1]+"/send", nil); res.StatusCode != 403 {
		t.Errorf("an operator sending a report: %d", res.StatusCode)
	}
	if res := admin.post("/settings/notifications/reports/"+id[1]+"/send", nil); res.StatusCode != 303 {
		t.Fatalf("send now: %d", res.StatusCode)
	}
	if _, err := h.app.Notify.Deliver(t.Context()); err != nil {
		t.Fatal(err)
	}
	if got := srv.Received(); len(got) != 2 || got[1].To[0] != "it@acme.example" || !strings.Contains(string(got[1].Data), "application/pdf") {
		t.Fatalf("after Send now the server has %d mails", len(got))
	}
	if res := admin.post("/settings/notifications/reports/"+id[1]+"/delete", nil); res.StatusCode != 303 {
		t.Fatalf("delete: %d", res.StatusCode)
	}
	if page := bodyOf(admin.get("/settings/notifications")); strings.Contains(page, `data-testid="report-schedules"`) {
		t.Error("the deleted schedule is still listed")
	}
}
