package appliance_test

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/backupchecks/backupchecks/app/accounts"
	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/jobs"
	"github.com/backupchecks/backupchecks/app/runs"
)

// An operator opens Reports, sees the weekly trend drawn and the worst
// customer first, opens that customer's report with its calendar, narrows
// the period, and opens the printable view.
func TestBrowserReports(t *testing.T) {
	a, base := serveAppliance(t)
	ctx := newBrowser(t)
	if _, err := a.Accounts.Setup(accounts.NewUser{Username: "olivia", Password: browserPassword, Confirm: browserPassword}, audit.Actor{}); err != nil {
		t.Fatal(err)
	}
	by := audit.Actor{Name: "seed"}
	n := 0
	seed := func(customer, name string, status func(day int) runs.Status) jobs.Job {
		c, err := a.Customers.FindOrCreate(customer, by)
		if err != nil {
			t.Fatal(err)
		}
		j, err := a.Jobs.Create(jobs.NewJob{CustomerID: c.ID, Source: jobs.Email, Software: "Veeam Backup & Replication", Type: "Backup Job",
			Name: name, MatchKey: customer + "/" + name}, by)
		if err != nil {
			t.Fatal(err)
		}
		for day := 1; day <= 40; day++ {
			n++
			st := status(day)
			if _, _, err := a.Runs.Record(runs.NewRun{JobID: j.ID, Source: runs.FromEmail, ExternalID: strconv.Itoa(n),
				Time: time.Now().AddDate(0, 0, -day), Status: st, Message: fmt.Sprintf("%s %d days ago", st, day)}); err != nil {
				t.Fatal(err)
			}
		}
		return j
	}
	seed("Acme", "Nightly", func(day int) runs.Status {
		switch day % 5 {
		case 0:
			return runs.Failed
		case 1:
			return runs.Warning
		}
		return runs.Success
	})
	seed("Beta", "Files", func(int) runs.Status { return runs.Success })

	must := steps(t, ctx, "reports")
	eval, waitFor := pageJS(t, ctx, "reports")
	must("sign in", chromedp.Do(ctx, append(signIn(base, "olivia"),
		chromedp.Click(`[data-testid=nav-reports]`),
		chromedp.WaitVisible(`[data-testid=report-trend]`))...))
	screenshot(t, ctx, "reports")

	if weeks := eval("weeks", `String(document.querySelectorAll('[data-testid=trend-week]').length)`); weeks != "5" && weeks != "6" {
		t.Errorf("30 days drawn as %s weekly bars, want 5 or 6", weeks)
	}
	// The bars take their colours from the page's CSS: a failed segment is
	// filled (not black, not none) and taller than nothing.
	fill := eval("bar colour", `getComputedStyle(document.querySelector('[data-testid=report-trend] rect.bar-bad')).fill`)
	if fill == "" || fill == "none" || fill == "rgb(0, 0, 0)" {
		t.Errorf("failed bars are filled %q", fill)
	}
	if first := eval("worst customer", `document.querySelector('[data-testid=report-customers] tbody tr').innerText`); !strings.HasPrefix(first, "Acme") {
		t.Errorf("the first customer row is %q, want Acme (worst)", first)
	}
	if rate := eval("rate", `document.querySelector('[data-testid=report-rate]').innerText`); rate == "—" || rate == "100.0 %" {
		t.Errorf("the overall success rate reads %q", rate)
	}

	must("open Acme", chromedp.Do(ctx, chromedp.Click(`[data-testid=report-customers] tbody tr a`)))
	waitFor("calendar", `document.querySelector('[data-testid=report-calendar]')`)
	if cells := eval("cells", `String(document.querySelectorAll('[data-testid=report-calendar] .cell').length)`); cells != "30" {
		t.Errorf("Acme's calendar has %s days, want 30", cells)
	}
	if bad := eval("failed days", `String(document.querySelectorAll('[data-testid=report-calendar] .cell.bad').length)`); bad != "5" {
		t.Errorf("Acme's calendar shows %s failed days, want 5 (every fifth day back, none yet today)", bad)
	}
	if failures := eval("failures", `document.querySelector('[data-testid=report-failures]').innerText`); !strings.Contains(failures, "failed 5 days ago") {
		t.Errorf("the failures list: %q", failures)
	}

	must("last 7 days", chromedp.Do(ctx, chromedp.SetValue(`[data-testid=report-period]`, "7d"), chromedp.Click(`[data-testid=report-show]`)))
	waitFor("7-day calendar", `document.querySelectorAll('[data-testid=report-calendar] .cell').length === 7`)
	if title := eval("title", `document.querySelector('[data-testid=report-title]').innerText`); !strings.HasPrefix(title, "Acme") || !strings.Contains(title, "7 business days") {
		t.Errorf("the report's title: %q", title)
	}

	href := eval("print link", `document.querySelector('[data-testid=report-print]').href`)
	must("printable view", chromedp.Do(ctx, chromedp.Navigate(href), chromedp.WaitVisible(`[data-testid=print-head]`)))
	screenshot(t, ctx, "report-print")
	if nav := eval("nav", `String(!!document.querySelector('[data-testid=nav]'))`); nav != "false" {
		t.Error("the printable view has the navigation")
	}
	if cells := eval("print cells", `String(document.querySelectorAll('[data-testid=report-calendar] .cell').length)`); cells != "7" {
		t.Errorf("the printable view's calendar has %s days, want the form's 7", cells)
	}
}
