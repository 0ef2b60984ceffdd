package appliance_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/backupchecks/backupchecks/app/accounts"
	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/mailimport"
)

// An admin writes a rule for a home-made script's mail: while editing, the
// rule is tried on the stored mail; after saving, the Inbox mail it claims
// is parsed again on request.
func TestBrowserWriteARuleTryItAndParseTheInboxAgain(t *testing.T) {
	a, base := serveAppliance(t)
	ctx := newBrowser(t)
	raw := "From: Backup Script <backup@nas01.example>\r\nTo: backups@msp.example\r\nSubject: rsync backup NAS01-Daily: OK\r\n" +
		"Date: Thu, 26 Nov 2026 01:10:00 +0100\r\nMessage-ID: <rsync-1@nas01.example>\r\nContent-Type: text/plain\r\n\r\nBackup job NAS01-Daily finished.\r\n"
	res, err := a.Mail.Import([]byte(raw), mailimport.Source{})
	if err != nil || res.Mail.Outcome != mailimport.Unrecognised {
		t.Fatalf("import: %+v %v", res.Mail, err)
	}
	if _, err := a.Accounts.Setup(accounts.NewUser{Username: "olivia", Password: browserPassword, Confirm: browserPassword}, audit.Actor{}); err != nil {
		t.Fatal(err)
	}
	must := steps(t, ctx, "rule")
	must("sign in", chromedp.Do(ctx, signIn(base, "olivia")...))
	must("new rule", chromedp.Do(ctx, chromedp.Navigate(base+"/settings/parsers"),
		chromedp.Click(`[data-testid=new-rule]`), chromedp.WaitVisible(`[data-testid=rule-form]`),
		fill(`[data-testid=rule-form] input[name=name]`, "rsync script"),
		fill(`[data-testid=rule-form] input[name=software]`, "rsync"),
		fill(`[data-testid=rule-form] input[name=type]`, "Script"),
		fill(`[data-testid=rule-form] input[name=sender]`, "@nas01.example"),
		fill(`[data-testid=rule-form] input[name=job_regex]`, `rsync backup (\S+):`),
		fill(`[data-testid=rule-form] input[name=success]`, "finished\t"),
		chromedp.WaitVisible(`[data-testid=dry-run-claims]`)))
	claims, err := chromedp.Run(ctx, chromedp.Text[string](`[data-testid=dry-run-claims]`))
	must("claims", err)
	if !strings.Contains(claims, "NAS01-Daily") || !strings.Contains(claims, "not recognised") {
		t.Fatalf("the dry run while editing: %q", claims)
	}
	screenshot(t, ctx, "rule-dry-run")
	must("save", chromedp.Do(ctx, chromedp.Click(`[data-testid=rule-save]`), chromedp.WaitVisible(`[data-testid=reparse-offer]`)))
	must("reparse", chromedp.Do(ctx, chromedp.Click(`[data-testid=reparse-offer] button`), chromedp.WaitVisible(`[data-testid=inbox]`)))
	where, err := chromedp.Run(ctx, chromedp.Evaluate[string](`location.pathname + " " + document.querySelectorAll("header.appbar").length`))
	must("where", err)
	if where != "/inbox 1" {
		t.Fatalf("after parsing again the browser shows %q, not the Inbox page alone", where)
	}
	inbox, err := chromedp.Run(ctx, chromedp.Text[string](`[data-testid=inbox]`))
	must("inbox", err)
	if !strings.Contains(inbox, "rsync · Script") || !strings.Contains(inbox, "NAS01-Daily") {
		t.Fatalf("the Inbox after parsing again: %q", inbox)
	}
	screenshot(t, ctx, "rule-inbox")
	must("parsers", chromedp.Do(ctx, chromedp.Navigate(base+"/settings/parsers"), chromedp.WaitVisible(`[data-testid=parsers]`)))
	count, err := chromedp.Run(ctx, chromedp.Text[string](`[data-testid="parser-rule: rsync script"] [data-testid=recent]`))
	must("count", err)
	if count != "1" {
		t.Fatalf("the rule's count of mails in the last 30 days: %q", count)
	}
	screenshot(t, ctx, "parsers")
}
