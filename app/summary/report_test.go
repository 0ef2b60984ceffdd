package summary_test

import (
	"errors"
	"testing"
	"time"

	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/customers"
	"github.com/backupchecks/backupchecks/app/jobs"
	"github.com/backupchecks/backupchecks/app/missed"
	"github.com/backupchecks/backupchecks/app/remarks"
	"github.com/backupchecks/backupchecks/app/runs"
	"github.com/backupchecks/backupchecks/app/schedule"
	"github.com/backupchecks/backupchecks/app/summary"
	"github.com/backupchecks/backupchecks/storage"
)

var ams, _ = time.LoadLocation("Europe/Amsterdam")

func day(s string) schedule.Day {
	d, err := schedule.ParseDay(s)
	if err != nil {
		panic(err)
	}
	return d
}

// fixture is two weeks of two customers, hand-counted in the test below.
// Business days start at 06:00 in Amsterdam; summer time ends on Sunday
// 25 October 2026, so that business day lasts 25 hours.
type fixture struct {
	svc         *summary.Service
	acme, beta  customers.Customer
	nightly     jobs.Job
	offsite     jobs.Job
	period      summary.Period
	openTickets map[uint64]int
}

func newFixture(t *testing.T) *fixture {
	st, err := storage.Open(storage.Options{InMemory: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	cal := missed.Calendar{Clock: schedule.NewClock(ams, 6*time.Hour)}
	cs := customers.NewService(st)
	js := jobs.NewService(st, func(uint64) error { return nil })
	js.Now = func() time.Time { return time.Date(2026, 10, 1, 9, 0, 0, 0, ams) }
	rs := runs.NewService(st)
	rm := remarks.NewService(st)
	f := &fixture{openTickets: map[uint64]int{}}
	f.svc = &summary.Service{Jobs: js, Runs: rs, Customers: cs, Remarks: rm,
		OpenTickets: func() (map[uint64]int, error) { return f.openTickets, nil },
		Calendar:    func() (missed.Calendar, error) { return cal, nil },
		Now:         func() time.Time { return time.Date(2026, 11, 10, 12, 0, 0, 0, ams) }}
	op := audit.Actor{Name: "op"}
	f.acme, _ = cs.FindOrCreate("Acme", op)
	f.beta, _ = cs.FindOrCreate("Beta", op)
	job := func(c customers.Customer, name string, sc schedule.Schedule) jobs.Job {
		j, err := js.Create(jobs.NewJob{CustomerID: c.ID, Source: jobs.Email, Name: name, MatchKey: c.Name + name}, op)
		if err != nil {
			t.Fatal(err)
		}
		if j, err = js.SetSchedule(j.ID, &sc, op); err != nil {
			t.Fatal(err)
		}
		return j
	}
	f.nightly = job(f.acme, "Nightly", schedule.Schedule{Kind: schedule.Daily, Minute: 22 * 60, Grace: 4 * time.Hour})
	f.offsite = job(f.beta, "Offsite", schedule.Schedule{Kind: schedule.Weekly, Days: []time.Weekday{time.Sunday}, Minute: 22 * 60, Grace: 4 * time.Hour})
	archived := job(f.acme, "Old server", schedule.Schedule{Kind: schedule.Daily, Minute: 60, Grace: time.Hour})
	if _, err := js.SetArchived(archived.ID, true, op); err != nil {
		t.Fatal(err)
	}

	n := 0
	record := func(j jobs.Job, at time.Time, status runs.Status, overridden bool) {
		n++
		r := runs.Run{JobID: j.ID, Source: runs.FromEmail, ExternalID: time.Now().String() + string(rune('a'+n)), Time: at.UTC(), Status: status,
			Message: string(status) + " at " + at.Format(time.DateTime)}
		if overridden {
			r.Override = &runs.Applied{ID: 1, Reason: "known VSS warning", Original: runs.Warning}
		}
		if _, _, err := st.RecordRun(r, ""); err != nil {
			t.Fatal(err)
		}
	}
	at := func(d string, hh, mm int) time.Time {
		x := day(d)
		return time.Date(x.Year, x.Month, x.Date, hh, mm, 0, 0, ams)
	}
	// Nightly, at 22:00 each evening: one run per business day 19 Oct – 1 Nov,
	// and one on either side of the period.
	nightly := map[string]runs.Status{
		"2026-10-18": runs.Failed, // before the period
		"2026-10-19": runs.Success, "2026-10-20": runs.Success, "2026-10-21": runs.Failed, "2026-10-22": runs.Failed,
		"2026-10-23": runs.Missed, "2026-10-24": runs.Success, "2026-10-25": runs.Warning, "2026-10-26": runs.Success,
		"2026-10-27": runs.Success, "2026-10-28": runs.Success, "2026-10-29": runs.Failed, "2026-10-30": runs.Success,
		"2026-10-31": runs.Success, "2026-11-01": runs.Success,
		"2026-11-02": runs.Failed, // after it
	}
	for d, status := range nightly {
		record(f.nightly, at(d, 22, 0), status, d == "2026-10-26")
	}
	// The late one: 05:30 on Monday 26 Oct is still business day Sunday 25
	// (06:00 CET, an hour later in UTC than the day's 06:00 CEST start).
	record(f.offsite, at("2026-10-26", 5, 30), runs.Failed, false)

	op2 := audit.Actor{Name: "op"}
	add := func(r remarks.Remark) remarks.Remark {
		got, err := rm.Add(r, op2, "")
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	add(remarks.Remark{Kind: remarks.Note, Text: "Replace the tape drive", JobID: f.nightly.ID})
	add(remarks.Remark{Kind: remarks.Ticket, Text: "T20261021.0004", JobID: f.nightly.ID})
	done := add(remarks.Remark{Kind: remarks.Note, Text: "Resolved already", JobID: f.nightly.ID})
	if _, err := rm.Resolve(done.ID, op2); err != nil {
		t.Fatal(err)
	}
	add(remarks.Remark{Kind: remarks.Note, Text: "Moving office in November", CustomerID: f.beta.ID})
	f.openTickets[f.nightly.ID] = 1 // an Autotask ticket still open
	f.period, err = summary.PeriodOf("custom", "", "2026-10-19", "2026-11-01", day("2026-11-10"))
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func TestReportAgainstHandCountedFixture(t *testing.T) {
	f := newFixture(t)
	r, err := f.svc.Build(f.period, summary.Scope{}, summary.ByWorst)
	if err != nil {
		t.Fatal(err)
	}
	// Nightly: 14 days expected; 9 successes (one by an override), 1 warning,
	// 3 failed, 1 missed; 21, 22 failed and 23 missed in a row.
	acme := summary.Tally{Expected: 14, Success: 9, Overridden: 1, Warning: 1, Failed: 3, Missed: 1, Streak: 3}
	// Offsite: Sundays 25 Oct and 1 Nov expected, one failed run.
	beta := summary.Tally{Expected: 2, Failed: 1, Streak: 1}
	if len(r.Customers) != 2 {
		t.Fatalf("customers: %+v", r.Customers)
	}
	// Worst first: Beta (0 %) before Acme (9 of 14).
	if c := r.Customers[0]; c.Customer.Name != "Beta" || !sameTally(c.Tally, beta) || c.Jobs != 1 || c.OpenRemarks != 1 || c.OpenTickets != 0 {
		t.Errorf("first customer: %s %+v jobs %d remarks %d tickets %d; want Beta %+v with its own remark", c.Customer.Name, c.Tally, c.Jobs, c.OpenRemarks, c.OpenTickets, beta)
	}
	if c := r.Customers[1]; c.Customer.Name != "Acme" || !sameTally(c.Tally, acme) || c.Jobs != 1 || c.OpenRemarks != 1 || c.OpenTickets != 2 {
		t.Errorf("second customer: %s %+v jobs %d remarks %d tickets %d; want Acme %+v, the archived job left out, 1 remark, 2 tickets", c.Customer.Name, c.Tally, c.Jobs, c.OpenRemarks, c.OpenTickets, acme)
	}
	if rate, ok := r.Customers[1].Rate(); !ok || rate < 64.28 || rate > 64.29 {
		t.Errorf("Acme's success rate is %.2f %%, want 9/14 = 64.29 %%", rate)
	}
	if len(r.Jobs) != 2 || r.Jobs[0].Job.ID != f.offsite.ID || r.Jobs[1].Job.ID != f.nightly.ID {
		t.Errorf("jobs, worst first: %+v", r.Jobs)
	}
	total := acme
	total.Expected, total.Failed = 16, 4
	if !sameTally(r.Total, total) {
		t.Errorf("total %+v, want %+v", r.Total, total)
	}
	// Weeks from Monday: the late Offsite failure belongs to Sunday 25 Oct.
	if len(r.Weeks) != 2 || r.Weeks[0].Start != day("2026-10-19") || r.Weeks[1].Start != day("2026-10-26") {
		t.Fatalf("weeks: %+v", r.Weeks)
	}
	w1 := summary.Tally{Success: 3, Warning: 1, Failed: 3, Missed: 1}
	w2 := summary.Tally{Success: 6, Overridden: 1, Failed: 1}
	if got := r.Weeks[0].Tally; got.Success != w1.Success || got.Warning != w1.Warning || got.Failed != w1.Failed || got.Missed != w1.Missed {
		t.Errorf("week of 19 Oct: %+v, want %+v", got, w1)
	}
	if got := r.Weeks[1].Tally; got.Success != w2.Success || got.Overridden != w2.Overridden || got.Failed != w2.Failed || got.Missed != 0 || got.Warning != 0 {
		t.Errorf("week of 26 Oct: %+v, want %+v", got, w2)
	}
	if len(r.Failures) != 0 || r.Jobs[0].Days != nil {
		t.Error("the report over all customers lists no failures and no calendars")
	}
}

func TestCustomerReportHasCalendarsAndFailures(t *testing.T) {
	f := newFixture(t)
	r, err := f.svc.Build(f.period, summary.Scope{CustomerID: f.beta.ID}, summary.ByWorst)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Jobs) != 1 || len(r.Customers) != 1 || r.Customers[0].Customer.ID != f.beta.ID {
		t.Fatalf("Beta's report: %+v", r.Jobs)
	}
	days := r.Jobs[0].Days
	if len(days) != 14 || days[0].Day != day("2026-10-19") {
		t.Fatalf("calendar: %+v", days)
	}
	for i, d := range days {
		wantStatus, wantExpected := runs.Status(""), d.Day == day("2026-10-25") || d.Day == day("2026-11-01")
		if d.Day == day("2026-10-25") {
			wantStatus = runs.Failed
		}
		if d.Status != wantStatus || d.Expected != wantExpected {
			t.Errorf("day %d (%s): %q expected %v; want %q expected %v", i, d.Day, d.Status, d.Expected, wantStatus, wantExpected)
		}
	}
	if len(r.Failures) != 1 || r.Failures[0].Run.Status != runs.Failed || r.Failures[0].Job.ID != f.offsite.ID || r.Failures[0].Run.Message == "" {
		t.Errorf("failures: %+v", r.Failures)
	}

	r, err = f.svc.Build(f.period, summary.Scope{JobID: f.nightly.ID}, summary.ByWorst)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Failures) != 4 || r.Failures[0].Run.Status != runs.Failed || r.Failures[3].Run.Status != runs.Failed || !r.Failures[0].Run.Time.After(r.Failures[3].Run.Time) {
		t.Errorf("Nightly's failures, newest first: %+v", r.Failures)
	}
	if d := r.Jobs[0].Days[7]; d.Day != day("2026-10-26") || d.Status != runs.Success || !d.Overridden {
		t.Errorf("26 Oct on Nightly's calendar: %+v, want an overridden success", d)
	}
}

func TestPeriods(t *testing.T) {
	today := day("2026-12-03")
	cases := []struct {
		name, month, from, to string
		want                  string // from..to, or the error's start
	}{
		{"7d", "", "", "", "2026-11-27..2026-12-03"},
		{"", "", "", "", "2026-11-04..2026-12-03"},
		{"90d", "", "", "", "2026-09-05..2026-12-03"},
		{"month", "2026-02", "", "", "2026-02-01..2026-02-28"},
		{"month", "Feb", "", "", "Pick the month as YYYY-MM."},
		{"custom", "", "2026-10-19", "2026-11-01", "2026-10-19..2026-11-01"},
		{"custom", "", "2026-11-01", "2026-10-19", "The period ends before it starts."},
		{"custom", "", "2024-01-01", "2026-01-01", "A period may span at most"},
		{"year", "", "", "", "There is no period"},
	}
	for _, c := range cases {
		p, err := summary.PeriodOf(c.name, c.month, c.from, c.to, today)
		got := p.From.String() + ".." + p.To.String()
		if err != nil {
			if !errors.Is(err, summary.ErrPeriod) {
				t.Errorf("%q: %v is no ErrPeriod", c.name, err)
			}
			got = err.Error()
		}
		if len(got) < len(c.want) || got[:len(c.want)] != c.want {
			t.Errorf("PeriodOf(%q, %q, %q, %q) = %q, want %q", c.name, c.month, c.from, c.to, got, c.want)
		}
	}
}

func sameTally(a, b summary.Tally) bool {
	return a.Expected == b.Expected && a.Success == b.Success && a.Overridden == b.Overridden && a.Warning == b.Warning &&
		a.Failed == b.Failed && a.Missed == b.Missed && a.Streak == b.Streak
}
