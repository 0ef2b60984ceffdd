// Package schedule holds when a job is expected to run: its schedule
// (inferred from its history or set by an operator), the business days
// runs belong to, and the slots that turn into missed runs. Everything
// works on wall-clock dates in the UI time zone, so a daylight-saving
// change never adds or drops a slot.
package schedule

import (
	"fmt"
	"time"
)

// Day is a business day: a calendar date in the UI time zone.
type Day struct {
	Year  int
	Month time.Month
	Date  int
}

// DayOfDate is the Day of t's calendar date as written (any zone).
func DayOfDate(t time.Time) Day { return Day{t.Year(), t.Month(), t.Day()} }

// ParseDay reads YYYY-MM-DD.
func ParseDay(s string) (Day, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Day{}, fmt.Errorf("day %q: want YYYY-MM-DD", s)
	}
	return DayOfDate(t), nil
}

func (d Day) String() string { return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Date) }

// IsZero reports whether d is unset.
func (d Day) IsZero() bool { return d.Year == 0 }

func (d Day) noonUTC() time.Time { return time.Date(d.Year, d.Month, d.Date, 12, 0, 0, 0, time.UTC) }

// Add returns the day n days later (earlier for negative n).
func (d Day) Add(n int) Day { return DayOfDate(d.noonUTC().AddDate(0, 0, n)) }

// Weekday of the day.
func (d Day) Weekday() time.Weekday { return d.noonUTC().Weekday() }

// Before reports whether d comes before e.
func (d Day) Before(e Day) bool { return d.noonUTC().Before(e.noonUTC()) }

// Sub is the number of days from e to d.
func (d Day) Sub(e Day) int { return int(d.noonUTC().Sub(e.noonUTC()).Hours() / 24) }

// lastOfMonth reports whether d is the last day of its month.
func (d Day) lastOfMonth() bool { return d.Add(1).Month != d.Month }

// Clock places times on business days: the UI time zone and the time of
// day the business day starts (a run at 01:30 with a 06:00 start belongs
// to the day before).
type Clock struct {
	Loc   *time.Location
	Start int // minutes after midnight the business day starts, 0..720
}

// NewClock builds a clock; a nil zone is UTC.
func NewClock(loc *time.Location, start time.Duration) Clock {
	if loc == nil {
		loc = time.UTC
	}
	return Clock{Loc: loc, Start: int(start / time.Minute)}
}

// DayOf returns the business day t belongs to. It asks Bounds rather than
// comparing wall clocks, so the two agree even when the day's start falls
// in a daylight-saving gap.
func (c Clock) DayOf(t time.Time) Day {
	d := DayOfDate(t.In(c.Loc))
	if from, _ := c.Bounds(d); t.Before(from) {
		return d.Add(-1)
	}
	return d
}

// wall is the instant of a wall-clock minute on a calendar date. Minutes
// past 24 h roll into the next date. A time in a spring-forward gap does
// not exist; it becomes the instant the gap ends, whichever way Go's
// time.Date normalised it. So each date has exactly one such instant, and
// later wall times never map to earlier instants.
func (c Clock) wall(d Day, minute int) time.Time {
	y, m, dd, h, mi := d.Year, d.Month, d.Date+minute/1440, (minute%1440)/60, minute%60
	t := time.Date(y, m, dd, h, mi, 0, 0, c.Loc)
	asked := time.Date(y, m, dd, h, mi, 0, 0, time.UTC)
	got := time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), 0, 0, time.UTC)
	switch start, end := t.ZoneBounds(); {
	case got.After(asked):
		return start // normalised past the gap: the gap ends where this zone period starts
	case got.Before(asked):
		return end // normalised before the gap: it ends where this zone period ends
	}
	return t
}

// Bounds returns the instants business day d spans: [from, to).
func (c Clock) Bounds(d Day) (from, to time.Time) {
	return c.wall(d, c.Start), c.wall(d.Add(1), c.Start)
}

// Today is the business day now falls on.
func (c Clock) Today(now time.Time) Day { return c.DayOf(now) }

// sinceStart is t's minutes after its business day began (wall clock).
func (c Clock) sinceStart(t time.Time) int {
	l := t.In(c.Loc)
	return (l.Hour()*60 + l.Minute() - c.Start + 1440) % 1440
}
