package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/runs"
	"github.com/backupchecks/backupchecks/integrations/autotask"
)

// An admin switches automatic tickets on for a customer on its Autotask
// page; the pass makes the failing job's ticket, Job Details and the run
// page say it was made automatically and by which rule, and the job's
// next success resolves it. An operator cannot switch it.
func TestAutomaticTicketsThroughThePages(t *testing.T) {
	h := newHarness(t)
	fake := h.autotaskOn()
	cust, job, run := h.ids["customer"], h.ids["job"], h.ids["run-failed"]
	admin, op := h.login("admin"), h.login("op")

	page := bodyOf(admin.get(fmt.Sprintf("/customers/%d/autotask", cust)))
	if !strings.Contains(page, `data-testid="auto-tickets"`) || !strings.Contains(page, "Off: tickets are made only by an operator") {
		t.Fatalf("the customer's Autotask page does not show automatic tickets off by default:\n%s", page)
	}
	if rep, _ := h.app.Autotask.AutoTicketPass(t.Context()); rep.Created != 0 || len(fake.Tenant.Tickets()) != 0 {
		t.Fatal("a ticket was made automatically while nothing was switched on")
	}
	op.get(fmt.Sprintf("/jobs/%d", job))
	if r := op.post(fmt.Sprintf("/customers/%d/autotask/automatic", cust), url.Values{"mode": {"on"}, "after": {"1"}}); r.StatusCode != http.StatusForbidden {
		t.Fatalf("an operator switched automatic tickets: status %d", r.StatusCode)
	}
	form := url.Values{"mode": {"on"}, "after": {"1"}, "resolve": {"1"}}
	if r := admin.post(fmt.Sprintf("/customers/%d/autotask/automatic", cust), form); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: status %d", r.StatusCode)
	}
	if page := bodyOf(admin.get(fmt.Sprintf("/customers/%d/autotask", cust))); !strings.Contains(page, "On: ticket after 1 failed or missed run, resolved when the job succeeds again") {
		t.Fatalf("the saved rule is not shown:\n%s", page)
	}

	if _, err := h.app.Autotask.AutoTicketPass(t.Context()); err != nil {
		t.Fatal(err)
	}
	tickets := fake.Tenant.Tickets()
	if len(tickets) != 1 {
		t.Fatalf("%d tickets after the pass, want 1", len(tickets))
	}
	jobPage := bodyOf(op.get(fmt.Sprintf("/jobs/%d", job)))
	for _, want := range []string{`data-testid="ticket-automatic"`, `data-testid="auto-streak"`, "automatic ticket rule of customer Acme", fmt.Sprintf(`href="/runs/%d"`, run)} {
		if !strings.Contains(jobPage, want) {
			t.Errorf("Job Details lacks %q", want)
		}
	}
	if strings.Contains(jobPage, `data-testid="auto-form"`) {
		t.Error("an operator sees the automatic-ticket form")
	}
	if runPage := bodyOf(op.get(fmt.Sprintf("/runs/%d", run))); !strings.Contains(runPage, "Made automatically") || !strings.Contains(runPage, "ticket after 1 failed or missed run") {
		t.Error("the run page does not say the ticket was made automatically and by which rule")
	}
	if log := bodyOf(admin.get("/settings/audit?action=" + string(audit.TicketCreate))); !strings.Contains(log, "automatic ticket rule fired") {
		t.Error("the audit log does not record the rule that fired")
	}

	h.recordRun(runs.Success, "ok again")
	if _, err := h.app.Autotask.AutoTicketPass(t.Context()); err != nil {
		t.Fatal(err)
	}
	if tk, _ := fake.Tenant.Ticket(tickets[0].ID); tk.Status != autotask.StatusComplete {
		t.Errorf("the ticket's status is %d after the job succeeded again, want complete", tk.Status)
	}
	if jobPage := bodyOf(op.get(fmt.Sprintf("/jobs/%d", job))); !strings.Contains(jobPage, `data-testid="auto-ended"`) || !strings.Contains(jobPage, "resolved automatically") {
		t.Error("Job Details does not say the ticket was resolved automatically")
	}

	// The job switched off on its own page overrides the customer's rule.
	if r := admin.post(fmt.Sprintf("/jobs/%d/autotask/automatic", job), url.Values{"mode": {"off"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("job save: status %d", r.StatusCode)
	}
	h.recordRun(runs.Failed, "broken again")
	before := fake.Calls()
	if _, err := h.app.Autotask.AutoTicketPass(t.Context()); err != nil {
		t.Fatal(err)
	}
	if n := fake.Calls() - before; n != 0 || len(fake.Tenant.Tickets()) != 1 {
		t.Fatalf("%d calls with the job switched off", n)
	}
	if page := bodyOf(admin.get(fmt.Sprintf("/jobs/%d", job))); !strings.Contains(page, "this job&#39;s own setting") && !strings.Contains(page, "this job's own setting") {
		t.Error("Job Details does not say the job has its own setting")
	}
}
