package appliance_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/backupchecks/backupchecks/app/accounts"
	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/demo"
	"github.com/backupchecks/backupchecks/app/jobs"
	"github.com/backupchecks/backupchecks/app/runs"
)

// An admin switches automatic tickets on for a customer on its Autotask
// page; after the job's second failure in a row the pass makes one ticket,
// and Job Details shows it as automatic, with the rule that made it.
func TestBrowserAutomaticTickets(t *testing.T) {
	a, base := serveAppliance(t)
	ctx := newBrowser(t)
	seed := &reviewSeed{a: a, t: t, jobs: map[string]jobs.Job{}}
	if _, err := a.Accounts.Setup(accounts.NewUser{Username: "olivia", Password: browserPassword, Confirm: browserPassword}, audit.Actor{}); err != nil {
		t.Fatal(err)
	}
	job := seed.job("Acme", "Nightly")
	newest := seed.run("Nightly", runs.Failed, "disk full")
	fake, _, err := demo.Autotask(demo.AutotaskServices{Settings: a.Settings, Autotask: a.Autotask, Customers: a.Customers, Jobs: a.Jobs, Runs: a.Runs},
		1, 0, base)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(fake.Close)
	must := steps(t, ctx, "auto-tickets")
	eval, waitFor := pageJS(t, ctx, "auto-tickets")

	must("sign in", chromedp.Do(ctx, signIn(base, "olivia")...))
	must("customer page", chromedp.Do(ctx, chromedp.Navigate(fmt.Sprintf("%s/customers/%d/autotask", base, job.CustomerID)),
		chromedp.WaitVisible(`[data-testid=auto-tickets]`)))
	if got := eval("rule", `document.querySelector('[data-testid=auto-rule]').textContent`); !strings.Contains(got, "Off") {
		t.Fatalf("automatic tickets are not off by default: %q", got)
	}
	must("switch on", chromedp.Do(ctx, chromedp.Click(`[data-testid=auto-tickets] details summary`),
		chromedp.Click(`[data-testid=auto-on]`), chromedp.SetValue(`[data-testid=auto-after]`, "2"),
		chromedp.Click(`[data-testid=auto-resolve]`)))
	screenshot(t, ctx, "auto-tickets-1-form")
	must("save", chromedp.Do(ctx, chromedp.Click(`[data-testid=auto-save]`), chromedp.WaitVisible(`[data-testid=flash]`)))
	if got := eval("flash", `document.querySelector('[data-testid=flash]').textContent`); !strings.Contains(got, "ticket after 2 consecutive failed or missed runs, resolved when the job succeeds again") {
		t.Fatalf("after saving the page says %q", got)
	}

	if _, err := a.Autotask.AutoTicketPass(t.Context()); err != nil || len(fake.Tenant.Tickets()) != 0 {
		t.Fatalf("a ticket after one failure with N=2 (%v)", err)
	}
	seed.run("Nightly", runs.Failed, "disk still full") // an older run: two failures in a row now
	if _, err := a.Autotask.AutoTicketPass(t.Context()); err != nil {
		t.Fatal(err)
	}
	if n := len(fake.Tenant.Tickets()); n != 1 {
		t.Fatalf("%d tickets after two failures in a row, want 1", n)
	}
	must("job page", chromedp.Do(ctx, chromedp.Navigate(fmt.Sprintf("%s/jobs/%d", base, job.ID)), chromedp.WaitVisible(`[data-testid=auto-streak]`)))
	waitFor("automatic badge", fmt.Sprintf(`document.querySelector('[data-testid=ticket-%d] [data-testid=ticket-automatic]')`, newest.ID))
	screenshot(t, ctx, "auto-tickets-2-job")
	if got := eval("streak", `document.querySelector('[data-testid=auto-streak]').textContent`); !strings.Contains(got, fmt.Sprintf("run %d", newest.ID)) || !strings.Contains(got, "automatic ticket rule of customer Acme") {
		t.Fatalf("Job Details says %q", got)
	}
}
