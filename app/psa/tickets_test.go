package psa_test

import (
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/psa"
	"github.com/backupchecks/backupchecks/app/runs"
	"github.com/backupchecks/backupchecks/app/settings"
	"github.com/backupchecks/backupchecks/integrations/autotask"
)

// Twenty operators clicking "Create Autotask ticket" on one run at the
// same moment make one ticket, and every one of them is shown it.
func TestConcurrentCreatesMakeOneTicket(t *testing.T) {
	w := newWorld(t)
	w.configure(nil)
	_, r, companyID := w.failedRun("Acme", runs.Object{Name: "DC01", Status: runs.Failed, Message: "Disk full"})

	var wg sync.WaitGroup
	results := make([]psa.CreateResult, 20)
	errs := make([]error, 20)
	for i := range results {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			results[i], errs[i] = w.svc.CreateTicket(w.ctx, r.ID, op)
		}(i)
	}
	wg.Wait()
	created := 0
	for i, err := range errs {
		if err != nil {
			t.Fatalf("click %d: %v", i, err)
		}
		if !results[i].Existing {
			created++
		}
		if results[i].Link.Number == "" || results[i].Link.Number != results[0].Link.Number {
			t.Errorf("click %d shows ticket %q, click 0 %q", i, results[i].Link.Number, results[0].Link.Number)
		}
	}
	tickets := w.tenant.Tickets()
	if len(tickets) != 1 || created != 1 {
		t.Fatalf("%d tickets in Autotask, %d clicks created one; want exactly one", len(tickets), created)
	}
	tk := tickets[0]
	if tk.CompanyID != companyID || tk.Status != 1 || tk.Priority != 1 || tk.QueueID != 29683482 || tk.Source != 8 {
		t.Errorf("ticket fields: %+v", tk)
	}
	if tk.Title != "[Backupchecks] Acme - Daily VMs - Failed" {
		t.Errorf("title %q", tk.Title)
	}
	for _, want := range []string{"DC01", "Disk full", "https://backups.msp.example/runs/", "Run time: 2026-12-01 22:00 UTC", "Status: Failed"} {
		if !strings.Contains(tk.Description, want) {
			t.Errorf("description lacks %q:\n%s", want, tk.Description)
		}
	}
	cur, _ := w.links(r.ID).Current()
	if cur.State != psa.Open || cur.TicketID != tk.ID || cur.Number != tk.Number || cur.URL == "" || cur.CreatedBy != "op" || cur.Status != "New" {
		t.Errorf("stored link %+v", cur)
	}
}

// Autotask creates the ticket but the answer never arrives: the marker
// finds it, and neither that click nor a retry makes a second one.
func TestLostCreateAnswerLinksTheTicket(t *testing.T) {
	w := newWorld(t)
	w.configure(nil)
	_, r, _ := w.failedRun("Acme")
	w.fake.LoseNextCreateAnswer()
	res, err := w.svc.CreateTicket(w.ctx, r.ID, op)
	if err != nil {
		t.Fatalf("create with a lost answer: %v", err)
	}
	again, err := w.svc.CreateTicket(w.ctx, r.ID, op)
	if err != nil || !again.Existing {
		t.Fatalf("retry: %+v, %v", again, err)
	}
	if n := len(w.tenant.Tickets()); n != 1 {
		t.Fatalf("%d tickets, want 1", n)
	}
	if res.Link.Number != w.tenant.Tickets()[0].Number {
		t.Errorf("linked %q, Autotask has %q", res.Link.Number, w.tenant.Tickets()[0].Number)
	}
}

// A reservation left by a process that died before storing Autotask's
// answer is finished by the next click, which finds the ticket by marker.
func TestCreateAfterCrashFindsTheTicket(t *testing.T) {
	w := newWorld(t)
	w.configure(nil)
	_, r, _ := w.failedRun("Acme")
	w.fake.LoseNextCreateAnswer()
	w.fake.Fail500(1) // the look-up right after the lost answer fails too: the slot stays reserved
	if _, err := w.svc.CreateTicket(w.ctx, r.ID, op); err == nil {
		t.Fatal("create with a lost answer and a failed look-up succeeded")
	}
	if cur, _ := w.links(r.ID).Current(); cur.State != psa.Pending {
		t.Fatalf("after the lost answer the slot is %q, want pending", cur.State)
	}
	w.restart()
	w.configure(nil)
	res, err := w.svc.CreateTicket(w.ctx, r.ID, op)
	if err != nil || !res.Recovered {
		t.Fatalf("after restart: %+v, %v", res, err)
	}
	if n := len(w.tenant.Tickets()); n != 1 {
		t.Fatalf("%d tickets, want 1", n)
	}
}

// A refusal by Autotask (a validation error) creates nothing and frees the
// run's slot for the next attempt.
func TestRefusedCreateFreesTheSlot(t *testing.T) {
	w := newWorld(t)
	w.configure(func(a *settings.Autotask) { a.Status = settings.Choice{ID: 12, Label: "Waiting Vendor"} }) // inactive in the fake
	_, r, _ := w.failedRun("Acme")
	_, err := w.svc.CreateTicket(w.ctx, r.ID, op)
	var apiErr *autotask.APIError
	if !errors.As(err, &apiErr) || len(apiErr.Messages) == 0 {
		t.Fatalf("create with an inactive status: %v, want Autotask's errors", err)
	}
	if len(w.tenant.Tickets()) != 0 || len(w.links(r.ID).Links) != 0 {
		t.Fatalf("a refused create left %d tickets and %d links", len(w.tenant.Tickets()), len(w.links(r.ID).Links))
	}
	w.configure(nil)
	if _, err := w.svc.CreateTicket(w.ctx, r.ID, op); err != nil {
		t.Fatalf("create after fixing the settings: %v", err)
	}
}

func TestResolve(t *testing.T) {
	cases := []struct {
		name        string
		prepare     func(w *world, ticketID int64)
		want        psa.ResolveOutcome
		wantNote    string
		wantStatus  int
		wantState   psa.LinkState
		wantDeleted bool
	}{
		{name: "no time entries: note, then complete", want: psa.Closed, wantNote: psa.NoteResolved, wantStatus: 5, wantState: psa.Resolved},
		{name: "time entries: note only, left open", prepare: func(w *world, id int64) { w.tenant.AddTimeEntry(id, 0.5) },
			want: psa.LeftOpen, wantNote: psa.NoteTimeEntries, wantStatus: 1, wantState: psa.Open},
		{name: "already complete: only recorded", prepare: func(w *world, id int64) { w.tenant.SetTicketStatus(id, 5) },
			want: psa.AlreadyComplete, wantStatus: 5, wantState: psa.Resolved},
		{name: "deleted in Autotask", prepare: func(w *world, id int64) { w.tenant.DeleteTicket(id) }, wantDeleted: true, wantState: psa.Deleted},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := newWorld(t)
			w.configure(nil)
			_, r, _ := w.failedRun("Acme")
			res, err := w.svc.CreateTicket(w.ctx, r.ID, op)
			if err != nil {
				t.Fatal(err)
			}
			id := res.Link.TicketID
			if tc.prepare != nil {
				tc.prepare(w, id)
			}
			out, _, err := w.svc.ResolveTicket(w.ctx, r.ID, op)
			if tc.wantDeleted {
				if !errors.Is(err, psa.ErrTicketDeleted) {
					t.Fatalf("resolve of a deleted ticket: %v", err)
				}
			} else if err != nil || out != tc.want {
				t.Fatalf("resolve: %q, %v; want %q", out, err, tc.want)
			}
			cur, _ := w.links(r.ID).Current()
			if cur.State != tc.wantState {
				t.Errorf("link state %q, want %q", cur.State, tc.wantState)
			}
			if tc.wantDeleted {
				return
			}
			notes := w.tenant.Notes(id)
			switch {
			case tc.wantNote == "" && len(notes) != 0:
				t.Errorf("notes %+v, want none", notes)
			case tc.wantNote != "" && (len(notes) != 1 || notes[0].Description != tc.wantNote || notes[0].Publish != 2 || notes[0].NoteType != 2):
				t.Errorf("notes %+v, want one internal note %q", notes, tc.wantNote)
			}
			if tk, _ := w.tenant.Ticket(id); tk.Status != tc.wantStatus {
				t.Errorf("ticket status %d, want %d", tk.Status, tc.wantStatus)
			}
		})
	}
}

// A ticket deleted in Autotask stays on the run as history; the run may
// then get a new ticket, and both stay visible.
func TestDeletedTicketKeepsHistoryAndAllowsANewOne(t *testing.T) {
	w := newWorld(t)
	w.configure(nil)
	_, r, _ := w.failedRun("Acme")
	first, err := w.svc.CreateTicket(w.ctx, r.ID, op)
	if err != nil {
		t.Fatal(err)
	}
	w.tenant.DeleteTicket(first.Link.TicketID)
	if err := w.svc.Sync(w.ctx); err != nil { // the scheduled task's work
		t.Fatalf("sync: %v", err)
	}
	if cur, _ := w.links(r.ID).Current(); cur.State != psa.Deleted {
		t.Fatalf("after the sync the deleted ticket's link is %q", cur.State)
	}
	if _, err := w.svc.OpenTicket(w.ctx, r.ID, op); !errors.Is(err, psa.ErrTicketDeleted) {
		t.Fatalf("open of a deleted ticket: %v", err)
	}
	second, err := w.svc.CreateTicket(w.ctx, r.ID, op)
	if err != nil || second.Existing || second.Link.TicketID == first.Link.TicketID {
		t.Fatalf("new ticket after deletion: %+v, %v", second, err)
	}
	rt := w.links(r.ID)
	if len(rt.Links) != 2 || rt.Links[0].State != psa.Deleted || rt.Links[0].Number != first.Link.Number || rt.Links[1].State != psa.Open {
		t.Fatalf("links %+v", rt.Links)
	}
}

func TestLinkExistingTicket(t *testing.T) {
	w := newWorld(t)
	w.configure(nil)
	_, r, companyID := w.failedRun("Acme")
	existing := w.tenant.AddTicket(companyID, "Backup of DC01 fails", 8)
	p, err := w.svc.PreviewTicket(w.ctx, r.ID, strings.ToLower(existing.Number))
	if err != nil || p.Ticket.ID != existing.ID || p.Company != "Acme B.V." || p.Status != "In Progress" || p.OtherCompany {
		t.Fatalf("preview: %+v, %v", p, err)
	}
	l, err := w.svc.LinkTicket(w.ctx, r.ID, existing.Number, op)
	if err != nil || !l.Linked || l.TicketID != existing.ID {
		t.Fatalf("link: %+v, %v", l, err)
	}
	if _, err := w.svc.LinkTicket(w.ctx, r.ID, existing.Number, op); err == nil {
		t.Error("a second link to a run with a ticket was accepted")
	}
	if res, err := w.svc.CreateTicket(w.ctx, r.ID, op); err != nil || !res.Existing {
		t.Errorf("create on a linked run: %+v, %v", res, err)
	}
	if _, err := w.svc.PreviewTicket(w.ctx, r.ID, "T20990101.9999"); err == nil {
		t.Error("preview of an unknown ticket number succeeded")
	}
	if len(w.tenant.Tickets()) != 1 {
		t.Errorf("%d tickets, want the one linked", len(w.tenant.Tickets()))
	}
}

// With the integration off, nothing calls Autotask: not a click, not the
// periodic work, and every stored link stays readable.
func TestDisabledMakesNoCalls(t *testing.T) {
	w := newWorld(t)
	w.configure(nil)
	_, r, _ := w.failedRun("Acme")
	if _, err := w.svc.CreateTicket(w.ctx, r.ID, op); err != nil {
		t.Fatal(err)
	}
	w.configure(func(a *settings.Autotask) { a.Enabled = false })
	before := w.fake.Calls()
	if _, err := w.svc.CreateTicket(w.ctx, r.ID, op); !errors.Is(err, psa.ErrDisabled) {
		t.Errorf("create while off: %v", err)
	}
	if _, _, err := w.svc.ResolveTicket(w.ctx, r.ID, op); !errors.Is(err, psa.ErrDisabled) {
		t.Errorf("resolve while off: %v", err)
	}
	if _, err := w.svc.OpenTicket(w.ctx, r.ID, op); !errors.Is(err, psa.ErrDisabled) {
		t.Errorf("open while off: %v", err)
	}
	if _, err := w.svc.PreviewTicket(w.ctx, r.ID, "T20260101.0001"); !errors.Is(err, psa.ErrDisabled) {
		t.Errorf("preview while off: %v", err)
	}
	if err := w.svc.Sync(w.ctx); err != nil && !errors.Is(err, psa.ErrDisabled) {
		t.Errorf("sync while off: %v", err)
	}
	if n := w.fake.Calls() - before; n != 0 {
		t.Fatalf("%d calls to Autotask while the integration is off", n)
	}
	if cur, ok := w.links(r.ID).Current(); !ok || cur.Number == "" {
		t.Error("the stored link is gone while off")
	}
	if !w.svc.ManualTicketsAllowed() {
		t.Error("manual ticket numbers are not back while off")
	}
}

// A customer whose company was deleted in Autotask cannot get a ticket,
// and the refusal says why before anything is sent.
func TestInvalidMappingBlocksTickets(t *testing.T) {
	w := newWorld(t)
	w.configure(nil)
	_, r, companyID := w.failedRun("Acme")
	w.tenant.DeleteCompany(companyID)
	if err := w.svc.Sync(w.ctx); err != nil {
		t.Fatal(err)
	}
	before := w.fake.Calls()
	_, err := w.svc.CreateTicket(w.ctx, r.ID, op)
	var refused *psa.Refused
	if !errors.As(err, &refused) {
		t.Fatalf("create for a deleted company: %v", err)
	}
	if w.fake.Calls() != before || len(w.tenant.Tickets()) != 0 {
		t.Error("a blocked create called Autotask")
	}
}

// Resolving again a ticket someone booked time on adds no second note,
// and the audit log says so rather than "note added".
func TestRepeatedResolveWithTimeEntriesSaysWhatHappened(t *testing.T) {
	w := newWorld(t)
	w.configure(nil)
	_, r, _ := w.failedRun("Acme")
	res, err := w.svc.CreateTicket(w.ctx, r.ID, op)
	if err != nil {
		t.Fatal(err)
	}
	w.tenant.AddTimeEntry(res.Link.TicketID, 1)
	for range 2 {
		if out, _, err := w.svc.ResolveTicket(w.ctx, r.ID, op); err != nil || out != psa.LeftOpen {
			t.Fatalf("resolve: %q, %v", out, err)
		}
	}
	if n := len(w.tenant.Notes(res.Link.TicketID)); n != 1 {
		t.Fatalf("%d notes, want 1", n)
	}
	p, err := w.st.List(audit.Filter{Action: audit.TicketResolve, Limit: 10})
	if err != nil || len(p.Events) != 2 {
		t.Fatalf("%d resolve events, %v", len(p.Events), err)
	}
	if last := p.Events[0].Details; !strings.Contains(last, "already noted") || strings.Contains(last, "note added") {
		t.Errorf("the second resolve is audited as %q", last)
	}
}
