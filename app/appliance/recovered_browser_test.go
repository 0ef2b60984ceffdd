package appliance_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/backupchecks/backupchecks/app/accounts"
	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/jobs"
	"github.com/backupchecks/backupchecks/app/runs"
)

// Recovered runs in a real browser: Run Checks says when a failed run's job
// succeeded again, the "recovered" filter lists exactly those runs, and
// "Review all recovered (N)" takes those N out of the queue while a run
// that is still failing stays.
func TestBrowserRunChecksRecoveredRuns(t *testing.T) {
	a, base := serveAppliance(t)
	ctx := newBrowser(t)
	seed := &reviewSeed{a: a, t: t, jobs: map[string]jobs.Job{}}
	if _, err := a.Accounts.Setup(accounts.NewUser{Username: "olivia", Password: browserPassword, Confirm: browserPassword}, audit.Actor{}); err != nil {
		t.Fatal(err)
	}
	g, _ := a.Settings.General()
	g.TimeZone = "Europe/Amsterdam"
	if _, err := a.Settings.SaveGeneral(g, audit.Actor{Name: "test"}); err != nil {
		t.Fatal(err)
	}
	seed.job("Acme", "Nightly")
	seed.job("Acme", "SQL")
	seed.job("Beta", "Files")
	base0 := time.Now().Add(-6 * time.Hour).Truncate(time.Minute)
	at := func(job string, st runs.Status, hours int, msg string) runs.Run {
		seed.n++
		r, _, err := a.Runs.Record(runs.NewRun{JobID: seed.jobs[job].ID, Source: runs.FromEmail, ExternalID: fmt.Sprint(seed.n),
			Time: base0.Add(time.Duration(hours) * time.Hour), Status: st, Message: msg})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	failed := at("Nightly", runs.Failed, 0, "disk full")
	ok := at("Nightly", runs.Success, 2, "fine again")
	warn := at("SQL", runs.Warning, 1, "log backup slow")
	at("SQL", runs.Success, 3, "fine")
	stuck := at("Files", runs.Failed, 1, "agent offline")
	newest := at("Files", runs.Failed, 4, "agent still offline")

	must := steps(t, ctx, "recovered")
	eval, waitFor := pageJS(t, ctx, "recovered")
	rows := func() string {
		return eval("rows", `Array.from(document.querySelectorAll('#queue tr.qrow')).map(r => r.dataset.run).sort().join(',')`)
	}
	note := func(id uint64) string {
		return eval("note", fmt.Sprintf(`(document.querySelector('#run-%d [data-testid=recovered]')||{}).textContent||''`, id))
	}
	must("sign in", chromedp.Do(ctx, append(signIn(base, "olivia"),
		chromedp.Click(`[data-testid=nav-review]`),
		chromedp.WaitVisible(`[data-testid=queue]`))...))

	amsterdam, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		t.Fatal(err)
	}
	if want := "recovered " + ok.Time.In(amsterdam).Format("2006-01-02 15:04"); strings.TrimSpace(note(failed.ID)) != want {
		t.Fatalf("the failed run says %q, want %q (the success's time in the UI zone)", note(failed.ID), want)
	}
	if n := note(stuck.ID); n != "" {
		t.Fatalf("a run whose job never succeeded since says %q", n)
	}
	screenshot(t, ctx, "recovered-1-queue")

	must("recovered filter", chromedp.Do(ctx,
		chromedp.SetValue(`[data-testid=recovery-filter]`, "recovered"),
		chromedp.Submit(`[data-testid=review-filter]`)))
	waitFor("filtered", `location.search.includes('recovery=recovered')`)
	waitFor("queue", `document.querySelector('[data-testid=queue]')`)
	if got, want := rows(), sortedIDs(failed.ID, warn.ID); got != want {
		t.Fatalf("the recovered filter lists runs %s, want %s", got, want)
	}
	screenshot(t, ctx, "recovered-2-filter")

	must("whole queue", chromedp.Do(ctx, chromedp.Navigate(base+"/review"), chromedp.WaitVisible(`[data-testid=queue]`)))
	if got, want := rows(), sortedIDs(failed.ID, warn.ID, stuck.ID, newest.ID); got != want {
		t.Fatalf("the whole queue lists runs %s, want %s", got, want)
	}
	if label := eval("button", `document.querySelector('[data-testid=review-recovered]').textContent`); strings.TrimSpace(label) != "Review all recovered (2)" {
		t.Fatalf("the bulk button says %q", label)
	}
	must("review all recovered", chromedp.Do(ctx, chromedp.Click(`[data-testid=review-recovered]`)))
	waitFor("recovered runs gone", fmt.Sprintf(`!document.querySelector('[data-testid=run-%d]') && !document.querySelector('[data-testid=run-%d]')`, failed.ID, warn.ID))
	if got, want := rows(), sortedIDs(stuck.ID, newest.ID); got != want {
		t.Fatalf("after the bulk review the queue lists %s, want only the still-failing runs %s", got, want)
	}
	for _, id := range []uint64{failed.ID, warn.ID} {
		if r, _ := a.Runs.Get(id); r.ReviewedBy != "olivia" {
			t.Fatalf("run %d after the bulk review: reviewed by %q", id, r.ReviewedBy)
		}
	}
	if r, _ := a.Runs.Get(stuck.ID); !r.Reviewed.IsZero() {
		t.Fatal("the still-failing run was reviewed")
	}
	if eval("button gone", `String(!!document.querySelector('[data-testid=review-recovered]'))`) != "false" {
		t.Fatal("the button is still offered with nothing recovered left")
	}
	screenshot(t, ctx, "recovered-3-reviewed")
}

// sortedIDs is how rows() lists run IDs: as strings, sorted.
func sortedIDs(ids ...uint64) string {
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = fmt.Sprint(id)
	}
	slices.Sort(s) // as JavaScript's sort() orders strings
	return strings.Join(s, ",")
}
