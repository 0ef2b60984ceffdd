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
	"github.com/backupchecks/backupchecks/app/settings"
)

// The dashboard in Chromium at 1440 and 390 px: it leads with what needs
// review (the customer with last night's failures first), the page never
// scrolls sideways on a phone, and a customer's line opens Run Checks on
// that customer.
func TestBrowserDashboardMorningView(t *testing.T) {
	a, base := serveAppliance(t)
	ctx := newBrowser(t)
	by := audit.Actor{Name: "seed"}
	g := settings.DefaultGeneral()
	g.DayStart = "06:00"
	if _, err := a.Settings.SaveGeneral(g, by); err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	seed := func(customer, job string, sts ...runs.Status) uint64 {
		t.Helper()
		cu, err := a.Customers.Create(customer, by)
		if err != nil {
			t.Fatal(err)
		}
		j, err := a.Jobs.Create(jobs.NewJob{CustomerID: cu.ID, Source: jobs.Email, Name: job, MatchKey: customer + "/" + job}, by)
		if err != nil {
			t.Fatal(err)
		}
		for i, st := range sts {
			src := runs.FromEmail
			if st == runs.Missed {
				src = runs.FromSchedule
			}
			if _, _, err := a.Runs.Record(runs.NewRun{JobID: j.ID, Source: src, ExternalID: fmt.Sprint(customer, i), Time: now.Add(-time.Duration(i+1) * time.Hour),
				Status: st, Message: "the backup of a very long server name with no spaces at all: " + strings.Repeat("x", 120)}); err != nil {
				t.Fatal(err)
			}
		}
		return cu.ID
	}
	seed("Initech with a long customer name that has to wrap on a phone", "NAS", runs.Warning)
	worst := seed("Globex", "File server", runs.Failed, runs.Failed, runs.Missed)
	if _, err := a.Accounts.Setup(accounts.NewUser{Username: "olivia", Password: browserPassword, Confirm: browserPassword}, audit.Actor{}); err != nil {
		t.Fatal(err)
	}
	must := steps(t, ctx, "dashboard-morning")
	eval, _ := pageJS(t, ctx, "dashboard-morning")
	must("sign in", chromedp.Do(ctx, signIn(base, "olivia")...))
	for _, width := range []int64{1440, 390} {
		must(fmt.Sprint("dashboard at ", width), chromedp.Do(ctx, chromedp.EmulateViewport(width, 900), chromedp.Navigate(base+"/"),
			chromedp.WaitVisible(`[data-testid=morning-lines]`)))
		screenshot(t, ctx, fmt.Sprintf("dashboard-%d", width))
		if over := eval("overflow", `String(document.documentElement.scrollWidth - window.innerWidth)`); over != "0" {
			t.Errorf("at %d px the dashboard scrolls sideways by %s px", width, over)
		}
		first := eval("first line", `document.querySelector('[data-testid=morning-lines] > li').textContent`)
		if !strings.Contains(first, "Globex") || !strings.Contains(first, "2 failed, 1 missed") {
			t.Errorf("at %d px the first line is %q, not Globex's failures", width, strings.Join(strings.Fields(first), " "))
		}
		if top := eval("lead first", `String(document.querySelector('[data-testid=morning]').getBoundingClientRect().top < document.querySelector('[data-testid=ops]').getBoundingClientRect().top)`); top != "true" {
			t.Errorf("at %d px the morning view is not above the cards", width)
		}
	}
	must("open Run Checks from the line", chromedp.Do(ctx,
		chromedp.Click(fmt.Sprintf(`[data-testid=morning-lines] a[href="/review?customer=%d"]`, worst)),
		chromedp.WaitVisible(`main`)))
	if u := eval("url", `location.pathname + location.search`); u != fmt.Sprintf("/review?customer=%d", worst) {
		t.Errorf("the line opened %s", u)
	}
}
