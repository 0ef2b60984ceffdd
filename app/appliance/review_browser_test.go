package appliance_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/backupchecks/backupchecks/app/accounts"
	"github.com/backupchecks/backupchecks/app/appliance"
	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/jobs"
	"github.com/backupchecks/backupchecks/app/runs"
)

type reviewSeed struct {
	a    *appliance.Appliance
	t    *testing.T
	n    int
	jobs map[string]jobs.Job
}

func (s *reviewSeed) job(customer, name string) jobs.Job {
	c, err := s.a.Customers.FindOrCreate(customer, audit.Actor{})
	if err != nil {
		s.t.Fatal(err)
	}
	j, err := s.a.Jobs.Create(jobs.NewJob{CustomerID: c.ID, Source: jobs.Email, Software: "Veeam Backup & Replication", Type: "Backup Job",
		Name: name, MatchKey: customer + "/" + name}, audit.Actor{})
	if err != nil {
		s.t.Fatal(err)
	}
	s.jobs[name] = j
	return j
}

func (s *reviewSeed) run(job string, st runs.Status, msg string) runs.Run {
	s.n++
	r, _, err := s.a.Runs.Record(runs.NewRun{JobID: s.jobs[job].ID, Source: runs.FromEmail, ExternalID: fmt.Sprint(s.n),
		Time: time.Now().Add(-time.Duration(s.n) * time.Minute), Status: st, Message: msg,
		Objects: []runs.Object{{Name: "VM-" + msg, Status: st, Message: "object says " + msg}}})
	if err != nil {
		s.t.Fatal(err)
	}
	return r
}

// pollNow runs Run Checks' 20 s poll at once, as its timer would.
const pollNow = `(p => htmx.ajax('GET', p.getAttribute('hx-get'), {source: p, target: '#queue-news', swap: 'innerHTML'}))(document.querySelector('[data-testid=queue-poll]')), 'sent'`

// The morning review in a real browser, by keyboard: move, open details,
// select, a new run arriving without losing the selection, review selected,
// review one and undo it.
func TestBrowserRunChecksByKeyboard(t *testing.T) {
	a, base := serveAppliance(t)
	ctx := newBrowser(t)
	seed := &reviewSeed{a: a, t: t, jobs: map[string]jobs.Job{}}
	if _, err := a.Accounts.Setup(accounts.NewUser{Username: "olivia", Password: browserPassword, Confirm: browserPassword}, audit.Actor{}); err != nil {
		t.Fatal(err)
	}
	seed.job("Acme", "Nightly")
	seed.job("Beta", "Files")
	failed := seed.run("Nightly", runs.Failed, "disk full")
	warn1 := seed.run("Files", runs.Warning, "file locked")
	warn2 := seed.run("Nightly", runs.Warning, "slow target")
	seed.run("Files", runs.Success, "fine") // reviewed automatically, never listed

	must := steps(t, ctx, "review")
	eval, waitFor := pageJS(t, ctx, "review")
	currentRow := func() string {
		return eval("current row", `(document.querySelector('#queue tr.qrow.current')||{dataset:{}}).dataset.run||''`)
	}
	key := func(k string) { must("press "+k, chromedp.Do(ctx, chromedp.KeyEvent(k))) }

	must("sign in", chromedp.Do(ctx, append(signIn(base, "olivia"),
		chromedp.Click(`[data-testid=nav-review]`),
		chromedp.WaitVisible(`[data-testid=queue]`))...))
	order := eval("row order", `Array.from(document.querySelectorAll('#queue tr.qrow')).map(r => r.dataset.run).join(',')`)
	if want := fmt.Sprintf("%d,%d,%d", failed.ID, warn2.ID, warn1.ID); order != want {
		t.Fatalf("rows in order %s, want %s (Acme's failure first, then its warning, then Beta)", order, want)
	}

	key("j")
	if got := currentRow(); got != fmt.Sprint(failed.ID) {
		t.Fatalf("j highlights run %q, want the failed run %d", got, failed.ID)
	}
	key("o")
	waitFor("details open", `document.querySelector('#panel [data-testid=run-objects]')`)
	if panel := eval("panel", `document.getElementById('panel').innerText`); !strings.Contains(panel, "object says disk full") {
		t.Fatalf("panel shows %q", panel)
	}
	screenshot(t, ctx, "review-1-panel")
	key(kb.Escape)
	if eval("panel closed", `document.getElementById('panel').innerHTML`) != "" {
		t.Fatal("Esc did not close the panel")
	}

	key("j")
	key("x")
	if got := eval("selected label", `document.querySelector('[data-testid=review-selected]').textContent`); got != "Mark 1 selected reviewed" {
		t.Fatalf("after x the bulk button says %q", got)
	}

	// A new failure arrives; the page's poll says so without touching a row,
	// and Refresh brings it in without losing the ticked box or the highlight.
	fresh := seed.run("Files", runs.Failed, "agent offline")
	eval("poll", pollNow)
	waitFor("news", `document.querySelector('[data-testid=queue-news-text]')`)
	if got := eval("news", `document.querySelector('[data-testid=queue-news-text]').textContent`); !strings.HasPrefix(got, "1 new run") {
		t.Fatalf("the poll's bar says %q", got)
	}
	if eval("not yet shown", fmt.Sprintf(`String(!!document.querySelector('[data-testid=run-%d]'))`, fresh.ID)) != "false" {
		t.Fatal("the poll inserted the new run under the operator")
	}
	must("refresh", chromedp.Do(ctx, chromedp.Click(`[data-testid=queue-refresh]`)))
	waitFor("refreshed", fmt.Sprintf(`document.querySelector('[data-testid=run-%d]')`, fresh.ID))
	time.Sleep(100 * time.Millisecond) // past htmx's settle
	if checked := eval("still ticked", fmt.Sprintf(`String(document.querySelector('#run-%d input[name=run]').checked)`, warn2.ID)); checked != "true" {
		t.Fatal("the poll lost the ticked box")
	}
	if got := currentRow(); got != fmt.Sprint(warn2.ID) {
		t.Fatalf("the poll lost the highlighted row: now %q", got)
	}
	screenshot(t, ctx, "review-2-selected-after-poll")

	key("r") // with a selection, r reviews the selection
	waitFor("selection reviewed", fmt.Sprintf(`!document.querySelector('[data-testid=run-%d]')`, warn2.ID))
	if r, _ := a.Runs.Get(warn2.ID); r.ReviewedBy != "olivia" {
		t.Fatalf("selected run after r: %+v", r)
	}

	key("j") // highlight the first row again, the failed run, and review it alone
	key("k")
	key("k")
	if got := currentRow(); got != fmt.Sprint(fresh.ID) && got != fmt.Sprint(failed.ID) {
		t.Fatalf("k moved to %q", got)
	}
	target := currentRow()
	key("r")
	waitFor("row reviewed", fmt.Sprintf(`document.querySelector('#run-%s [data-action=undo]')`, target))
	if c := eval("counts", `document.querySelector('[data-testid=count-failed]').textContent`); c != "failed 1" {
		t.Fatalf("failed count after reviewing one of two failures: %q", c)
	}
	screenshot(t, ctx, "review-3-reviewed-row")
	eval("undo", fmt.Sprintf(`document.querySelector('#run-%s [data-action=undo]').click(), 'ok'`, target))
	waitFor("undone", fmt.Sprintf(`document.querySelector('#run-%s [data-action=review]')`, target))
	var id uint64
	fmt.Sscan(target, &id)
	if r, _ := a.Runs.Get(id); !r.Reviewed.IsZero() {
		t.Fatal("undo left the run reviewed")
	}

	key("?")
	waitFor("help", `document.querySelector('[data-testid=keys-dialog]').open`)
	key(kb.Escape)

	// An override from the remaining warning: the form comes filled from the run.
	must("override form", chromedp.Do(ctx,
		chromedp.Click(fmt.Sprintf(`#run-%d [data-action=override]`, warn1.ID)),
		chromedp.WaitVisible(`[data-testid=override-form]`)))
	if v := eval("object prefill", `document.querySelector('input[name=object_pattern]').value`); v != "VM-file locked" {
		t.Fatalf("object pattern prefilled with %q", v)
	}
	must("save override", chromedp.Do(ctx,
		fill(`input[name=reason]`, "locked files on this share are expected"),
		chromedp.Click(`[data-testid=override-save]`),
		chromedp.WaitVisible(`[data-testid=queue]`)))
	waitFor("override applied", fmt.Sprintf(`!document.querySelector('[data-testid=run-%d]')`, warn1.ID))
	if f := eval("flash", `document.querySelector('[data-testid=flash]').innerText`); !strings.Contains(f, "1 waiting run(s) now count as successful") {
		t.Fatalf("flash after the override: %q", f)
	}
	must("badge on the job", chromedp.Do(ctx, chromedp.Navigate(fmt.Sprintf("%s/jobs/%d", base, seed.jobs["Files"].ID)),
		chromedp.WaitVisible(fmt.Sprintf(`[data-testid=run-%d] [data-testid=overridden]`, warn1.ID))))
	screenshot(t, ctx, "review-4-overridden")

	// With successes needing review, one click reviews them all.
	g, _ := a.Settings.General()
	g.SuccessNeedsReview = true
	if _, err := a.Settings.SaveGeneral(g, audit.Actor{Name: "test"}); err != nil {
		t.Fatal(err)
	}
	ok1, ok2 := seed.run("Files", runs.Success, "fine again"), seed.run("Nightly", runs.Success, "all good")
	must("bulk successes", chromedp.Do(ctx, chromedp.Navigate(base+"/review"),
		chromedp.WaitVisible(fmt.Sprintf(`[data-testid=run-%d]`, ok1.ID)),
		chromedp.Click(`[data-testid=review-successes]`)))
	waitFor("successes reviewed", fmt.Sprintf(`!document.querySelector('[data-testid=run-%d]')`, ok2.ID))
	if r, _ := a.Runs.Get(ok1.ID); r.ReviewedBy != "olivia" {
		t.Fatalf("success after the bulk review: %+v", r)
	}

	// A ticket number on the failing job, from the details panel, shows on Daily Jobs.
	key("j")
	key("o")
	waitFor("panel", `document.querySelector('#panel [data-testid=remark-form]')`)
	must("remark", chromedp.Do(ctx,
		chromedp.Click(`#panel [data-testid=remark-add]`),
		chromedp.SetValue(`#panel select[name=kind]`, "ticket"),
		chromedp.SetValue(`#panel select[name=scope]`, "run"),
		fill(`#panel input[name=text]`, "T20261126.0001"),
		chromedp.Submit(`#panel [data-testid=remark-form]`)))
	waitFor("remark badge", `document.querySelector('[data-testid=queue] [data-testid=remark-badge]')`)
	must("daily", chromedp.Do(ctx, chromedp.Click(`[data-testid=nav-daily]`), chromedp.WaitVisible(`[data-testid=daily-counts]`)))
	if got := eval("badge on Daily Jobs", `Array.from(document.querySelectorAll('[data-testid=remark-badge]')).map(b => b.textContent).join(',')`); got != "ticket T20261126.0001" {
		t.Fatalf("Daily Jobs shows remark badges %q", got)
	}
	screenshot(t, ctx, "review-5-daily-with-ticket")
}
