package appliance_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/backupchecks/backupchecks/app/accounts"
	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/demo"
	"github.com/backupchecks/backupchecks/app/jobs"
	"github.com/backupchecks/backupchecks/app/runs"
)

// everyShortcut is a sentence holding every Run Checks shortcut letter
// (j k x r u t o ?), in lower case as an operator types it.
const everyShortcut = "jobs kept x-ray output; rerun tomorrow? ok"

// Run Checks is safe to use fast, with Autotask on: a sentence holding every
// shortcut letter typed into the remark, the override form and the page's
// filter fields reviews nothing and creates no ticket; t asks first, naming
// the customer, job and status, Esc creates nothing and Enter exactly one.
// Override… and the job name clicked in the queue show one page (one nav bar).
func TestBrowserRunChecksIsSafeToUseFast(t *testing.T) {
	a, base := serveAppliance(t)
	ctx := newBrowser(t)
	seed := &reviewSeed{a: a, t: t, jobs: map[string]jobs.Job{}}
	if _, err := a.Accounts.Setup(accounts.NewUser{Username: "olivia", Password: browserPassword, Confirm: browserPassword}, audit.Actor{}); err != nil {
		t.Fatal(err)
	}
	seed.job("Acme", "Nightly")
	failed := seed.run("Nightly", runs.Failed, "disk full")
	warn := seed.run("Nightly", runs.Warning, "slow target")
	fake, _, err := demo.Autotask(demo.AutotaskServices{Settings: a.Settings, Autotask: a.Autotask, Customers: a.Customers, Jobs: a.Jobs, Runs: a.Runs},
		1, 0, base)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(fake.Close)

	must := steps(t, ctx, "safe")
	eval, waitFor := pageJS(t, ctx, "safe")
	key := func(k string) { must("press "+k, chromedp.Do(ctx, chromedp.KeyEvent(k))) }
	nothingHappened := func(when string) {
		t.Helper()
		for _, id := range []uint64{failed.ID, warn.ID} {
			if r, _ := a.Runs.Get(id); !r.Reviewed.IsZero() {
				t.Fatalf("%s: run %d was reviewed by %s", when, id, r.ReviewedBy)
			}
		}
		if n := len(fake.Tenant.Tickets()); n != 0 {
			t.Fatalf("%s: Autotask holds %d tickets", when, n)
		}
	}
	navBars := func(when string) {
		t.Helper()
		if n := eval("nav bars", `String(document.querySelectorAll('[data-testid=nav]').length)`); n != "1" {
			t.Fatalf("%s: the page shows %s navigation bars", when, n)
		}
	}
	openQueue := func() error {
		return chromedp.Do(ctx, chromedp.Navigate(base+"/review"), chromedp.WaitVisible(`[data-testid=queue]`))
	}

	must("sign in", chromedp.Do(ctx, signIn(base, "olivia")...))
	must("run checks", openQueue())
	waitFor("ticket button", fmt.Sprintf(`document.querySelector('#run-%d [data-action=ticket]')`, failed.ID))

	// The filter fields.
	must("type in the filter", chromedp.Do(ctx, chromedp.Focus(`[data-testid=review-filter] select[name=customer]`)))
	for _, k := range everyShortcut {
		key(string(k))
	}
	nothingHappened("a sentence typed in the filter")

	// The remark in the run's panel.
	eval("blur", `document.activeElement.blur(), 'ok'`)
	key("j")
	key("o")
	waitFor("details open", `document.querySelector('#panel [data-testid=remark-add]')`)
	must("type a remark", chromedp.Do(ctx, chromedp.Click(`#panel [data-testid=remark-add]`),
		chromedp.SendKeys(`#panel [data-testid=remark-form] input[name=text]`, everyShortcut)))
	nothingHappened("a sentence typed in the remark")

	// The override form, opened from the queue: one page, one nav bar.
	must("override", chromedp.Do(ctx, chromedp.Click(fmt.Sprintf(`#run-%d [data-action=override]`, failed.ID)),
		chromedp.WaitVisible(`[data-testid=override-form]`)))
	navBars("Override… clicked in the queue")
	must("type in the override form", chromedp.Do(ctx,
		chromedp.SendKeys(`[data-testid=override-form] input[name=reason]`, everyShortcut),
		chromedp.SendKeys(`[data-testid=override-form] input[name=message_pattern]`, everyShortcut)))
	nothingHappened("a sentence typed in the override form")

	// The job name in the queue: one page, one nav bar.
	must("queue again", openQueue())
	must("job name", chromedp.Do(ctx, chromedp.Click(`#queue .job-head a`), chromedp.WaitVisible(`[data-testid=nav]`)))
	waitFor("job page", `!document.getElementById('queue')`)
	navBars("the job name clicked in the queue")

	// t asks; Esc creates nothing.
	must("back", openQueue())
	key("j")
	key("t")
	waitFor("confirmation", `document.querySelector('[data-testid=ticket-confirm]').open`)
	q := eval("question", `document.querySelector('[data-testid=ticket-confirm]').innerText`)
	if !strings.Contains(q, "Create an Autotask ticket for Acme — Nightly, failed?") {
		t.Fatalf("t asks %q", q)
	}
	screenshot(t, ctx, "safe-1-ticket-confirm")
	key(kb.Escape)
	waitFor("closed", `!document.querySelector('[data-testid=ticket-confirm]').open`)
	time.Sleep(500 * time.Millisecond)
	nothingHappened("t then Esc")

	// Enter creates exactly one.
	key("t")
	waitFor("confirmation again", `document.querySelector('[data-testid=ticket-confirm]').open`)
	key("\r")
	waitFor("ticket number", fmt.Sprintf(`document.querySelector('#run-%d [data-testid=ticket-number]')`, failed.ID))
	time.Sleep(300 * time.Millisecond)
	if n := len(fake.Tenant.Tickets()); n != 1 {
		t.Fatalf("t then Enter: Autotask holds %d tickets, want 1", n)
	}
	if r, _ := a.Runs.Get(failed.ID); !r.Reviewed.IsZero() {
		t.Fatal("creating the ticket reviewed the run")
	}
}
