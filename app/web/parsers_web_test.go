package web_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/mailimport"
	"github.com/backupchecks/backupchecks/app/reports/rules"
)

const rsyncMail = "From: Backup Script <backup@nas01.example>\r\nTo: backups@msp.example\r\nSubject: rsync backup NAS01-Daily: OK\r\n" +
	"Date: Mon, 12 Jan 2026 23:10:00 +0100\r\nMessage-ID: <rsync-ok@nas01.example>\r\nContent-Type: text/plain\r\n\r\nBackup job NAS01-Daily finished.\r\n"

// seedRule stores the rule an MSP would write for a home-made rsync script.
func (h *harness) seedRule() rules.Rule {
	h.t.Helper()
	r, err := h.app.Parsers.Save(rsyncRule(), audit.Actor{Name: "admin"})
	if err != nil {
		h.t.Fatal(err)
	}
	return r
}

func rsyncRule() rules.Rule {
	return rules.Rule{Name: "rsync script", Software: "rsync", Type: "Script", Sender: rules.Match{Pattern: "@nas01.example"},
		JobIn: "subject", JobRegex: `rsync backup (\S+):`, Failure: rules.Match{Pattern: "error"}, Success: rules.Match{Pattern: "finished"}}
}

// upload posts one file as the multipart form a browser sends.
func (c *client) upload(path, name string, content []byte) *http.Response {
	c.h.t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	w.WriteField("_csrf", c.csrf)
	f, _ := w.CreateFormFile("file", name)
	f.Write(content)
	w.Close()
	req, _ := http.NewRequest(http.MethodPost, path, &body)
	req.Header.Set("Content-Type", w.FormDataContentType())
	return c.do(req)
}

func TestTryAMailShowsTheParseResultAndStoresNothing(t *testing.T) {
	h := newHarness(t)
	c := h.login("admin")
	c.get("/settings/parsers")
	raw, err := readTestMail("failed-de-vapp-retry.eml")
	if err != nil {
		t.Fatal(err)
	}
	body := bodyOf(c.upload("/settings/parsers/test", "report.eml", raw))
	for _, want := range []string{`data-testid="result-recognised"`, "veeam-vbr", `&#34;recognised&#34;: true`, "report.eml"} {
		if !strings.Contains(body, want) {
			t.Errorf("the result page lacks %q", want)
		}
	}
	body = bodyOf(c.upload("/settings/parsers/test", "script.eml", []byte(rsyncMail)))
	if !strings.Contains(body, `data-testid="result-unrecognised"`) {
		t.Fatal("a mail no parser knows was not shown as unrecognised")
	}
	h.seedRule()
	body = bodyOf(c.upload("/settings/parsers/test", "script.eml", []byte(rsyncMail)))
	if !strings.Contains(body, "rule: rsync script") || !strings.Contains(body, "NAS01-Daily") {
		t.Fatal("the test box does not use the saved rules")
	}
	if page, _ := h.app.Mail.Inbox(mailimport.Pending, "", "", 50); len(page.Mails) != 1 {
		t.Fatalf("trying mails stored %d mails", len(page.Mails)-1)
	}
}

func TestSavingARuleShowsItsDryRunAndReparsesTheInbox(t *testing.T) {
	h := newHarness(t)
	if _, err := h.app.Mail.Import([]byte(rsyncMail), mailimport.Source{Folder: "INBOX"}); err != nil {
		t.Fatal(err)
	}
	c := h.login("admin")
	c.get("/settings/parsers/rules/new")
	form := url.Values{"name": {"rsync script"}, "software": {"rsync"}, "type": {"Script"}, "sender": {"@nas01.example"},
		"job_in": {"subject"}, "job_regex": {`rsync backup (\S+):`}, "success": {"finished"}}

	_, try := c.hx("POST", "/settings/parsers/try", form)
	if !strings.Contains(try, `data-testid="dry-run-summary"`) || !strings.Contains(try, "NAS01-Daily") || strings.Contains(try, "<html") {
		t.Fatalf("the dry run partial: %s", try)
	}
	if list, _ := h.app.Parsers.Rules(); len(list) != 0 {
		t.Fatal("trying saved the rule")
	}

	resp := c.post("/settings/parsers/rules", form)
	if resp.StatusCode != http.StatusSeeOther || !strings.Contains(resp.Header.Get("Location"), "?saved=1") {
		t.Fatalf("save: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	page := bodyOf(c.get(resp.Header.Get("Location")))
	if !strings.Contains(page, `data-testid="reparse-offer"`) {
		t.Fatal("saving did not offer to parse the claimed Inbox mail again")
	}
	list, _ := h.app.Parsers.Rules()
	if resp := c.post("/settings/parsers/rules/"+itoa(list[0].ID)+"/reparse", nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("reparse: %d", resp.StatusCode)
	}
	inbox, _ := h.app.Mail.Inbox(mailimport.Pending, "", "", 50)
	found := false
	for _, m := range inbox.Mails {
		found = found || (m.Report != nil && m.Report.Parser == "rule: rsync script")
	}
	if !found {
		t.Fatal("the script's Inbox mail was not parsed again with the rule")
	}
	if list := bodyOf(c.get("/settings/parsers")); !strings.Contains(list, "rule: rsync script") {
		t.Fatal("the list of parsers does not show the rule")
	}
}

func TestRulesExportAndImportThroughThePage(t *testing.T) {
	h := newHarness(t)
	h.seedRule()
	c := h.login("admin")
	file := bodyOf(c.get("/settings/parsers/export"))
	other := newHarness(t)
	oc := other.login("admin")
	oc.get("/settings/parsers")
	if resp := oc.upload("/settings/parsers/import", "rules.json", []byte(file)); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("import: %d", resp.StatusCode)
	}
	if list, _ := other.app.Parsers.Rules(); len(list) != 1 || list[0].Name != "rsync script" {
		t.Fatalf("imported: %+v", list)
	}
	body := bodyOf(oc.upload("/settings/parsers/import", "notes.json", []byte(`{"hello":1}`)))
	if !strings.Contains(body, "not a Backupchecks rules file") {
		t.Fatal("a foreign JSON file was not refused with a reason")
	}
}
