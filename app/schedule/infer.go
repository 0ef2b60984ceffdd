package schedule

import (
	"fmt"
	"sort"
	"time"
)

// Inference thresholds. A weekday counts as a run day when the job ran on
// at least regular of its occurrences, and as an off day at most offDay;
// anything in between is no weekly pattern.
const (
	minRunDays = 5
	minSpan    = 7 // days of history before anything but "none"
	regular    = 0.6
	offDay     = 0.25
	minSpread  = 5 * time.Minute
)

// Infer derives a schedule from run times (any order; missed runs
// excluded by the caller). Several runs on one business day count once, at
// the first run's time.
func Infer(times []time.Time, c Clock) Schedule {
	first := map[Day]time.Time{}
	for _, t := range times {
		d := c.DayOf(t)
		if f, ok := first[d]; !ok || t.Before(f) {
			first[d] = t
		}
	}
	days := make([]Day, 0, len(first))
	for d := range first {
		days = append(days, d)
	}
	sort.Slice(days, func(a, b int) bool { return days[a].Before(days[b]) })
	none := func(why string) Schedule {
		return Schedule{Kind: None, Basis: len(times), Reason: why, Since: sinceOf(days)}
	}
	if len(days) < minRunDays {
		return none(fmt.Sprintf("only %d days with runs so far; a schedule is inferred from %d", len(days), minRunDays))
	}
	spanDays := days[len(days)-1].Sub(days[0]) + 1
	if spanDays < minSpan {
		return none(fmt.Sprintf("history covers %d days; a schedule is inferred from a week", spanDays))
	}

	s := Schedule{Basis: len(times), Since: days[0].String()}
	s.Minute, s.Spread = typicalTime(days, first, c)
	s.Grace = DefaultGrace
	if 3*s.Spread > s.Grace {
		s.Grace = (3*s.Spread + 29*time.Minute).Truncate(30 * time.Minute)
	}
	if kind, weekly := weekPattern(days, spanDays); kind != None {
		s.Kind, s.Days = kind, weekly
		return s
	}
	if md, ok := monthPattern(days, spanDays); ok {
		s.Kind, s.MonthDay = Monthly, md
		return s
	}
	return none("runs follow no daily, weekly or monthly pattern")
}

func sinceOf(days []Day) string {
	if len(days) == 0 {
		return ""
	}
	return days[0].String()
}

// typicalTime is the median start (wall clock) and the deviation that 80%
// of starts stay within. Minutes are counted from the business day's start
// so a job around midnight does not average to noon.
func typicalTime(days []Day, first map[Day]time.Time, c Clock) (int, time.Duration) {
	mins := make([]int, 0, len(days))
	for _, d := range days {
		mins = append(mins, c.sinceStart(first[d]))
	}
	sort.Ints(mins)
	median := mins[len(mins)/2]
	dev := make([]int, len(mins))
	for i, m := range mins {
		dev[i] = abs(m - median)
	}
	sort.Ints(dev)
	spread := time.Duration(dev[(len(dev)*8-1)/10]) * time.Minute
	spread = max(spread, minSpread)
	return (median + c.Start) % 1440, spread
}

// weekPattern finds daily, Mon–Fri or "these weekdays" in the run days.
func weekPattern(days []Day, spanDays int) (Kind, []time.Weekday) {
	var seen, ran [7]int
	start := days[0]
	for i := 0; i < spanDays; i++ {
		seen[start.Add(i).Weekday()]++
	}
	for _, d := range days {
		ran[d.Weekday()]++
	}
	var on []time.Weekday
	for w := time.Sunday; w <= time.Saturday; w++ {
		r := float64(ran[w]) / float64(max(seen[w], 1))
		switch {
		case r >= regular:
			on = append(on, w)
		case r > offDay:
			return None, nil // sometimes yes, sometimes no: not a weekly pattern
		}
	}
	switch {
	case len(on) == 7:
		return Daily, nil
	case len(on) == 5 && on[0] == time.Monday && on[4] == time.Friday:
		return Weekdays, nil
	case len(on) > 0 && spanDays >= 14:
		// Monday first, as people read a week.
		sort.Slice(on, func(a, b int) bool { return (on[a]+6)%7 < (on[b]+6)%7 })
		return Weekly, on
	}
	return None, nil
}

// monthPattern finds "once a month on day N" (or the month's last day).
func monthPattern(days []Day, spanDays int) (int, bool) {
	if spanDays < 45 || len(days) > spanDays/20+2 {
		return 0, false // too short to tell, or far more often than monthly
	}
	count, last := map[int]int{}, 0
	for _, d := range days {
		count[d.Date]++
		if d.lastOfMonth() {
			last++
		}
	}
	best, n := 0, 0
	for md, c := range count {
		if c > n || (c == n && md < best) {
			best, n = md, c
		}
	}
	if last > n { // "the last day", whatever its date
		best, n = 31, last
	}
	return best, float64(n) >= 0.6*float64(len(days))
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
