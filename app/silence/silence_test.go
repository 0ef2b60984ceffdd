package silence_test

import (
	"testing"
	"time"

	"github.com/backupchecks/backupchecks/app/schedule"
	"github.com/backupchecks/backupchecks/app/silence"
)

var start = time.Date(2026, 6, 1, 22, 0, 0, 0, time.UTC)

// times places runs at start plus each offset in hours.
func times(hours ...float64) []time.Time {
	out := make([]time.Time, len(hours))
	for i, h := range hours {
		out[i] = start.Add(time.Duration(h * float64(time.Hour)))
	}
	return out
}

// everyHours is n runs gap hours apart.
func everyHours(n int, gap float64) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = float64(i) * gap
	}
	return out
}

func TestTheHistoryBoundIsTheLongestNormalGapInWholeDays(t *testing.T) {
	daily := everyHours(60, 24)
	daily[30] += 4 // one run four hours late: a gap of 1 day 4 h
	withOutage := append(everyHours(40, 24), 40*24+30*24, 40*24+31*24)
	cases := []struct {
		name string
		runs []float64
		days int
		gap  string
	}{
		{"daily with a late run", daily, 2, "1 day 4 h"},
		{"daily, then a month's outage", withOutage, 1, "1 day"},
		{"every three or four days", []float64{0, 72, 168, 240, 336, 408, 504}, 4, "4 days"},
		{"hourly", everyHours(200, 1), 1, "1 h"},
		{"monthly-ish", []float64{0, 30 * 24, 61 * 24, 92 * 24, 120 * 24, 151 * 24}, 31, "31 days"},
		{"once in a blue moon", []float64{0, 50 * 24, 100 * 24, 150 * 24, 200 * 24}, silence.MaxHistoryDays, "50 days"},
	}
	for _, c := range cases {
		h := silence.Measure(times(c.runs...))
		if !h.Enough() || h.Days() != c.days || silence.Span(h.Longest) != c.gap {
			t.Errorf("%s: %d days from a longest normal gap of %s (%d runs), want %d days from %s", c.name, h.Days(), silence.Span(h.Longest), h.Runs, c.days, c.gap)
		}
	}
	if h := silence.Measure(times(0, 24)); h.Enough() {
		t.Errorf("two runs ever are not enough to infer from: %+v", h)
	}
}

func TestTheBoundComesFromTheOperatorTheScheduleTheHistoryOrTheDefault(t *testing.T) {
	d := silence.DefaultDefaults()
	daily := schedule.Schedule{Kind: schedule.Daily, Minute: 22 * 60, Grace: 4 * time.Hour}
	weekly := schedule.Schedule{Kind: schedule.Weekly, Days: []time.Weekday{time.Monday, time.Thursday}, Grace: 4 * time.Hour}
	none := schedule.Schedule{Kind: schedule.None}
	learnt := silence.Measure(times(0, 30, 50, 100, 120, 144))
	few := silence.Measure(times(0, 24))
	cases := []struct {
		name  string
		set   *silence.Setting
		sc    schedule.Schedule
		h     silence.History
		kind  silence.Kind
		basis silence.Basis
		span  time.Duration
		says  string
	}{
		{"by hand", &silence.Setting{ByHand: true, Reason: "restore tests", SetBy: "ann"}, daily, learnt, silence.Server, silence.ByHand, 0,
			"runs by hand: never silent — set by ann: restore tests"},
		{"set", &silence.Setting{Days: 5, SetBy: "ann"}, daily, learnt, silence.Server, silence.BySetting, 5 * silence.Day,
			"expected at least every 5 days — set by ann"},
		{"workstation", nil, daily, learnt, silence.Workstation, silence.ByKind, 3 * silence.Day,
			"expected at least every 3 days — the default for workstations (Settings → General)"},
		{"daily schedule", nil, daily, learnt, silence.Server, silence.BySchedule, 28 * time.Hour,
			"expected at least every 1 day 4 h — its schedule (daily) plus grace 4 h"},
		{"weekly schedule", nil, weekly, learnt, silence.M365, silence.BySchedule, 4*silence.Day + 4*time.Hour,
			"expected at least every 4 days 4 h — its schedule (on Mon, Thu) plus grace 4 h"},
		{"history", nil, none, learnt, silence.Server, silence.ByHistory, 3 * silence.Day,
			"expected at least every 3 days — inferred from 6 runs, the longest normal gap 2 days 2 h"},
		{"default", nil, none, few, silence.M365, silence.ByDefault, 2 * silence.Day,
			"expected at least every 2 days — the default for Microsoft 365 (Settings → General): only 2 runs so far; a bound is inferred from 5"},
	}
	for _, c := range cases {
		b := silence.Resolve(c.set, c.sc, c.h, c.kind, d)
		if b.Basis != c.basis || b.Span != c.span || b.Explain() != c.says {
			t.Errorf("%s: %s %v %q\nwant %s %v %q", c.name, b.Basis, b.Span, b.Explain(), c.basis, c.span, c.says)
		}
	}
	d.Workstation = 0
	if b := silence.Resolve(nil, daily, learnt, silence.Workstation, d); b.Basis != silence.BySchedule {
		t.Errorf("with no workstation default a workstation follows its schedule, got %s", b.Basis)
	}
}

func TestAPeriodIsSilentFromItsDeadlineAndSaysSoInWords(t *testing.T) {
	ams, _ := time.LoadLocation("Europe/Amsterdam")
	h := silence.Measure(times(everyHours(30, 24)...))
	b := silence.Resolve(nil, schedule.Schedule{}, h, silence.Server, silence.DefaultDefaults())
	last := time.Date(2026, 8, 20, 21, 0, 0, 0, time.UTC)
	p := silence.PeriodOf(b, last, last.Add(-90*silence.Day))
	if p.Silent(b, p.Deadline.Add(-time.Second)) || !p.Silent(b, p.Deadline) {
		t.Fatalf("silent from its deadline %v on", p.Deadline)
	}
	now := last.Add(107*silence.Day + 3*time.Hour)
	if got, want := silence.Reason(b, p, now, ams), "No run since Thu 20 Aug, 107 days 3 h; this job ran about every day."; got != want {
		t.Errorf("reason %q, want %q", got, want)
	}
}

func TestAJobNeverHeardFromIsSilentSinceItsApproval(t *testing.T) {
	b := silence.Resolve(nil, schedule.Schedule{}, silence.History{}, silence.Server, silence.DefaultDefaults())
	approved := time.Date(2026, 8, 3, 10, 0, 0, 0, time.UTC)
	p := silence.PeriodOf(b, time.Time{}, approved)
	now := approved.Add(5 * silence.Day)
	if !p.Silent(b, now) {
		t.Fatal("a job approved five days ago and never heard from is not silent")
	}
	if got, want := silence.Reason(b, p, now, time.UTC), "No run since the job was approved on Mon 3 Aug, 5 days; the default for servers and mail jobs is a run at least every 3 days."; got != want {
		t.Errorf("reason %q\nwant %q", got, want)
	}
	byHand := silence.Resolve(&silence.Setting{ByHand: true, Reason: "ad hoc", SetBy: "ann"}, schedule.Schedule{}, silence.History{}, silence.Server, silence.DefaultDefaults())
	if silence.PeriodOf(byHand, time.Time{}, approved).Silent(byHand, now.Add(1000*silence.Day)) {
		t.Error("a job that runs by hand is silent")
	}
}

// Long silences read in whole days, as "silent for 107 days"; short ones
// keep their hours, where they matter.
func TestRoughReadsAsPeopleSayIt(t *testing.T) {
	for d, want := range map[time.Duration]string{
		107*silence.Day + 13*time.Hour: "107 days",
		2*silence.Day + 23*time.Hour:   "2 days",
		silence.Day + 4*time.Hour:      "1 day 4 h",
		5*time.Hour + 50*time.Minute:   "5 h",
	} {
		if got := silence.Rough(d); got != want {
			t.Errorf("Rough(%s) = %q, want %q", d, got, want)
		}
	}
}
