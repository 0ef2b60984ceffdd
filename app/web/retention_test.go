package web_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/mailimport"
)

// An admin sets how long original mail is kept: the setting is checked,
// applied at once with what it removed said, and a mail whose original
// went still shows its page, with a sentence where the message was.
func TestRetentionRemovesOldOriginals(t *testing.T) {
	h := newHarness(t)
	raw, err := readTestMail("failed-de-vapp-retry.eml")
	if err != nil {
		t.Fatal(err)
	}
	old, err := h.app.Mail.Import([]byte(strings.Replace(string(raw), "Message-ID: <", "Message-ID: <old.", 1)), mailimport.Source{Folder: "INBOX", UID: 1, Received: time.Now().AddDate(-3, 0, 0)})
	if err != nil {
		t.Fatal(err)
	}
	young, err := h.app.Mail.Import([]byte(strings.Replace(string(raw), "Message-ID: <", "Message-ID: <young.", 1)), mailimport.Source{Folder: "INBOX", UID: 2})
	if err != nil {
		t.Fatal(err)
	}
	admin := h.login("admin")
	for _, bad := range []string{"-1", "121", "two"} {
		admin.post("/settings/maintenance/retention", url.Values{"raw_mail_months": {bad}})
		if page := bodyOf(admin.get("/settings/maintenance")); !strings.Contains(page, "Enter") {
			t.Fatalf("months %q accepted:\n%s", bad, page)
		}
	}
	if keep, _ := h.app.Settings.Retention(); keep.RawMailMonths != 24 {
		t.Fatalf("a refused value was saved: %+v", keep)
	}

	if r := admin.post("/settings/maintenance/retention", url.Values{"raw_mail_months": {"30"}}); r.StatusCode != 303 {
		t.Fatalf("save: %d", r.StatusCode)
	}
	page := bodyOf(admin.get("/settings/maintenance"))
	if !strings.Contains(page, "kept for 30 months. Removed the originals of 1 older mails") || !strings.Contains(page, "removed the originals of 1 mail(s)") {
		t.Fatalf("the Maintenance page does not say what was removed:\n%s", page)
	}
	if body := bodyOf(admin.get(fmt.Sprintf("/inbox/%d/body", old.Mail.ID))); !strings.Contains(body, "original message was removed") {
		t.Fatalf("the old mail's frame: %s", body)
	}
	if r := admin.get(fmt.Sprintf("/inbox/%d/eml", old.Mail.ID)); r.StatusCode != 410 {
		t.Fatalf("the old mail's .eml: %d", r.StatusCode)
	}
	if r := admin.get(fmt.Sprintf("/inbox/%d", old.Mail.ID)); r.StatusCode != 200 {
		t.Fatalf("the old mail's page: %d", r.StatusCode)
	}
	if r := admin.get(fmt.Sprintf("/inbox/%d/eml", young.Mail.ID)); r.StatusCode != 200 {
		t.Fatalf("the young mail's .eml: %d", r.StatusCode)
	}
	if _, err := h.app.Mail.Reparse(old.Mail.ID); err != mailimport.ErrRawRemoved {
		t.Fatalf("reparse without the original: %v", err)
	}
	ev, _ := h.app.Store.List(audit.Filter{Action: audit.MailPrune})
	if len(ev.Events) != 1 || !strings.Contains(ev.Events[0].Details, "1 mails") {
		t.Fatalf("the removal is not audited: %+v", ev.Events)
	}
}
