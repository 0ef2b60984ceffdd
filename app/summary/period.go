// Package summary builds reports: per customer and per job, over a period
// of business days, how their backups went. It reads the runs of the
// period from one key range of the run time index, never a record.
package summary

import (
	"errors"
	"fmt"
	"time"

	"github.com/backupchecks/backupchecks/app/schedule"
)

// Period is a span of business days, both ends included.
type Period struct {
	Name     string // "7d", "30d", "90d", "month" or "custom"
	From, To schedule.Day
}

// MaxDays bounds a custom period: a report of more reads too much at once.
const MaxDays = 400

// ErrPeriod explains a period that cannot be reported on.
var ErrPeriod = errors.New("invalid period")

// PeriodOf reads a period as the report form sends it: name is 7d, 30d or
// 90d (ending today), month (month is YYYY-MM), or custom (from, to are
// YYYY-MM-DD).
func PeriodOf(name, month, from, to string, today schedule.Day) (Period, error) {
	switch name {
	case "", "30d":
		return Period{Name: "30d", From: today.Add(-29), To: today}, nil
	case "7d":
		return Period{Name: name, From: today.Add(-6), To: today}, nil
	case "90d":
		return Period{Name: name, From: today.Add(-89), To: today}, nil
	case "month":
		m, err := time.Parse("2006-01", month)
		if err != nil {
			return Period{}, fmt.Errorf("%w: pick a month as YYYY-MM", ErrPeriod)
		}
		first := schedule.DayOfDate(m)
		return Period{Name: name, From: first, To: schedule.DayOfDate(m.AddDate(0, 1, -1))}, nil
	case "custom":
		f, ferr := schedule.ParseDay(from)
		t, terr := schedule.ParseDay(to)
		switch {
		case ferr != nil || terr != nil:
			return Period{}, fmt.Errorf("%w: give both days of a custom period as YYYY-MM-DD", ErrPeriod)
		case t.Before(f):
			return Period{}, fmt.Errorf("%w: the period ends before it starts", ErrPeriod)
		case t.Sub(f) >= MaxDays:
			return Period{}, fmt.Errorf("%w: a period may span at most %d days", ErrPeriod, MaxDays)
		}
		return Period{Name: name, From: f, To: t}, nil
	}
	return Period{}, fmt.Errorf("%w: unknown period %q", ErrPeriod, name)
}

// Days is how many business days the period holds.
func (p Period) Days() int { return p.To.Sub(p.From) + 1 }

// Month is the period's month as YYYY-MM (of its first day).
func (p Period) Month() string { return p.From.String()[:7] }

// Label names the period for people: "1 Nov 2026 – 30 Nov 2026".
func (p Period) Label() string {
	f := time.Date(p.From.Year, p.From.Month, p.From.Date, 0, 0, 0, 0, time.UTC)
	t := time.Date(p.To.Year, p.To.Month, p.To.Date, 0, 0, 0, 0, time.UTC)
	if p.Name == "month" {
		return f.Format("January 2006")
	}
	return f.Format("2 Jan 2006") + " – " + t.Format("2 Jan 2006")
}

// weekStart is the Monday of d's week: the trend chart's buckets.
func weekStart(d schedule.Day) schedule.Day {
	return d.Add(-((int(d.Weekday()) + 6) % 7))
}
