package psa_test

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/backupchecks/backupchecks/app/psa"
	"github.com/backupchecks/backupchecks/app/runs"
	"github.com/backupchecks/backupchecks/app/settings"
	"github.com/backupchecks/backupchecks/integrations/autotask"
)

// autoWorld is a mapped customer's job with one failed run and the
// customer's automatic-ticket rule set to r (unless r is nil).
type autoWorld struct {
	*world
	jobID uint64
	first runs.Run
	n     int
}

func newAutoWorld(t *testing.T, r *psa.AutoRule) *autoWorld {
	w := newWorld(t)
	w.configure(func(a *settings.Autotask) { a.AllowResolve = true })
	c, run, _ := w.failedRun("Acme")
	if r != nil {
		if err := w.svc.SetCustomerAutoRule(c.ID, *r, op); err != nil {
			t.Fatal(err)
		}
	}
	return &autoWorld{world: w, jobID: run.JobID, first: run, n: 1}
}

// record adds the job's next run, an hour after the previous one.
func (w *autoWorld) record(st runs.Status) runs.Run {
	w.t.Helper()
	w.n++
	r, _, err := w.runs.Record(runs.NewRun{JobID: w.jobID, Source: runs.FromEmail, ExternalID: fmt.Sprintf("mail:%d", w.n),
		Time: w.first.Time.Add(time.Duration(w.n-1) * time.Hour), Status: st})
	if err != nil {
		w.t.Fatal(err)
	}
	return r
}

func (w *autoWorld) pass() psa.AutoReport {
	w.t.Helper()
	rep, err := w.svc.AutoTicketPass(w.ctx)
	if err != nil {
		w.t.Fatalf("pass: %v", err)
	}
	return rep
}

func (w *autoWorld) tickets() []autotask.Ticket { return w.tenant.Tickets() }

func TestAutoTicketAfterOneFailureOnePerStreak(t *testing.T) {
	w := newAutoWorld(t, &psa.AutoRule{On: true, After: 1})
	w.pass()
	if n := len(w.tickets()); n != 1 {
		t.Fatalf("%d tickets after one failed run with N=1, want 1", n)
	}
	cur, ok := w.links(w.first.ID).Current()
	if !ok || cur.State != psa.Open || !psa.IsAutomatic(cur.CreatedBy) || !strings.Contains(cur.CreatedBy, "customer Acme") {
		t.Fatalf("the run's link does not say the rule made it: %+v", cur)
	}
	w.record(runs.Failed)
	w.record(runs.Missed)
	w.pass()
	w.pass()
	if n := len(w.tickets()); n != 1 {
		t.Fatalf("%d tickets after more failures of the same streak, want 1", n)
	}
	st, _ := w.svc.AutoStreakOf(w.jobID)
	if st.RunID != w.first.ID || !st.Created {
		t.Fatalf("streak: %+v", st)
	}
}

func TestAutoTicketAfterThreeFailuresASuccessResets(t *testing.T) {
	w := newAutoWorld(t, &psa.AutoRule{On: true, After: 3})
	w.record(runs.Failed)
	w.pass()
	w.record(runs.Success)
	w.pass()
	w.record(runs.Failed)
	w.pass()
	w.record(runs.Missed)
	w.pass()
	if n := len(w.tickets()); n != 0 {
		t.Fatalf("%d tickets while no 3 failures were in a row, want 0", n)
	}
	third := w.record(runs.Failed)
	w.pass()
	if n := len(w.tickets()); n != 1 {
		t.Fatalf("%d tickets after the third failure in a row, want 1", n)
	}
	if cur, ok := w.links(third.ID).Current(); !ok || cur.State != psa.Open {
		t.Fatalf("the ticket is not on the run that made three: %+v", cur)
	}
}

func TestAutoResolveWhenTheJobSucceedsAgain(t *testing.T) {
	for _, tc := range []struct {
		name       string
		hours      float64
		wantNote   string
		wantStatus int
		wantState  psa.LinkState
	}{
		{"no time entries: closed", 0, psa.NoteResolved, autotask.StatusComplete, psa.Resolved},
		{"time entries: note only, left open", 1, psa.NoteTimeEntries, 1, psa.Open},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := newAutoWorld(t, &psa.AutoRule{On: true, After: 1, Resolve: true})
			w.pass()
			cur, _ := w.links(w.first.ID).Current()
			if tc.hours > 0 {
				w.tenant.AddTimeEntry(cur.TicketID, tc.hours)
			}
			w.record(runs.Success)
			if rep := w.pass(); tc.hours == 0 && rep.Resolved != 1 {
				t.Errorf("report %+v, want one resolved", rep)
			}
			w.pass()
			tk, _ := w.tenant.Ticket(cur.TicketID)
			if tk.Status != tc.wantStatus {
				t.Errorf("ticket status %d, want %d", tk.Status, tc.wantStatus)
			}
			notes := w.tenant.Notes(cur.TicketID)
			if len(notes) != 1 || !strings.HasPrefix(notes[0].Description, tc.wantNote) || !strings.Contains(notes[0].Description, "automatically") {
				t.Fatalf("notes %+v, want one that starts with %q and says it was automatic", notes, tc.wantNote)
			}
			if cur, _ = w.links(w.first.ID).Current(); cur.State != tc.wantState {
				t.Errorf("link state %s, want %s", cur.State, tc.wantState)
			}
			st, _ := w.svc.AutoStreakOf(w.jobID)
			if st.Active() || st.PrevRunID != w.first.ID || st.EndedHow == "" {
				t.Errorf("streak not ended: %+v", st)
			}
			// A new streak gets a new ticket.
			w.record(runs.Failed)
			w.pass()
			if n := len(w.tickets()); n != 2 {
				t.Errorf("%d tickets after a new streak, want 2", n)
			}
		})
	}
}

func TestAutoTicketConcurrentPassesMakeOne(t *testing.T) {
	w := newAutoWorld(t, &psa.AutoRule{On: true, After: 1})
	w.fake.SetDelay(20 * time.Millisecond)
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, _ = w.svc.AutoTicketPass(w.ctx)
		}()
	}
	wg.Wait()
	w.fake.SetDelay(0)
	w.pass()
	if n := len(w.tickets()); n != 1 {
		t.Fatalf("%d tickets after 8 passes at once, want 1", n)
	}
}

func TestAutoTicketLostAnswerMakesOne(t *testing.T) {
	w := newAutoWorld(t, &psa.AutoRule{On: true, After: 1})
	w.fake.LoseNextCreateAnswer()
	_, _ = w.svc.AutoTicketPass(w.ctx)
	w.pass()
	w.record(runs.Failed)
	w.pass()
	if n := len(w.tickets()); n != 1 {
		t.Fatalf("%d tickets after a lost answer, want 1", n)
	}
	if cur, _ := w.links(w.first.ID).Current(); cur.State != psa.Open || cur.Number == "" {
		t.Fatalf("link after a lost answer: %+v", cur)
	}
}

// The process stopped while Autotask held the create's answer: after a
// restart the pass goes on with the reserved streak and finds the ticket
// by its marker instead of creating another.
func TestAutoTicketRestartWithPendingReservation(t *testing.T) {
	w := newAutoWorld(t, &psa.AutoRule{On: true, After: 1})
	w.fake.HoldCreates(time.Hour)
	ctx, cancel := context.WithCancel(w.ctx)
	done := make(chan struct{})
	go func() { defer close(done); _, _ = w.svc.AutoTicketPass(ctx) }()
	for deadline := time.Now().Add(10 * time.Second); len(w.tickets()) == 0; time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the pass did not reach Autotask")
		}
	}
	cancel()
	<-done
	if cur, _ := w.links(w.first.ID).Current(); cur.State != psa.Pending {
		t.Fatalf("link before the restart: %+v, want pending", cur)
	}
	w.fake.HoldCreates(0)
	w.restart()
	w.pass()
	w.pass()
	if n := len(w.tickets()); n != 1 {
		t.Fatalf("%d tickets after the restart, want 1", n)
	}
	if cur, _ := w.links(w.first.ID).Current(); cur.State != psa.Open {
		t.Fatalf("link after the restart: %+v", cur)
	}
}

func TestAutoTicketNoCallsWhenOff(t *testing.T) {
	t.Run("integration disabled", func(t *testing.T) {
		w := newAutoWorld(t, &psa.AutoRule{On: true, After: 1, Resolve: true})
		w.configure(func(a *settings.Autotask) { a.Enabled = false })
		before := w.fake.Calls()
		w.pass()
		w.record(runs.Failed)
		w.pass()
		if n := w.fake.Calls() - before; n != 0 {
			t.Fatalf("%d calls to Autotask while the integration is off", n)
		}
	})
	t.Run("no rule for the customer", func(t *testing.T) {
		w := newAutoWorld(t, nil)
		before := w.fake.Calls()
		w.pass()
		if n := w.fake.Calls() - before; n != 0 || len(w.tickets()) != 0 {
			t.Fatalf("%d calls, %d tickets without a rule", n, len(w.tickets()))
		}
	})
	t.Run("switched off for the job", func(t *testing.T) {
		w := newAutoWorld(t, &psa.AutoRule{On: true, After: 1})
		if err := w.svc.SetJobAutoRule(w.jobID, &psa.AutoRule{On: false}, op); err != nil {
			t.Fatal(err)
		}
		before := w.fake.Calls()
		w.pass()
		if n := w.fake.Calls() - before; n != 0 || len(w.tickets()) != 0 {
			t.Fatalf("%d calls, %d tickets with the job switched off", n, len(w.tickets()))
		}
	})
	t.Run("switched off for the customer", func(t *testing.T) {
		w := newAutoWorld(t, &psa.AutoRule{On: false})
		before := w.fake.Calls()
		w.pass()
		if n := w.fake.Calls() - before; n != 0 || len(w.tickets()) != 0 {
			t.Fatalf("%d calls, %d tickets with the customer switched off", n, len(w.tickets()))
		}
	})
}

func TestAutoTicketDailyNote(t *testing.T) {
	w := newAutoWorld(t, &psa.AutoRule{On: true, After: 1, DailyNote: true})
	now := time.Date(2026, 12, 2, 8, 0, 0, 0, time.UTC)
	w.svc.Now = func() time.Time { return now }
	w.pass()
	cur, _ := w.links(w.first.ID).Current()
	w.record(runs.Failed)
	w.pass()
	if n := len(w.tenant.Notes(cur.TicketID)); n != 0 {
		t.Fatalf("%d notes within the first day, want 0", n)
	}
	now = now.Add(25 * time.Hour)
	w.pass()
	w.pass()
	notes := w.tenant.Notes(cur.TicketID)
	if len(notes) != 1 || !strings.Contains(notes[0].Description, "still failing") {
		t.Fatalf("notes after a day: %+v, want one saying it is still failing", notes)
	}
	if len(w.tickets()) != 1 {
		t.Fatal("a later failure made another ticket")
	}
}

// A rule that cannot make its ticket leaves one log line and shows in the
// Autotask health, names the job, and is not tried again every minute.
func TestAutoTicketFailureIsLoggedAndShownInHealth(t *testing.T) {
	w := newAutoWorld(t, &psa.AutoRule{On: true, After: 1})
	w.configure(func(a *settings.Autotask) { a.BaseURL = "" }) // every ticket links to its run: refused before any call
	var log strings.Builder
	w.svc.Log = slog.New(slog.NewTextHandler(&log, nil))
	if _, err := w.svc.AutoTicketPass(w.ctx); err == nil {
		t.Fatal("the pass reports no failure")
	}
	h, err := w.svc.Health()
	if err != nil {
		t.Fatal(err)
	}
	if !h.Failing() || !strings.Contains(h.Operation, "automatic ticket for job Daily VMs") || !strings.Contains(h.LastError, "base URL") {
		t.Fatalf("health after the failure: %+v", h)
	}
	if n := strings.Count(log.String(), "automatic ticket failed"); n != 1 {
		t.Fatalf("%d log lines for one failure:\n%s", n, log.String())
	}
	st, _ := w.svc.AutoStreakOf(w.jobID)
	if st.LastError == "" || st.RetryAfter.IsZero() {
		t.Fatalf("the job's streak does not keep the failure: %+v", st)
	}
	w.pass() // within the retry delay: nothing tried, nothing logged
	if n := strings.Count(log.String(), "automatic ticket failed"); n != 1 {
		t.Fatalf("the refusal was tried again at once:\n%s", log.String())
	}
	if len(w.tickets()) != 0 {
		t.Fatal("a ticket was made without a base URL")
	}
}
