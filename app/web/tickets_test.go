package web_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/demo"
	"github.com/backupchecks/backupchecks/app/psa"
	"github.com/backupchecks/backupchecks/app/secret"
)

// autotaskOn connects the harness to the demo's fake Autotask, configured
// as an admin would, with Acme mapped to its company.
func (h *harness) autotaskOn() *demo.AutotaskFake {
	h.t.Helper()
	a := h.app
	fake, _, err := demo.Autotask(demo.AutotaskServices{Settings: a.Settings, Autotask: a.Autotask, Customers: a.Customers, Jobs: a.Jobs, Runs: a.Runs},
		1, 0, "https://backups.msp.example")
	if err != nil {
		h.t.Fatal(err)
	}
	h.t.Cleanup(fake.Close)
	return fake
}

// The ticket actions as the pages answer them: an operator creates the
// failed run's ticket, a second click creates nothing, the reporter sees
// the number and no action, the audit log has it; switched off, no page,
// click or scheduled task calls Autotask and the link stays visible.
func TestTicketActionsThroughThePages(t *testing.T) {
	h := newHarness(t)
	fake := h.autotaskOn()
	run := h.ids["run-failed"]
	op, rep, admin := h.login("op"), h.login("rep"), h.login("admin")
	op.get("/review") // the CSRF token

	_, cell := op.hx("POST", fmt.Sprintf("/runs/%d/ticket", run), url.Values{"place": {"row"}})
	tickets := fake.Tenant.Tickets()
	if len(tickets) != 1 || !strings.Contains(cell, "Created Autotask ticket "+tickets[0].Number) {
		t.Fatalf("create: %d tickets; the cell says %s", len(tickets), cell)
	}
	if tickets[0].Title != "[Backupchecks] Acme - Nightly - Failed" {
		t.Errorf("the ticket's title is %q", tickets[0].Title)
	}
	_, again := op.hx("POST", fmt.Sprintf("/runs/%d/ticket", run), url.Values{"place": {"row"}})
	if !strings.Contains(again, "already has ticket "+tickets[0].Number) || len(fake.Tenant.Tickets()) != 1 {
		t.Fatalf("a second click: %s", again)
	}

	page := bodyOf(rep.get("/review"))
	if !strings.Contains(page, tickets[0].Number) || strings.Contains(page, `data-testid="ticket-create"`) || strings.Contains(page, `data-testid="ticket-resolve"`) {
		t.Error("the reporter's Run Checks does not show the ticket number without actions")
	}
	if page := bodyOf(op.get(fmt.Sprintf("/jobs/%d", h.ids["job"]))); !strings.Contains(page, tickets[0].Number) || !strings.Contains(page, `data-testid="ticket-resolve"`) {
		t.Error("Job Details does not show the operator the ticket and its resolve action")
	}
	if log := bodyOf(admin.get("/settings/audit?action=" + string(audit.TicketCreate))); !strings.Contains(log, tickets[0].Number) {
		t.Error("the audit log does not name the created ticket")
	}

	// Off: everything a user or the scheduler can do reaches no Autotask.
	cfg, err := h.app.Settings.Autotask()
	if err != nil {
		t.Fatal(err)
	}
	cfg.Enabled = false
	if _, err := h.app.Settings.SaveAutotask(cfg, secret.Value{}, audit.Actor{Name: "test"}); err != nil {
		t.Fatal(err)
	}
	before := fake.Calls()
	for _, sc := range scenarios {
		if sc.method == "GET" {
			admin.get(sc.url(h))
			op.get(sc.url(h))
		}
	}
	for _, action := range []string{"ticket", "ticket/resolve", "ticket/preview", "ticket/link"} {
		op.hx("POST", fmt.Sprintf("/runs/%d/%s", run, action), url.Values{"number": {tickets[0].Number}})
	}
	op.get(fmt.Sprintf("/runs/%d/ticket/open", run))
	if err := psa.NewSyncer(h.app.Autotask).Tick(t.Context()); err != nil {
		t.Fatal(err)
	}
	if n := fake.Calls() - before; n != 0 {
		t.Fatalf("%d calls to Autotask while the integration is off", n)
	}
	if page := bodyOf(rep.get("/review")); !strings.Contains(page, tickets[0].Number) {
		t.Error("the stored ticket link is not shown while the integration is off")
	}
}
