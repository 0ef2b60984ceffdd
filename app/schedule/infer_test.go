package schedule

import (
	"strings"
	"testing"
	"time"
)

var amsterdam = mustZone("Europe/Amsterdam")

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// history makes one run per calendar day from start for n days where keep
// says so, at hh:mm local plus a jitter that cycles through jitter.
func history(loc *time.Location, start Day, n, hh, mm int, keep func(Day) bool, jitter ...int) []time.Time {
	var out []time.Time
	for i := 0; i < n; i++ {
		d := start.Add(i)
		if !keep(d) {
			continue
		}
		j := 0
		if len(jitter) > 0 {
			j = jitter[i%len(jitter)]
		}
		out = append(out, time.Date(d.Year, d.Month, d.Date, hh, mm+j, 0, 0, loc))
	}
	return out
}

func every(Day) bool { return true }
func workdays(d Day) bool {
	return d.Weekday() != time.Saturday && d.Weekday() != time.Sunday
}

func TestInfer(t *testing.T) {
	sep := Day{2026, time.September, 14} // a Monday
	cases := []struct {
		name    string
		times   []time.Time
		start   time.Duration // business day start
		kind    Kind
		explain string // substring of Explain()
	}{
		{"daily at 22:10", history(amsterdam, sep, 60, 22, 10, every, 0, 5, -5, 20, -20), 0, Daily, "expected daily around 22:10 ± 20 min, grace 4 h"},
		{"weekdays", history(amsterdam, sep, 38*7/5, 22, 10, workdays, 0, 25, -25), 0, Weekdays, "expected Mon–Fri around 22:10 ± 25 min, grace 4 h — inferred from"},
		{"weekdays with one missed Wednesday", history(amsterdam, sep, 35, 22, 10, func(d Day) bool { return workdays(d) && d != sep.Add(9) }), 0, Weekdays, "Mon–Fri"},
		{"Saturdays only", history(amsterdam, sep, 70, 8, 0, func(d Day) bool { return d.Weekday() == time.Saturday }), 0, Weekly, "on Sat around 08:00"},
		{"Saturdays for two weeks", history(amsterdam, sep, 14, 8, 0, func(d Day) bool { return d.Weekday() == time.Saturday }), 0, None, "only 2 days"},
		{"Tue and Thu for ten weeks", history(amsterdam, sep, 70, 3, 0, func(d Day) bool { return d.Weekday() == time.Tuesday || d.Weekday() == time.Thursday }), 0, Weekly, "on Tue, Thu around 03:00"},
		{"monthly on the 1st", history(amsterdam, Day{2026, 1, 1}, 300, 23, 0, func(d Day) bool { return d.Date == 1 }), 0, Monthly, "monthly on day 1"},
		{"month end", history(amsterdam, Day{2026, 1, 1}, 300, 23, 0, func(d Day) bool { return d.lastOfMonth() }), 0, Monthly, "monthly on day 31"},
		{"random days", history(amsterdam, sep, 60, 12, 0, func(d Day) bool { return d.Sub(sep)%3 == 0 || d.Sub(sep)%7 == 1 }), 0, None, "no daily, weekly or monthly pattern"},
		{"four runs", history(amsterdam, sep, 4, 22, 0, every), 0, None, "only 4 days with runs so far"},
		{"five days in a row", history(amsterdam, sep, 5, 22, 0, every), 0, None, "history covers 5 days"},
		// Around midnight: the median must not fall on noon.
		{"around midnight", history(amsterdam, sep, 30, 23, 50, every, 0, 15, -10, 0, 20), 6 * time.Hour, Daily, "around 23:50"},
		// After midnight with a 06:00 day start: the job belongs to the day before, still daily.
		{"after midnight, day starts 06:00", history(amsterdam, sep, 30, 1, 30, every), 6 * time.Hour, Daily, "around 01:30 ± 5 min"},
		{"two runs a day count once, at the first", append(history(amsterdam, sep, 30, 12, 0, every), history(amsterdam, sep, 30, 22, 0, every)...), 0, Daily, "around 12:00 ± 5 min"},
		{"wide spread widens grace", history(amsterdam, sep, 30, 12, 0, every, 0, 0, 90, -90, 0), 0, Daily, "around 12:00 ± 1 h 30 min, grace 4 h 30 min"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := Infer(c.times, NewClock(amsterdam, c.start))
			if s.Kind != c.kind || !strings.Contains(s.Explain(), c.explain) {
				t.Fatalf("got %s: %q, want %s containing %q", s.Kind, s.Explain(), c.kind, c.explain)
			}
		})
	}
}

func TestInferIsNotFooledByDaylightSaving(t *testing.T) {
	// 22:10 local every day across the October change: local time stays put
	// even though UTC moves by an hour.
	runs := history(amsterdam, Day{2026, time.October, 1}, 60, 22, 10, every)
	s := Infer(runs, NewClock(amsterdam, 0))
	if s.Kind != Daily || s.Minute != 22*60+10 || s.Spread != minSpread {
		t.Fatalf("across DST: %+v", s)
	}
}
