package appliance_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/backupchecks/backupchecks/app/accounts"
	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/jobs"
	"github.com/backupchecks/backupchecks/app/runs"
)

// A silent job in a real browser: a job whose last report is ten days
// old, past its 3-day default bound, gets its missed run from the missed
// pass; the dashboard's card lists it with "silent for 10 days" and that
// run's sentence, linking to the job; Run Checks shows the missed run with
// the same sentence. A job that reported an hour ago is not listed.
func TestBrowserSilentJobOnDashboardAndRunChecks(t *testing.T) {
	a, base := serveAppliance(t)
	ctx := newBrowser(t)
	seed := &reviewSeed{a: a, t: t, jobs: map[string]jobs.Job{}}
	if _, err := a.Accounts.Setup(accounts.NewUser{Username: "olivia", Password: browserPassword, Confirm: browserPassword}, audit.Actor{}); err != nil {
		t.Fatal(err)
	}
	nas := seed.job("Acme Dental", "Weekly NAS")
	seed.job("Beta", "Files")
	for i, when := range []struct {
		job string
		ago time.Duration
	}{{"Weekly NAS", 10*24*time.Hour + time.Hour}, {"Files", time.Hour}} {
		if _, _, err := a.Runs.Record(runs.NewRun{JobID: seed.jobs[when.job].ID, Source: runs.FromEmail, ExternalID: fmt.Sprint("old-", i),
			Time: time.Now().Add(-when.ago), Status: runs.Success, Message: "ok"}); err != nil {
			t.Fatal(err)
		}
	}
	res, err := a.Missed.Pass()
	if err != nil || res.Silent != 1 {
		t.Fatalf("the missed pass raised %d silent periods (%v), want 1", res.Silent, err)
	}
	page, err := a.Runs.OfJob(nas.ID, "", 1)
	if err != nil || len(page.Runs) != 1 || page.Runs[0].Status != runs.Missed {
		t.Fatalf("the silent job's newest run: %+v %v", page.Runs, err)
	}
	missed := page.Runs[0]
	if !strings.HasPrefix(missed.Message, "No run since ") || !strings.Contains(missed.Message, "10 days") {
		t.Fatalf("the missed run's reason: %q", missed.Message)
	}
	if _, err := a.Watch.Refresh(); err != nil {
		t.Fatal(err)
	}

	must := steps(t, ctx, "silent")
	eval, waitFor := pageJS(t, ctx, "silent")
	must("sign in", chromedp.Do(ctx, signIn(base, "olivia")...))
	must("silent card", chromedp.Do(ctx, chromedp.WaitVisible(`[data-testid=silent-card]`)))
	if n := eval("count", `document.querySelector('[data-testid=silent-count]').textContent`); n != "1" {
		t.Fatalf("the card counts %s silent jobs, want 1", n)
	}
	entry := eval("entry", `Array.from(document.querySelectorAll('[data-testid=silent-job]')).map(e => e.innerText).join(' | ')`)
	for _, want := range []string{"Acme Dental · Weekly NAS", "silent for 10 days", missed.Message} {
		if !strings.Contains(entry, want) {
			t.Fatalf("the silent card says %q, lacking %q", entry, want)
		}
	}
	if strings.Contains(entry, "Files") {
		t.Fatalf("a job that reported an hour ago is on the card: %q", entry)
	}
	if cond := eval("condition", `(document.querySelector('[data-testid=condition-silent]')||{}).innerText||''`); !strings.Contains(cond, "Acme Dental / Weekly NAS (10 days)") {
		t.Fatalf("the 'Jobs silent' condition says %q", cond)
	}
	screenshot(t, ctx, "silent-1-dashboard")

	must("open the job", chromedp.Do(ctx, chromedp.Click(`[data-testid=silent-job] a`)))
	waitFor("job page", fmt.Sprintf(`location.pathname == '/jobs/%d'`, nas.ID))

	must("run checks", chromedp.Do(ctx, chromedp.Navigate(base+"/review"), chromedp.WaitVisible(`[data-testid=queue]`)))
	row := eval("row", fmt.Sprintf(`(document.querySelector('[data-testid=run-%d]')||{}).innerText||''`, missed.ID))
	if !strings.Contains(strings.ToLower(row), "missed") || !strings.Contains(row, missed.Message) {
		t.Fatalf("Run Checks shows the missed run as %q, want it missed with %q", row, missed.Message)
	}
	screenshot(t, ctx, "silent-2-run-checks")
}
