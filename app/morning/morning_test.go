package morning_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/customers"
	"github.com/backupchecks/backupchecks/app/jobs"
	"github.com/backupchecks/backupchecks/app/morning"
	"github.com/backupchecks/backupchecks/app/runs"
	"github.com/backupchecks/backupchecks/app/schedule"
	"github.com/backupchecks/backupchecks/storage"
)

var ams, _ = time.LoadLocation("Europe/Amsterdam")

// Thursday 3 and Friday 4 December 2026; the business day starts at 06:00.
var (
	thu = schedule.Day{Year: 2026, Month: time.December, Date: 3}
	fri = thu.Add(1)
)

func at(d schedule.Day, hh, mm int) time.Time {
	return time.Date(d.Year, d.Month, d.Date, hh, mm, 0, 0, ams)
}

type world struct {
	t    *testing.T
	svc  *morning.Service
	now  time.Time
	jobs map[string]jobs.Job
	n    int
}

// newWorld is the stores on real Badger, with the business day of
// Settings → General starting at 06:00 in Amsterdam.
func newWorld(t *testing.T) *world {
	st, err := storage.Open(storage.Options{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	clock := schedule.NewClock(ams, 6*time.Hour)
	rs := runs.NewService(st)
	rs.DayOf = func(t time.Time) string { return clock.DayOf(t).String() }
	w := &world{t: t, jobs: map[string]jobs.Job{}}
	w.svc = &morning.Service{Runs: rs, Jobs: jobs.NewService(st, func(uint64) error { return nil }), Customers: customers.NewService(st),
		Clock: func() (schedule.Clock, error) { return clock, nil }, Now: func() time.Time { return w.now }, Generation: st.Generation}
	return w
}

func (w *world) job(customer, name string) jobs.Job {
	w.t.Helper()
	c, err := w.svc.Customers.FindOrCreate(customer, audit.Actor{})
	if err != nil {
		w.t.Fatal(err)
	}
	j, err := w.svc.Jobs.Create(jobs.NewJob{CustomerID: c.ID, Source: jobs.Email, Name: name, MatchKey: customer + "/" + name}, audit.Actor{})
	if err != nil {
		w.t.Fatal(err)
	}
	w.jobs[customer+"/"+name] = j
	return j
}

func (w *world) run(j jobs.Job, t time.Time, st runs.Status) {
	w.t.Helper()
	w.n++
	src := runs.FromEmail
	if st == runs.Missed {
		src = runs.FromSchedule
	}
	if _, _, err := w.svc.Runs.Record(runs.NewRun{JobID: j.ID, Source: src, ExternalID: fmt.Sprint(w.n), Time: t, Status: st}); err != nil {
		w.t.Fatal(err)
	}
}

func (w *world) view() morning.Morning {
	w.t.Helper()
	m, err := w.svc.View()
	if err != nil {
		w.t.Fatal(err)
	}
	return m
}

// lines is "customer: day failed/missed/warning, …" per line, in order.
func lines(m morning.Morning) []string {
	var out []string
	for _, l := range m.Lines {
		s := l.Name + ":"
		for _, d := range l.Days {
			s += fmt.Sprintf(" %s %d/%d/%d", morning.Short(d.Day), d.Failed, d.Missed, d.Warning)
		}
		out = append(out, s)
	}
	return out
}

// At 09:37 on Friday, last night's failures (runs at 22:00 Thursday and
// at 03:00 Friday, before the 06:00 start) are the previous business
// day's, named as such, worst customer first; they stay past the day's
// end until someone reviews them, and then leave.
func TestLastNightShowsAsThePreviousBusinessDayUntilReviewed(t *testing.T) {
	w := newWorld(t)
	acme1, acme2 := w.job("Acme", "File server"), w.job("Acme", "SQL")
	globex, initech := w.job("Globex", "DC"), w.job("Initech", "NAS")
	w.run(acme1, at(thu, 22, 0), runs.Failed)
	w.run(acme2, at(fri, 3, 0), runs.Failed) // before 06:00: still Thursday's business day
	w.run(acme2, at(fri, 4, 0), runs.Missed)
	w.run(globex, at(fri, 2, 30), runs.Missed)
	w.run(globex, at(fri, 7, 15), runs.Warning) // this morning: today's
	w.run(initech, at(thu, 21, 0), runs.Warning)
	w.run(initech, at(thu, 23, 0), runs.Success) // reviewed by nobody, but a success needs no attention by default

	w.now = at(fri, 9, 37)
	m := w.view()
	if m.Today != fri || m.Previous != thu {
		t.Fatalf("at 09:37 on Friday the view's today is %s and previous %s", m.Today, m.Previous)
	}
	if got := m.Label(m.Previous); got != "Thu 3 Dec (business day from 06:00)" {
		t.Errorf("the previous business day reads %q", got)
	}
	want := []string{"Acme: Thu 3 Dec 2/1/0", "Globex: Fri 4 Dec 0/0/1 Thu 3 Dec 0/1/0", "Initech: Thu 3 Dec 0/0/1"}
	if got := lines(m); !slices.Equal(got, want) {
		t.Errorf("the morning view at 09:37:\n got %q\nwant %q", got, want)
	}
	if p := m.Of(thu); p.Failed != 2 || p.Missed != 2 {
		t.Errorf("the previous business day counts %+v, want 2 failed and 2 missed", p)
	}
	if today := m.Of(fri); today.Failed != 0 || today.Warning != 1 {
		t.Errorf("today counts %+v, want 1 warning", today)
	}

	// Late on Friday evening nobody has looked: Thursday's runs are still there.
	w.now = at(fri, 23, 50)
	if got := lines(w.view()); !slices.Equal(got, want) {
		t.Errorf("unreviewed runs left the view by themselves: %q", got)
	}
	// Saturday morning: Thursday is now "earlier", still waiting.
	w.now = at(fri.Add(1), 9, 37)
	if m := w.view(); m.Earlier().Failed != 2 || m.Lines[0].Name != "Acme" {
		t.Errorf("on Saturday Thursday's failures are gone: %q", lines(m))
	}

	// An operator reviews Acme's runs: Acme leaves, the rest stay.
	n, err := w.svc.Runs.ReviewWhere(func(e runs.QueueEntry) bool { return e.JobID == acme1.ID || e.JobID == acme2.ID }, audit.Actor{Name: "op"}, "test")
	if err != nil || n != 3 {
		t.Fatalf("reviewing Acme's runs: %d, %v", n, err)
	}
	w.now = at(fri, 9, 38)
	if got := lines(w.view()); !slices.Equal(got, want[1:]) {
		t.Errorf("after reviewing Acme: %q", got)
	}
}

// Silent jobs rank after missed and before warning; archived jobs' runs
// count nowhere, as in Run Checks.
func TestWorstFirstWithSilentJobs(t *testing.T) {
	clock := schedule.NewClock(time.UTC, 6*time.Hour)
	now := time.Date(2026, 12, 4, 9, 37, 0, 0, time.UTC)
	js := []jobs.Job{{ID: 1, CustomerID: 10}, {ID: 2, CustomerID: 20}, {ID: 3, CustomerID: 30}, {ID: 4, CustomerID: 40}, {ID: 5, CustomerID: 50, Archived: true}}
	cs := []customers.Customer{{ID: 10, Name: "Warned"}, {ID: 20, Name: "Quiet"}, {ID: 30, Name: "Missing"}, {ID: 40, Name: "Broken"}, {ID: 50, Name: "Archived"}}
	q := []runs.QueueEntry{
		{RunID: 1, JobID: 1, Severity: runs.Warning.Severity(), Time: now.Add(-time.Hour)},
		{RunID: 2, JobID: 3, Severity: runs.Missed.Severity(), Time: now.Add(-8 * time.Hour)},
		{RunID: 3, JobID: 4, Severity: runs.Failed.Severity(), Time: now.Add(-2 * time.Hour)},
		{RunID: 4, JobID: 5, Severity: runs.Failed.Severity(), Time: now.Add(-2 * time.Hour)},
	}
	m := morning.Build(morning.Input{Now: now, Clock: clock, Queue: q, Jobs: js, Customers: cs,
		Silent: []jobs.Judged{{Job: js[1]}}, Waiting: morning.Waiting{Mails: 2, Cove: 54}})
	var names []string
	for _, l := range m.Lines {
		names = append(names, l.Name)
	}
	if want := []string{"Broken", "Missing", "Quiet", "Warned"}; !slices.Equal(names, want) {
		t.Errorf("order %q, want %q", names, want)
	}
	if m.Queue.Total() != 3 || m.Silent != 1 || m.Waiting.Total() != 56 {
		t.Errorf("totals: queue %+v, silent %d, waiting %+v", m.Queue, m.Silent, m.Waiting)
	}
}

// The watch's backlog reads Queue: runs of archived jobs are not in it,
// as they are not in Run Checks or the morning view.
func TestQueueLeavesOutArchivedJobs(t *testing.T) {
	w := newWorld(t)
	kept, gone := w.job("Acme", "Kept"), w.job("Acme", "Archived")
	w.run(kept, at(thu, 22, 0), runs.Failed)
	w.run(gone, at(thu, 22, 0), runs.Failed)
	if _, err := w.svc.Jobs.SetArchived(gone.ID, true, audit.Actor{Name: "op"}); err != nil {
		t.Fatal(err)
	}
	w.now = at(fri, 9, 37)
	q, err := w.svc.Queue()
	if err != nil {
		t.Fatal(err)
	}
	if len(q) != 1 || q[0].JobID != kept.ID || w.view().Queue.Total() != 1 {
		t.Errorf("the queue holds %+v; the view counts %d", q, w.view().Queue.Total())
	}
	if all, _ := w.svc.Runs.Unreviewed(); len(all) != 2 {
		t.Errorf("Queue changed the shared unreviewed list: %d entries left", len(all))
	}
}
