package daily_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/customers"
	"github.com/backupchecks/backupchecks/app/daily"
	"github.com/backupchecks/backupchecks/app/jobs"
	"github.com/backupchecks/backupchecks/app/missed"
	"github.com/backupchecks/backupchecks/app/runs"
	"github.com/backupchecks/backupchecks/app/schedule"
	"github.com/backupchecks/backupchecks/storage"
)

var ams, _ = time.LoadLocation("Europe/Amsterdam")

// Saturday 2026-11-21, with the business day starting at 06:00.
var sat = schedule.Day{Year: 2026, Month: time.November, Date: 21}

func local(d schedule.Day, hh, mm int) time.Time {
	return time.Date(d.Year, d.Month, d.Date, hh, mm, 0, 0, ams)
}

type world struct {
	t   *testing.T
	svc *daily.Service
	now time.Time
	n   int
}

func newWorld(t *testing.T) *world {
	st, err := storage.Open(storage.Options{InMemory: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	cs := customers.NewService(st)
	w := &world{t: t}
	cal := missed.Calendar{Clock: schedule.NewClock(ams, 6*time.Hour)}
	rs := runs.NewService(st)
	rs.DayOf = func(t time.Time) string { return cal.Clock.DayOf(t).String() }
	w.svc = &daily.Service{Jobs: jobs.NewService(st, func(uint64) error { return nil }), Runs: rs, Customers: cs,
		Calendar: func() (missed.Calendar, error) { return cal, nil }, Now: func() time.Time { return w.now }}
	return w
}

func (w *world) job(customer, name string, kind schedule.Kind, hh int) jobs.Job {
	c, _ := w.svc.Customers.FindOrCreate(customer, audit.Actor{})
	j, err := w.svc.Jobs.Create(jobs.NewJob{CustomerID: c.ID, Source: jobs.Email, Name: name, MatchKey: customer + name}, audit.Actor{})
	if err != nil {
		w.t.Fatal(err)
	}
	j, err = w.svc.Jobs.SetSchedule(j.ID, &schedule.Schedule{Kind: kind, Minute: hh * 60, Grace: 4 * time.Hour}, audit.Actor{Name: "op"})
	if err != nil {
		w.t.Fatal(err)
	}
	return j
}

func (w *world) run(j jobs.Job, at time.Time, st runs.Status) {
	w.n++
	src := runs.FromEmail
	if st == runs.Missed {
		src = runs.FromSchedule
	}
	if _, _, err := w.svc.Runs.Record(runs.NewRun{JobID: j.ID, Source: src, ExternalID: fmt.Sprint(w.n), Time: at, Status: st}); err != nil {
		w.t.Fatal(err)
	}
}

// rows flattens a board to "customer/job:status" (plus "*" for unscheduled).
func rows(b daily.Board) []string {
	var out []string
	for _, g := range b.Groups {
		for _, r := range g.Rows {
			s := g.Customer.Name + "/" + r.Job.Name + ":" + r.Status()
			if r.Unscheduled {
				s += "*"
			}
			out = append(out, s)
		}
	}
	return out
}

func TestDailyBoard(t *testing.T) {
	w := newWorld(t)
	nightly := w.job("Acme", "Nightly", schedule.Daily, 22)
	office := w.job("Acme", "Office", schedule.Weekdays, 21)
	late := w.job("Beta", "Late", schedule.Daily, 23)
	early := w.job("Beta", "Early", schedule.Daily, 1) // 01:00 belongs to the day before with a 06:00 start
	gone := w.job("Beta", "Gone", schedule.Daily, 20)
	never := w.job("Zeta", "Ad hoc", schedule.None, 0)
	w.svc.Jobs.SetArchived(gone.ID, true, audit.Actor{})

	w.run(nightly, local(sat, 22, 5), runs.Failed)
	w.run(nightly, local(sat, 23, 30), runs.Success) // a retry: the latest counts
	w.run(office, local(sat, 21, 0), runs.Warning)   // ran on a Saturday
	w.run(early, local(sat.Add(1), 1, 10), runs.Success)
	w.run(never, local(sat, 12, 0), runs.Success)
	w.run(nightly, local(sat.Add(1), 22, 0), runs.Failed) // the next day: not on this board

	w.now = local(sat, 23, 45)
	b, err := w.svc.Board(sat, daily.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	want := "[Acme/Nightly:success Acme/Office:warning* Beta/Early:success Beta/Late:pending Zeta/Ad hoc:success*]"
	if got := fmt.Sprint(rows(b)); got != want {
		t.Fatalf("board\n got %s\nwant %s", got, want)
	}
	if len(b.Groups[0].Rows[0].Runs) != 2 {
		t.Fatal("the earlier failed attempt is not kept beside the retry")
	}

	w.now = local(sat.Add(1), 3, 30) // Late's grace (23:00 + 4 h) has passed without a missed run
	b, _ = w.svc.Board(sat, daily.Filter{Status: "no run"})
	if got := fmt.Sprint(rows(b)); got != "[Beta/Late:no run]" || b.Counts["success"] != 3 || b.Total != 5 {
		t.Fatalf("status filter: %s, counts %v", got, b.Counts)
	}
	w.run(late, local(sat, 23, 0), runs.Missed)
	b, _ = w.svc.Board(sat, daily.Filter{CustomerID: late.CustomerID})
	if got := fmt.Sprint(rows(b)); got != "[Beta/Early:success Beta/Late:missed]" {
		t.Fatalf("customer filter with the missed run: %s", got)
	}
}
