package missed_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/jobs"
	"github.com/backupchecks/backupchecks/app/missed"
	"github.com/backupchecks/backupchecks/app/runs"
	"github.com/backupchecks/backupchecks/app/schedule"
	"github.com/backupchecks/backupchecks/app/silence"
)

// Each history ends on day end (the job is approved then, as a Cove
// account is approved with its history), then the job goes silent for
// three weeks while the pass runs every three hours. The bound and the
// missed runs raised must be exact; a second pass, a restart, a clock set
// back and forth, and two passes at once raise nothing more.
func TestSyntheticHistoriesGetTheirBoundAndExactlyTheirMissedRuns(t *testing.T) {
	end := oct1.Add(59) // Nov 29, a Sunday
	irregular := map[int]bool{}
	gaps := []int{1, 3, 2, 4, 2, 1, 3} // runs 1 to 4 days apart, on no weekly pattern
	for d, i := 0, 0; d < 60; d, i = d+gaps[i%len(gaps)], i+1 {
		irregular[d] = true
	}
	cases := []struct {
		name     string
		days     int // of history up to end; 60 when zero
		job      jobs.NewJob
		keep     func(schedule.Day) bool
		setting  *silence.Setting
		basis    silence.Basis
		bound    time.Duration
		missed   []string // business days of the missed runs, oldest first
		sentence string   // what the first missed run says, in part
	}{
		{name: "daily with holes", keep: func(d schedule.Day) bool { return d.Sub(oct1)%5 != 2 || d == end },
			basis: silence.BySchedule, bound: 28 * time.Hour, missed: daysFrom(end.Add(1), 20), sentence: "expected daily around 22:10"},
		{name: "weekdays", keep: func(d schedule.Day) bool {
			return d.Weekday() != time.Saturday && d.Weekday() != time.Sunday || d == end
		},
			basis: silence.BySchedule, bound: 76 * time.Hour, missed: weekdaysFrom(end.Add(1), 20), sentence: "expected Mon–Fri around 22:10"},
		{name: "weekly on Sunday", keep: func(d schedule.Day) bool { return d.Weekday() == time.Sunday },
			basis: silence.BySchedule, bound: 7*silence.Day + 4*time.Hour, missed: []string{"2026-12-06", "2026-12-13"}, sentence: "expected on Sun around 22:10"},
		{name: "monthly on the 29th", days: 150, keep: func(d schedule.Day) bool { return d.Date == 29 || d == end },
			basis: silence.ByHistory, bound: 31 * silence.Day, missed: nil}, // five runs are too few for a monthly schedule in 60 days; the gaps say 31 days
		{name: "irregular", keep: func(d schedule.Day) bool { return irregular[d.Sub(oct1)] || d == end },
			basis: silence.ByHistory, bound: 5 * silence.Day, missed: []string{"2026-12-04"}, sentence: "this job ran about every 2 days"}, // longest gap 4 days 1 h, over the end of summer time
		{name: "two runs ever", keep: func(d schedule.Day) bool { return d == end || d == end.Add(-1) },
			basis: silence.ByDefault, bound: 3 * silence.Day, missed: []string{"2026-12-02"}, sentence: "the default for servers and mail jobs is a run at least every 3 days"},
		{name: "Microsoft 365, none since approval", job: jobs.NewJob{Source: jobs.Cove, Type: "Microsoft 365"}, keep: func(schedule.Day) bool { return false },
			basis: silence.ByDefault, bound: 2 * silence.Day, missed: []string{"2026-12-01"}, sentence: "No run since the job was approved on Sun 29 Nov"},
		{name: "workstation", job: jobs.NewJob{Source: jobs.Cove, Type: "Workstation"}, keep: every,
			basis: silence.ByKind, bound: 3 * silence.Day, missed: []string{"2026-12-02"}, sentence: "No run since Sun 29 Nov, 3 days"},
		{name: "runs by hand", keep: func(d schedule.Day) bool { return irregular[d.Sub(oct1)] },
			setting: &silence.Setting{ByHand: true, Reason: "restore tests"}, basis: silence.ByHand},
		{name: "set to ten days", keep: every, setting: &silence.Setting{Days: 10},
			basis: silence.BySetting, bound: 10 * silence.Day, missed: []string{"2026-12-09"}, sentence: "an operator expects a run at least every 10 days"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := newWorld(t, at(59, 23, 0))
			w.created = at(59, 23, 0)
			c.job.Name = "J"
			if c.job.Source == "" {
				c.job.Source = jobs.Email
			}
			if c.days == 0 {
				c.days = 60
			}
			j := w.jobOf(c.job, end.Add(1-c.days), c.days, 22, 10, c.keep)
			if c.setting != nil {
				if _, err := w.jobs.SetSilence(j.ID, c.setting, audit.Actor{Name: "ann"}); err != nil {
					t.Fatal(err)
				}
			}
			for h := 0; h <= 21*24; h += 3 {
				w.now = at(59, 23, 0).Add(time.Duration(h) * time.Hour)
				w.pass()
			}
			jj, _ := w.jobs.Get(j.ID)
			b := jj.Bound(silence.DefaultDefaults())
			if b.Basis != c.basis || b.Span != c.bound {
				t.Fatalf("bound %s %v (%s), want %s %v", b.Basis, b.Span, b.Explain(), c.basis, c.bound)
			}
			if got := w.missedDays(j); fmt.Sprint(got) != fmt.Sprint(c.missed) {
				t.Fatalf("missed days %v\nwant        %v", got, c.missed)
			}
			if len(c.missed) > 0 {
				if first := w.missedRuns(j)[0]; !strings.Contains(first.Message, c.sentence) {
					t.Errorf("the first missed run says %q, want it to hold %q", first.Message, c.sentence)
				}
			}
			w.assertNothingMore(t, j)
		})
	}
}

// assertNothingMore passes again, as a restarted appliance, with the clock
// set back a week and forward again, and twice at once: nothing is raised.
func (w *world) assertNothingMore(t *testing.T, j jobs.Job) {
	t.Helper()
	before := w.missedDays(j)
	w.pass()
	restarted := &missed.Service{Jobs: w.jobs, Runs: w.runs, Now: w.svc.Now, Calendar: w.svc.Calendar}
	if res, err := restarted.Pass(); err != nil || res.Missed != 0 {
		t.Fatalf("a restarted pass: %+v, %v", res, err)
	}
	now := w.now
	w.now = now.Add(-7 * silence.Day)
	w.pass()
	w.now = now
	w.pass()
	done := make(chan error)
	for range 2 {
		go func() { _, err := w.svc.Pass(); done <- err }()
	}
	for range 2 {
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
	if after := w.missedDays(j); fmt.Sprint(after) != fmt.Sprint(before) {
		t.Fatalf("passes after the first raised more: %v, was %v", after, before)
	}
}

// A silent period ends with the job's next run; the next silence is a new
// period with a missed run of its own, and a late report of the day the
// silence was raised replaces that missed run.
func TestTheNextRunEndsASilentPeriod(t *testing.T) {
	w := newWorld(t, at(0, 12, 0))
	w.created = at(0, 12, 0)
	j := w.jobOf(jobs.NewJob{Source: jobs.Cove, Type: "Workstation", Name: "LT07"}, oct1, 1, 9, 0, every)
	w.now = at(3, 9, 1) // three days after its run
	if res := w.pass(); res.Silent != 1 {
		t.Fatalf("three days silent: %+v", res)
	}
	w.run(j, at(5, 8, 0)) // back on the 6th
	w.now = at(8, 8, 0)
	w.pass()
	if got := w.missedDays(j); fmt.Sprint(got) != "[2026-10-04 2026-10-09]" {
		t.Fatalf("two silent periods: %v", got)
	}
	w.run(j, at(8, 8, 30)) // the report of the 9th arrives late
	if got := w.missedDays(j); fmt.Sprint(got) != "[2026-10-04]" {
		t.Fatalf("the late report of the 9th left its missed run: %v", got)
	}
}

// A job silent since long before the pass first looks (a Cove device whose
// last session is 107 days old at its approval) gets one missed run, dated
// today so the morning's review and digest show it, with the reason.
func TestAJobSilentForMonthsIsToldOnceToday(t *testing.T) {
	w := newWorld(t, at(0, 12, 0))
	j := w.jobOf(jobs.NewJob{Source: jobs.Cove, Type: "Server", Name: "FS01"}, oct1, 60, 21, 0, every)
	w.now = at(59+107, 10, 0)
	w.created = w.now
	w.pass()
	rs := w.missedRuns(j)
	if len(rs) != 1 || w.cal.Clock.DayOf(rs[0].Time) != w.cal.Clock.DayOf(w.now) {
		t.Fatalf("missed runs %+v, want one today", rs)
	}
	if want := "No run since Sun 29 Nov 2026, 106 days 13 h; this job ran about every day."; rs[0].Message != want {
		t.Errorf("reason %q\nwant   %q", rs[0].Message, want)
	}
}

func (w *world) missedRuns(j jobs.Job) []runs.Run {
	p, _ := w.runs.OfJob(j.ID, "", 1000)
	var out []runs.Run
	for _, r := range p.Runs {
		if r.Status == runs.Missed {
			out = append([]runs.Run{r}, out...)
		}
	}
	return out
}

// daysFrom lists n business days from d.
func daysFrom(d schedule.Day, n int) []string {
	var out []string
	for i := range n {
		out = append(out, d.Add(i).String())
	}
	return out
}

func weekdaysFrom(d schedule.Day, n int) []string {
	var out []string
	for i := range n {
		if wd := d.Add(i).Weekday(); wd != time.Saturday && wd != time.Sunday {
			out = append(out, d.Add(i).String())
		}
	}
	return out
}
