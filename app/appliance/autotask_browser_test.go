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
	"github.com/backupchecks/backupchecks/integrations/autotask"
)

// An operator's Autotask morning in a real browser: map the customer to
// its company with the type-ahead, create the failed run's ticket from Run
// Checks by keyboard (t), see its number link into Autotask, resolve it,
// and mark the run reviewed from the answer.
func TestBrowserAutotaskTicketByKeyboard(t *testing.T) {
	a, base := serveAppliance(t)
	ctx := newBrowser(t)
	seed := &reviewSeed{a: a, t: t, jobs: map[string]jobs.Job{}}
	if _, err := a.Accounts.Setup(accounts.NewUser{Username: "olivia", Password: browserPassword, Confirm: browserPassword}, audit.Actor{}); err != nil {
		t.Fatal(err)
	}
	job := seed.job("Acme", "Nightly")
	failed := seed.run("Nightly", runs.Failed, "disk full")
	fake, _, err := demo.Autotask(demo.AutotaskServices{Settings: a.Settings, Autotask: a.Autotask, Customers: a.Customers, Jobs: a.Jobs, Runs: a.Runs},
		0, 0, base)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(fake.Close)

	must := steps(t, ctx, "autotask")
	eval, waitFor := pageJS(t, ctx, "autotask")

	must("sign in", chromedp.Do(ctx, signIn(base, "olivia")...))
	must("map", chromedp.Do(ctx, chromedp.Navigate(fmt.Sprintf("%s/customers/%d/autotask", base, job.CustomerID)),
		chromedp.WaitVisible(`[data-testid=mapping-none]`),
		fill(`[data-testid=company-search-input]`, "acm"),
		chromedp.WaitVisible(`[data-testid=company-map-to]`)))
	screenshot(t, ctx, "autotask-1-search")
	must("map to", chromedp.Do(ctx, chromedp.Click(`[data-testid=company-map-to]`), chromedp.WaitVisible(`[data-testid=flash]`)))
	if got := eval("mapped", `document.querySelector('[data-testid=flash]').textContent`); !strings.Contains(got, "Mapped Acme to Autotask Acme") {
		t.Fatalf("after mapping the page says %q", got)
	}

	row := fmt.Sprintf(`document.querySelector('#queue tr.qrow[data-run="%d"]')`, failed.ID)
	must("run checks", chromedp.Do(ctx, chromedp.Click(`[data-testid=nav-review]`), chromedp.WaitVisible(`[data-testid=queue]`)))
	must("press j", chromedp.Do(ctx, chromedp.KeyEvent("j")))
	must("press t", chromedp.Do(ctx, chromedp.KeyEvent("t")))
	waitFor("t asks first", `document.querySelector('[data-testid=ticket-confirm]').open`)
	must("confirm with Enter", chromedp.Do(ctx, chromedp.KeyEvent("\r")))
	waitFor("ticket number", row+`.querySelector('a[data-testid=ticket-number]')`)
	screenshot(t, ctx, "autotask-2-ticket")
	tickets := fake.Tenant.Tickets()
	if len(tickets) != 1 {
		t.Fatalf("the fake holds %d tickets after t, want 1", len(tickets))
	}
	if got := eval("number", row+`.querySelector('[data-testid=ticket-number]').textContent`); got != tickets[0].Number {
		t.Fatalf("the row shows %q, Autotask numbered the ticket %q", got, tickets[0].Number)
	}
	if href := eval("link", row+`.querySelector('[data-testid=ticket-number]').href`); !strings.HasSuffix(href, fmt.Sprintf("OpenTicketDetail&TicketID=%d", tickets[0].ID)) {
		t.Fatalf("the number links to %q", href)
	}
	if notice := eval("notice", row+`.querySelector('[data-testid=ticket-notice]').textContent`); !strings.Contains(notice, tickets[0].Number) {
		t.Fatalf("after t the row says %q", notice)
	}

	// hx-confirm asks through window.confirm; the operator says yes.
	eval("accept confirm", `window.confirm = () => true; ''`)
	must("resolve", chromedp.Do(ctx, chromedp.Click(fmt.Sprintf(`#queue tr.qrow[data-run="%d"] [data-testid=ticket-resolve]`, failed.ID))))
	waitFor("resolved", row+`.querySelector('[data-testid=ticket-review]')`)
	screenshot(t, ctx, "autotask-3-resolved")
	if got, _ := fake.Tenant.Ticket(tickets[0].ID); got.Status != autotask.StatusComplete {
		t.Fatalf("the ticket's status in Autotask is %d after resolve, want Complete", got.Status)
	}
	if notice := eval("notice", row+`.querySelector('[data-testid=ticket-notice]').textContent`); !strings.Contains(notice, "resolved") {
		t.Fatalf("after resolve the row says %q", notice)
	}
	must("mark reviewed", chromedp.Do(ctx, chromedp.Click(fmt.Sprintf(`#queue tr.qrow[data-run="%d"] [data-testid=ticket-review]`, failed.ID))))
	waitFor("reviewed", row+`.classList.contains('done')`)
	if r, _ := a.Runs.Get(failed.ID); r.Reviewed.IsZero() {
		t.Fatal("the run is not reviewed after 'Mark the run reviewed'")
	}
}
