package review_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/psa"
	"github.com/backupchecks/backupchecks/app/remarks"
	"github.com/backupchecks/backupchecks/app/review"
	"github.com/backupchecks/backupchecks/app/runs"
	"github.com/backupchecks/backupchecks/app/settings"
)

func TestQueueTellsRecoveredRunsFromStillFailingOnes(t *testing.T) {
	w := newWorld(t)
	a, b := w.job("Acme", "Nightly"), w.job("Beta", "Files")
	early := w.run(a, runs.Failed, 5)
	warn := w.run(a, runs.Warning, 4)
	ok := w.run(a, runs.Success, 3)
	later := w.run(a, runs.Failed, 2) // after the success: still failing
	stuck := w.run(b, runs.Failed, 6)

	q, err := w.svc.Page(review.Filter{}, 200)
	if err != nil {
		t.Fatal(err)
	}
	if q.Counts.Recovered != 2 || q.Counts.Total() != 4 {
		t.Fatalf("counts %+v, want 2 of 4 recovered", q.Counts)
	}
	for _, r := range []runs.Run{early, warn} {
		if rec := q.Recovered[r.ID]; rec.RunID != ok.ID || !rec.Time.Equal(ok.Time) {
			t.Fatalf("run %d shows recovered %+v, want by run %d at %v", r.ID, rec, ok.ID, ok.Time)
		}
	}
	if _, shown := q.Recovered[later.ID]; shown || len(q.Recovered) != 2 {
		t.Fatalf("recovered notes %+v: the failure after the success and Beta's are still failing", q.Recovered)
	}

	q, _ = w.svc.Page(review.Filter{Recovery: review.Recovered}, 200)
	if got := order(q); fmt.Sprint(got) != "[Acme/Nightly/failed Acme/Nightly/warning]" {
		t.Fatalf("recovered filter: %v", got)
	}
	q, _ = w.svc.Page(review.Filter{Recovery: review.StillFailing}, 200)
	if got := order(q); fmt.Sprint(got) != "[Acme/Nightly/failed Beta/Files/failed]" || q.Groups[0].Jobs[0].Runs[0].ID != later.ID {
		t.Fatalf("still-failing filter: %v", got)
	}
	if q.Groups[1].Jobs[0].Runs[0].ID != stuck.ID {
		t.Fatalf("still failing: Beta's run %d missing", stuck.ID)
	}
	q, _ = w.svc.Page(review.Filter{Recovery: review.Recovered, Status: runs.Warning}, 200)
	if got := order(q); fmt.Sprint(got) != "[Acme/Nightly/warning]" {
		t.Fatalf("recovered warnings: %v", got)
	}
	if v1, _ := w.svc.Version(review.Filter{Recovery: review.Recovered}); v1 == q.Version {
		t.Fatal("the recovery filter must change the version")
	}
}

func TestReviewAllRecoveredReviewsExactlyTheCountedRuns(t *testing.T) {
	w := newWorld(t)
	a, b := w.job("Acme", "Nightly"), w.job("Beta", "Files")
	w.run(a, runs.Failed, 5)
	w.run(a, runs.Missed, 4)
	w.run(a, runs.Success, 3)
	later := w.run(a, runs.Warning, 2)
	w.run(b, runs.Failed, 3)
	w.run(b, runs.Success, 1)
	op := audit.Actor{Name: "op"}

	if n, err := w.svc.ReviewRecovered(review.Filter{}, 2, op); !errors.Is(err, review.ErrRecoveredChanged) || n != 0 {
		t.Fatalf("a stale count of 2 (3 are recovered) reviewed %d runs, err %v", n, err)
	}
	if n, err := w.svc.ReviewRecovered(review.Filter{CustomerID: b.CustomerID}, 1, op); n != 1 || err != nil {
		t.Fatalf("Beta's recovered run: %d %v", n, err)
	}
	if n, err := w.svc.ReviewRecovered(review.Filter{}, 2, op); n != 2 || err != nil {
		t.Fatalf("the rest: %d %v", n, err)
	}
	if n, err := w.svc.ReviewRecovered(review.Filter{}, 2, op); n != 0 || !errors.Is(err, review.ErrRecoveredChanged) {
		t.Fatalf("a second click reviewed %d runs, err %v", n, err)
	}
	q, _ := w.svc.Page(review.Filter{}, 200)
	if got := order(q); fmt.Sprint(got) != "[Acme/Nightly/warning]" || q.Groups[0].Jobs[0].Runs[0].ID != later.ID {
		t.Fatalf("left in the queue: %v, want only the warning after the success", got)
	}
	if r, _ := w.svc.Runs.Get(q.Groups[0].Jobs[0].Runs[0].ID); !r.Reviewed.IsZero() {
		t.Fatal("the still-failing run was reviewed")
	}
}

// recoveryReview is the automatic review wired to Settings → General as
// the appliance wires it, and a switch for the setting.
func recoveryReview(w *world) (*review.AutoReview, func(bool)) {
	set := settings.NewService(w.st)
	auto := &review.AutoReview{Review: w.svc, Enabled: func() bool {
		g, err := set.General()
		return err == nil && g.ReviewWhenRecovered
	}}
	return auto, func(on bool) {
		g, err := set.General()
		if err != nil {
			w.t.Fatal(err)
		}
		g.ReviewWhenRecovered = on
		if _, err := set.SaveGeneral(g, audit.Actor{Name: "admin"}); err != nil {
			w.t.Fatal(err)
		}
	}
}

func TestAutoReviewWhenAJobSucceedsAgain(t *testing.T) {
	w := newWorld(t)
	a, old := w.job("Acme", "Nightly"), w.job("Acme", "Old server")
	failed := w.run(a, runs.Failed, 6)
	warn := w.run(a, runs.Warning, 5)
	missed := w.run(a, runs.Missed, 4)
	ok := w.run(a, runs.Success, 3)
	after := w.run(a, runs.Failed, 2)
	archived := w.run(old, runs.Failed, 6)
	w.run(old, runs.Success, 5)
	if _, err := w.svc.Jobs.SetArchived(old.ID, true, audit.Actor{}); err != nil {
		t.Fatal(err)
	}
	tickets, rems := w.linkTicketAndRemark(failed)

	auto, turn := recoveryReview(w)
	if n, err := auto.Pass(); n != 0 || err != nil {
		t.Fatalf("with the setting as a new appliance has it a pass reviewed %d runs (%v); it is off by default", n, err)
	}
	turn(true)
	if n, err := auto.Pass(); n != 3 || err != nil {
		t.Fatalf("pass reviewed %d runs (%v), want the failure, warning and missed run before the success", n, err)
	}
	for _, r := range []runs.Run{failed, warn, missed} {
		if got, _ := w.svc.Runs.Get(r.ID); got.Reviewed.IsZero() || got.ReviewedBy != runs.ReviewedByRecovery {
			t.Fatalf("%s run after the pass: reviewed %v by %q", r.Status, got.Reviewed, got.ReviewedBy)
		}
	}
	for name, r := range map[string]runs.Run{"the failure after the success": after, "the archived job's failure": archived} {
		if got, _ := w.svc.Runs.Get(r.ID); !got.Reviewed.IsZero() {
			t.Fatalf("%s was reviewed", name)
		}
	}
	evs := w.reviewEvents()
	if len(evs) != 1 || evs[0].Actor != "" || evs[0].IP != "appliance" || evs[0].Target != "3 runs" ||
		!strings.Contains(evs[0].Details, fmt.Sprintf("succeeded again in run %d", ok.ID)) ||
		!strings.Contains(evs[0].Details, fmt.Sprintf("%d, %d, %d", failed.ID, warn.ID, missed.ID)) {
		t.Fatalf("audit %+v, want one event by the appliance naming run %d and the runs it recovered", evs, ok.ID)
	}
	if t2, r2 := w.ticketAndRemarks(failed); t2 != tickets || r2 != rems {
		t.Fatalf("the run's ticket link and remarks changed:\n%s\n%s\nwere\n%s\n%s", t2, r2, tickets, rems)
	}

	if n, err := auto.Pass(); n != 0 || err != nil || len(w.reviewEvents()) != 1 {
		t.Fatalf("a second pass reviewed %d runs (%v), %d audit events", n, err, len(w.reviewEvents()))
	}
	// An operator who puts a run back keeps it until the job succeeds again.
	w.svc.Runs.Unreview([]uint64{warn.ID}, audit.Actor{Name: "op"})
	if n, _ := auto.Pass(); n != 0 {
		t.Fatalf("the pass reviewed a run the operator put back %d time(s)", n)
	}
	next := w.run(a, runs.Success, 1)
	if n, _ := auto.Pass(); n != 2 {
		t.Fatalf("after the next success the pass reviewed %d runs, want the put-back warning and the later failure", n)
	}
	if evs := w.reviewEvents(); !strings.Contains(evs[0].Details, fmt.Sprintf("succeeded again in run %d (", next.ID)) {
		t.Fatalf("newest audit %+v does not name run %d", evs[0], next.ID)
	}
}

func (w *world) reviewEvents() []audit.Event {
	w.t.Helper()
	p, err := w.st.List(audit.Filter{Action: audit.RunReview, Limit: 50})
	if err != nil {
		w.t.Fatal(err)
	}
	return p.Events
}

// linkTicketAndRemark gives r an open Autotask ticket and a ticket remark,
// and returns both as stored.
func (w *world) linkTicketAndRemark(r runs.Run) (string, string) {
	w.t.Helper()
	link := psa.Link{TicketID: 42, Number: "T20261120.0042", State: psa.Open, Status: "New", Created: w.at, CreatedBy: "op"}
	if err := w.st.SaveRunTickets(psa.RunTickets{RunID: r.ID, JobID: r.JobID, Links: []psa.Link{link}}, nil); err != nil {
		w.t.Fatal(err)
	}
	if _, err := w.st.CreateRemark(remarks.Remark{Kind: remarks.Ticket, Text: "T20261120.0042", RunID: r.ID, JobID: r.JobID, From: r.Time, By: "op", Created: w.at},
		audit.Event{Action: audit.RemarkAdd}); err != nil {
		w.t.Fatal(err)
	}
	return w.ticketAndRemarks(r)
}

func (w *world) ticketAndRemarks(r runs.Run) (string, string) {
	w.t.Helper()
	rt, err := w.st.RunTickets(r.ID)
	if err != nil {
		w.t.Fatal(err)
	}
	rs, err := w.st.Remarks()
	if err != nil {
		w.t.Fatal(err)
	}
	return fmt.Sprintf("%+v", rt), fmt.Sprintf("%+v", rs)
}
