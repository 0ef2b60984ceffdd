package runs_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/jobs"
	"github.com/backupchecks/backupchecks/app/runs"
	"github.com/backupchecks/backupchecks/storage"
)

type world struct {
	t    *testing.T
	runs *runs.Service
	jobs *jobs.Service
	job  jobs.Job
	n    int
}

func newWorld(t *testing.T) *world {
	st, err := storage.Open(storage.Options{InMemory: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	w := &world{t: t, runs: runs.NewService(st), jobs: jobs.NewService(st, func(uint64) error { return nil })}
	w.job, err = w.jobs.Create(jobs.NewJob{CustomerID: 1, Source: jobs.Email, Software: "Veeam", Type: "Backup", Name: "Nightly", MatchKey: "acme/nightly"}, audit.Actor{})
	if err != nil {
		t.Fatal(err)
	}
	return w
}

var day0 = time.Date(2026, 11, 2, 22, 0, 0, 0, time.UTC)

// run records a run of the job at day0 plus hours; a missed run is keyed
// as the missed-run pass keys it, on its business day.
func (w *world) run(st runs.Status, hours int) runs.Run {
	w.t.Helper()
	w.n++
	at := day0.Add(time.Duration(hours) * time.Hour)
	n := runs.NewRun{JobID: w.job.ID, Source: runs.FromEmail, ExternalID: fmt.Sprint(w.n), Time: at, Status: st}
	if st == runs.Missed {
		n.Source, n.ExternalID = runs.FromSchedule, runs.MissedID(at.Format(time.DateOnly))
	}
	r, _, err := w.runs.Record(n)
	if err != nil {
		w.t.Fatal(err)
	}
	return r
}

// recoveries answers for the given runs as Job Details and Run Checks ask.
func (w *world) recoveries(list ...runs.Run) map[uint64]runs.Recovery {
	w.t.Helper()
	j, err := w.jobs.Get(w.job.ID)
	if err != nil {
		w.t.Fatal(err)
	}
	got, err := w.runs.RecoveriesOf(j.ID, j.LastSuccess, list)
	if err != nil {
		w.t.Fatal(err)
	}
	return got
}

func TestAWarningThenASuccessIsRecoveredAtTheSuccess(t *testing.T) {
	w := newWorld(t)
	warn := w.run(runs.Warning, 0)
	ok := w.run(runs.Success, 24)
	w.run(runs.Success, 48) // a later success is not the one that recovered it
	got := w.recoveries(warn)
	if rec := got[warn.ID]; rec.RunID != ok.ID || !rec.Time.Equal(ok.Time) {
		t.Fatalf("warning recovered by %+v, want run %d at %v", rec, ok.ID, ok.Time)
	}
}

func TestAFailureThenAnotherFailureIsStillFailing(t *testing.T) {
	w := newWorld(t)
	first, second := w.run(runs.Failed, 0), w.run(runs.Failed, 24)
	if got := w.recoveries(first, second); len(got) != 0 {
		t.Fatalf("two failures and no success: %+v, want none recovered", got)
	}
}

func TestASuccessBeforeTheFailureDoesNotCount(t *testing.T) {
	w := newWorld(t)
	w.run(runs.Success, 0)
	failed := w.run(runs.Failed, 24)
	if got := w.recoveries(failed); len(got) != 0 {
		t.Fatalf("a success before the failure recovered it: %+v", got)
	}
	if j, _ := w.jobs.Get(w.job.ID); runs.Recovered(failed.Status, failed.Time, j.LastSuccess) {
		t.Fatal("the queue's cheap test counts a success before the failure")
	}
}

func TestAMissedRunThenALateSuccessIsRecovered(t *testing.T) {
	w := newWorld(t)
	missed := w.run(runs.Missed, 0)
	late := w.run(runs.Success, 30) // the next business day: it answers the job, not that day's slot
	if _, err := w.runs.Get(missed.ID); err != nil {
		t.Fatalf("the late success should not have replaced the missed run of another day: %v", err)
	}
	if rec := w.recoveries(missed)[missed.ID]; rec.RunID != late.ID {
		t.Fatalf("missed run recovered by %+v, want run %d", rec, late.ID)
	}
}

func TestEachRunIsRecoveredByTheFirstSuccessAfterIt(t *testing.T) {
	w := newWorld(t)
	f1, w1 := w.run(runs.Failed, 0), w.run(runs.Warning, 24)
	ok1 := w.run(runs.Success, 48)
	f2 := w.run(runs.Failed, 72)
	ok2 := w.run(runs.Success, 96)
	f3 := w.run(runs.Failed, 120)
	got := w.recoveries(f3, ok2, f2, ok1, w1, f1)
	want := map[uint64]uint64{f1.ID: ok1.ID, w1.ID: ok1.ID, f2.ID: ok2.ID}
	if len(got) != len(want) {
		t.Fatalf("recovered %+v, want %v (the newest failure still failing, successes never listed)", got, want)
	}
	for id, by := range want {
		if got[id].RunID != by {
			t.Fatalf("run %d recovered by %+v, want run %d", id, got[id], by)
		}
	}
}

func TestARunAnOverrideMadeSuccessfulRecoversTheFailureBeforeIt(t *testing.T) {
	w := newWorld(t)
	failed := w.run(runs.Failed, 0)
	w.runs.Adjust = func(r *runs.Run) error {
		if r.Status == runs.Warning {
			r.Override, r.Status = &runs.Applied{ID: 1, Reason: "locked files are expected", Original: r.Status}, runs.Success
		}
		return nil
	}
	overridden := w.run(runs.Warning, 24)
	if rec := w.recoveries(failed)[failed.ID]; rec.RunID != overridden.ID {
		t.Fatalf("failure recovered by %+v, want the overridden run %d", rec, overridden.ID)
	}
}
