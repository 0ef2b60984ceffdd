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

// ErrPeriod is what every PeriodError is.
var ErrPeriod = errors.New("invalid period")

// PeriodError explains, as a sentence for the person who picked it, a
// period that cannot be reported on.
type PeriodError struct{ Reason string }

func (e *PeriodError) Error() string { return e.Reason }
func (e *PeriodError) Unwrap() error { return ErrPeriod }

func badPeriod(reason string) error { return &PeriodError{reason} }

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
			return Period{}, badPeriod("Pick the month as YYYY-MM.")
		}
		first := schedule.DayOfDate(m)
		return Period{Name: name, From: first, To: schedule.DayOfDate(m.AddDate(0, 1, -1))}, nil
	case "custom":
		f, ferr := schedule.ParseDay(from)
		t, terr := schedule.ParseDay(to)
		switch {
		case ferr != nil || terr != nil:
			return Period{}, badPeriod("Give both days of a custom period as YYYY-MM-DD.")
		case t.Before(f):
			return Period{}, badPeriod("The period ends before it starts.")
		case t.Sub(f) >= MaxDays:
			return Period{}, badPeriod(fmt.Sprintf("A period may span at most %d days.", MaxDays))
		}
		return Period{Name: name, From: f, To: t}, nil
	}
	return Period{}, badPeriod(fmt.Sprintf("There is no period %q: choose one from the list.", name))
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
