package psa_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/backupchecks/backupchecks/app/psa"
	"github.com/backupchecks/backupchecks/integrations/autotask/autotasktest"
)

// Two appliances on one tenant, whose run IDs collide: after a lost
// answer each links only the ticket it made itself.
func TestTwoAppliancesOnOneTenantLinkOnlyTheirOwnTickets(t *testing.T) {
	fake := autotasktest.New()
	t.Cleanup(fake.Close)
	tenant := fake.AddTenant(autotasktest.TenantConfig{Zone: "AE02", Username: "api@msp.example", Secret: "s3cret",
		IntegrationCode: "BACKUPCHECKS", FirstName: "Backup", LastName: "Checks"})
	a, b := newWorldOn(t, fake, tenant), newWorldOn(t, fake, tenant)
	a.configure(nil)
	b.configure(nil)
	_, ra, companyA := a.failedRun("Acme")
	_, rb, companyB := b.failedRun("Beta")
	if ra.ID != rb.ID {
		t.Fatalf("run IDs %d and %d: the test needs them to collide", ra.ID, rb.ID)
	}

	fake.LoseNextCreateAnswer()
	resA, err := a.svc.CreateTicket(a.ctx, ra.ID, op)
	if err != nil {
		t.Fatalf("appliance A, lost answer: %v", err)
	}
	fake.LoseNextCreateAnswer()
	resB, err := b.svc.CreateTicket(b.ctx, rb.ID, op)
	if err != nil {
		t.Fatalf("appliance B, lost answer: %v", err)
	}
	if resA.Link.TicketID == resB.Link.TicketID {
		t.Fatalf("both appliances linked ticket %d", resA.Link.TicketID)
	}
	for _, c := range []struct {
		name    string
		link    psa.Link
		company int64
	}{{"A", resA.Link, companyA}, {"B", resB.Link, companyB}} {
		tk, ok := tenant.Ticket(c.link.TicketID)
		if !ok || tk.CompanyID != c.company {
			t.Errorf("appliance %s linked ticket %d of company %d, want its own company %d", c.name, c.link.TicketID, tk.CompanyID, c.company)
		}
	}
	if resA.Link.Marker == resB.Link.Marker || !strings.HasPrefix(resA.Link.Marker, "backupchecks:"+a.svc.Instance+":run:") {
		t.Errorf("markers %q and %q: want each to name its appliance", resA.Link.Marker, resB.Link.Marker)
	}
	if n := len(tenant.Tickets()); n != 2 {
		t.Errorf("%d tickets, want 2", n)
	}
}

// A reservation left from before the upgrade (a marker naming no
// appliance) finds another customer's ticket under that marker, or one
// created long before the reservation: nothing is linked or created, the
// operator reads why, and the next click creates the run's own ticket.
func TestForeignTicketUnderTheMarkerIsNeitherLinkedNorDuplicated(t *testing.T) {
	for _, tc := range []struct {
		name    string
		company func(w *world, own int64) int64
		created time.Duration // before now
		reason  string
	}{
		{"another company", func(w *world, _ int64) int64 { return w.tenant.AddCompany("Other Customer Ltd", true) }, time.Minute, "belongs to another Autotask company"},
		{"created before the reservation", func(_ *world, own int64) int64 { return own }, 40 * 24 * time.Hour, "before this run's ticket was first tried"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := newWorld(t)
			w.configure(nil)
			_, r, own := w.failedRun("Acme")
			legacy := fmt.Sprintf("backupchecks::run:%d:1", r.ID)
			foreign := w.tenant.AddTicketAt(tc.company(w, own), "Someone else's ticket", legacy, time.Now().Add(-tc.created))
			if _, _, err := w.st.ReserveTicket(r.ID, r.JobID, psa.Link{State: psa.Pending, Marker: legacy, Created: time.Now().Add(-time.Hour / 2), CreatedBy: "op"}); err != nil {
				t.Fatal(err)
			}

			_, err := w.svc.CreateTicket(w.ctx, r.ID, op)
			var refused *psa.Refused
			if !errors.As(err, &refused) || !strings.Contains(refused.Reason, tc.reason) || !strings.Contains(refused.Reason, "Nothing was linked or created") {
				t.Fatalf("create: %v, want a refusal saying %q", err, tc.reason)
			}
			cur, _ := w.links(r.ID).Current()
			if cur.TicketID != 0 || cur.State != psa.Pending || cur.Marker == legacy {
				t.Fatalf("after the refusal the link is %+v: want still pending under a new marker", cur)
			}
			if n := len(w.tenant.Tickets()); n != 1 {
				t.Fatalf("%d tickets after the refusal, want only the foreign one", n)
			}

			res, err := w.svc.CreateTicket(w.ctx, r.ID, op)
			if err != nil {
				t.Fatalf("the next click: %v", err)
			}
			tk, _ := w.tenant.Ticket(res.Link.TicketID)
			if res.Link.TicketID == foreign.ID || tk.CompanyID != own || tk.ExternalID != cur.Marker {
				t.Errorf("the next click linked %+v, want a new ticket of company %d under %q", tk, own, cur.Marker)
			}
			if n := len(w.tenant.Tickets()); n != 2 {
				t.Errorf("%d tickets, want 2", n)
			}
		})
	}
}
