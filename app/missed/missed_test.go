package missed_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/customers"
	"github.com/backupchecks/backupchecks/app/jobs"
	"github.com/backupchecks/backupchecks/app/missed"
	"github.com/backupchecks/backupchecks/app/runs"
	"github.com/backupchecks/backupchecks/app/schedule"
	"github.com/backupchecks/backupchecks/storage"
)

var ams, _ = time.LoadLocation("Europe/Amsterdam")

type world struct {
	t    *testing.T
	svc  *missed.Service
	cal  missed.Calendar
	now  time.Time
	jobs *jobs.Service
	runs *runs.Service
	cust customers.Customer
	// created is when new jobs were approved: by default the start of the test's history.
	created time.Time
}

func newWorld(t *testing.T, now time.Time) *world {
	st, err := storage.Open(storage.Options{InMemory: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	cs := customers.NewService(st)
	cu, _ := cs.Create("Acme", audit.Actor{})
	w := &world{t: t, now: now, cust: cu, cal: missed.Calendar{Clock: schedule.NewClock(ams, 0)}, created: time.Date(2026, 1, 1, 0, 0, 0, 0, ams)}
	w.jobs = jobs.NewService(st, func(uint64) error { return nil })
	w.jobs.Now = func() time.Time { return w.created }
	w.runs = runs.NewService(st)
	w.runs.DayOf = func(t time.Time) string { return w.cal.Clock.DayOf(t).String() }
	w.svc = &missed.Service{Jobs: w.jobs, Runs: w.runs, Now: func() time.Time { return w.now },
		Calendar: func() (missed.Calendar, error) { return w.cal, nil }}
	return w
}

// job creates a job whose history is one run per day (where keep says so)
// at hh:mm local from start for days days.
func (w *world) job(name string, start schedule.Day, days, hh, mm int, keep func(schedule.Day) bool) jobs.Job {
	return w.jobOf(jobs.NewJob{Source: jobs.Email, Name: name}, start, days, hh, mm, keep)
}

// jobOf is job for a job of another source, software or type.
func (w *world) jobOf(n jobs.NewJob, start schedule.Day, days, hh, mm int, keep func(schedule.Day) bool) jobs.Job {
	n.CustomerID, n.MatchKey = w.cust.ID, n.Name
	j, err := w.jobs.Create(n, audit.Actor{})
	if err != nil {
		w.t.Fatal(err)
	}
	for i := 0; i < days; i++ {
		d := start.Add(i)
		if keep(d) {
			w.run(j, time.Date(d.Year, d.Month, d.Date, hh, mm, 0, 0, ams))
		}
	}
	return j
}

func (w *world) run(j jobs.Job, at time.Time) {
	if _, _, err := w.runs.Record(runs.NewRun{JobID: j.ID, Source: runs.FromEmail, ExternalID: at.String(), Time: at, Status: runs.Success}); err != nil {
		w.t.Fatal(err)
	}
}

func (w *world) pass() missed.Result {
	w.t.Helper()
	res, err := w.svc.Pass()
	if err != nil {
		w.t.Fatal(err)
	}
	return res
}

// missedDays lists the days of the job's missed runs.
func (w *world) missedDays(j jobs.Job) []string {
	p, _ := w.runs.OfJob(j.ID, "", 1000)
	var out []string
	for _, r := range p.Runs {
		if r.Status == runs.Missed {
			out = append([]string{w.cal.Clock.DayOf(r.Time).String()}, out...) // oldest first
		}
	}
	return out
}

func every(schedule.Day) bool { return true }

var oct1 = schedule.Day{Year: 2026, Month: time.October, Date: 1}

// at is a local time on day offset n from oct1.
func at(n, hh, mm int) time.Time {
	d := oct1.Add(n)
	return time.Date(d.Year, d.Month, d.Date, hh, mm, 0, 0, ams)
}

func TestAMissedSlotIsRecordedOnceAfterItsGrace(t *testing.T) {
	w := newWorld(t, at(20, 23, 0))
	j := w.job("Nightly", oct1, 20, 22, 10, every) // ran Oct 1–20, not on the 21st
	if res := w.pass(); res.Inferred != 1 || res.Missed != 0 {
		t.Fatalf("before the grace of the 21st ends: %+v", res)
	}
	w.now = at(21, 2, 9) // 22:10 + 4 h is 02:10
	if w.pass().Missed != 0 {
		t.Fatal("missed before the grace ended")
	}
	w.now = at(21, 2, 11)
	if res := w.pass(); res.Missed != 1 {
		t.Fatalf("after the grace: %+v", res)
	}
	w.pass()
	if got := w.missedDays(j); fmt.Sprint(got) != "[2026-10-21]" {
		t.Fatalf("missed days after two passes: %v", got)
	}
	// The report was only late: it supersedes the missed run.
	w.run(j, at(20, 23, 55))
	if got := w.missedDays(j); len(got) != 0 {
		t.Fatalf("a late run left the missed run: %v", got)
	}
	if w.pass().Missed != 0 {
		t.Fatal("the pass raised the superseded day again")
	}
}

func TestNoMissedRunsBeforeTheDailyJobsStartOrForArchivedJobs(t *testing.T) {
	w := newWorld(t, at(30, 12, 0))
	gap := func(d schedule.Day) bool { return d.Sub(oct1) < 20 || d.Sub(oct1) > 25 } // silent Oct 21–26
	a := w.job("A", oct1, 31, 22, 10, gap)
	b := w.job("B", oct1, 31, 22, 10, gap)
	if _, err := w.jobs.SetArchived(b.ID, true, audit.Actor{}); err != nil {
		t.Fatal(err)
	}
	w.cal.Start = oct1.Add(23) // Oct 24
	w.pass()
	if got := w.missedDays(a); fmt.Sprint(got) != "[2026-10-24 2026-10-25 2026-10-26]" {
		t.Fatalf("missed from the daily-jobs start on: %v", got)
	}
	if got := w.missedDays(b); len(got) != 0 {
		t.Fatalf("archived job got missed runs: %v", got)
	}
	// A job approved today has nothing missed before today, whatever its history.
	w.created = w.now
	c := w.job("C", oct1, 31, 22, 10, gap)
	w.pass()
	if got := w.missedDays(c); len(got) != 0 {
		t.Fatalf("missed runs before the job existed: %v", got)
	}
}

func TestWeekendsOfAWeekdaysJobAreNotMissed(t *testing.T) {
	w := newWorld(t, at(0, 0, 0))
	workdays := func(d schedule.Day) bool { return d.Weekday() != time.Saturday && d.Weekday() != time.Sunday }
	j := w.job("Office", oct1, 28, 21, 0, workdays)
	w.pass() // infers Mon–Fri, checks nothing before today
	w.now = at(27, 12, 0)
	for day := 28; day < 42; day++ { // two more weeks of weekday runs
		if workdays(oct1.Add(day)) {
			w.run(j, at(day, 21, 0))
		}
		w.now = at(day+1, 3, 0)
		w.pass()
	}
	if got := w.missedDays(j); len(got) != 0 {
		t.Fatalf("weekends raised missed runs: %v", got)
	}
}

// A job at 02:30 local every night across the spring-forward night, when
// 02:30 does not exist and the report says 03:30: no missed run and no
// second slot, passing every hour through the change.
func TestDaylightSavingNeitherMissesNorDoubles(t *testing.T) {
	start := schedule.Day{Year: 2026, Month: time.March, Date: 1}
	local := func(d schedule.Day, hh, mm int) time.Time {
		return time.Date(d.Year, d.Month, d.Date, hh, mm, 0, 0, ams)
	}
	w := newWorld(t, local(start.Add(20), 12, 0))
	j := w.job("Night", start, 21, 2, 30, every)
	w.pass()
	for i := 21; i < 35; i++ { // Mar 22 – Apr 4, through the change on Mar 29
		d := start.Add(i)
		w.run(j, local(d, 2, 30)) // Go puts the nonexistent 02:30 on Mar 29 at 03:30 CEST
		for h := 0; h < 24; h++ {
			w.now = local(d, h, 45)
			w.pass()
		}
	}
	if got := w.missedDays(j); len(got) != 0 {
		t.Fatalf("DST produced missed runs: %v", got)
	}
	// And across the autumn change at the same time of night.
	w2 := newWorld(t, at(0, 12, 0))
	j2 := w2.job("Night", oct1, 40, 2, 30, every) // through Oct 25, when 02:30 happens twice
	w2.now = at(40, 12, 0)
	w2.svc.Pass()
	jj, _ := w2.jobs.Get(j2.ID)
	if jj.Inferred.Kind != schedule.Daily || jj.Inferred.Minute != 150 {
		t.Fatalf("inferred across the autumn change: %s", jj.Inferred.Explain())
	}
}
