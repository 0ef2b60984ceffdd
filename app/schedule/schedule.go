package schedule

import (
	"fmt"
	"strings"
	"time"
)

// Kind is the shape of a schedule.
type Kind string

const (
	Daily    Kind = "daily"
	Weekdays Kind = "weekdays" // Monday to Friday
	Weekly   Kind = "weekly"   // on the listed weekdays
	Monthly  Kind = "monthly"  // on one day of the month
	None     Kind = "none"     // irregular: never missed
)

// Kinds in the order a form offers them.
var Kinds = []Kind{Daily, Weekdays, Weekly, Monthly, None}

// DefaultGrace is how long after the expected time a missing run becomes missed.
const DefaultGrace = 4 * time.Hour

// Schedule says on which business days a job runs and around what time.
type Schedule struct {
	Kind     Kind           `json:"kind"`
	Days     []time.Weekday `json:"days,omitempty"`      // Weekly
	MonthDay int            `json:"month_day,omitempty"` // Monthly; past a short month's end means its last day
	Minute   int            `json:"minute"`              // expected start, wall clock, minutes after midnight
	Spread   time.Duration  `json:"spread,omitempty"`    // typical deviation from Minute
	Grace    time.Duration  `json:"grace"`               // after the expected time, before the run counts as missed
	Basis    int            `json:"basis,omitempty"`     // runs it was inferred from; 0 when set by an operator
	Since    string         `json:"since,omitempty"`     // first day of that history
	Reason   string         `json:"reason,omitempty"`    // why no schedule was inferred
	SetBy    string         `json:"set_by,omitempty"`    // operator who set it; "" when inferred
}

// Inferred reports whether the schedule came from the job's history.
func (s Schedule) Inferred() bool { return s.SetBy == "" }

// Expects reports whether the job should run on business day d.
func (s Schedule) Expects(d Day) bool {
	switch s.Kind {
	case Daily:
		return true
	case Weekdays:
		return d.Weekday() != time.Saturday && d.Weekday() != time.Sunday
	case Weekly:
		for _, w := range s.Days {
			if d.Weekday() == w {
				return true
			}
		}
	case Monthly:
		return d.Date == s.MonthDay || (d.Date < s.MonthDay && d.lastOfMonth())
	}
	return false
}

// Slot is the instant the job is expected on business day d, and whether
// it is expected at all. A time of day before the business day's start
// falls on the next calendar date, which still belongs to d.
func (s Schedule) Slot(c Clock, d Day) (time.Time, bool) {
	if !s.Expects(d) {
		return time.Time{}, false
	}
	m := s.Minute
	if m < c.Start {
		m += 1440
	}
	return c.wall(d, m), true
}

// Deadline is when a run for business day d counts as missed.
func (s Schedule) Deadline(c Clock, d Day) (time.Time, bool) {
	at, ok := s.Slot(c, d)
	return at.Add(s.Grace), ok
}

// Explain says the schedule in one sentence for Job Details.
func (s Schedule) Explain() string {
	if s.Kind == None || s.Kind == "" {
		why := s.Reason
		if why == "" && !s.Inferred() {
			why = "set by " + s.SetBy
		}
		return "no fixed schedule, so never missed" + dash(why)
	}
	out := fmt.Sprintf("expected %s around %s", s.DaysText(), clock(s.Minute))
	if s.Spread > 0 {
		out += " ± " + span(s.Spread)
	}
	out += ", grace " + span(s.Grace)
	if s.Inferred() {
		return out + fmt.Sprintf(" — inferred from %d runs since %s", s.Basis, s.Since)
	}
	return out + " — set by " + s.SetBy
}

// DaysText is "daily", "Mon–Fri", "Mon, Wed" or "monthly on day 1".
func (s Schedule) DaysText() string {
	switch s.Kind {
	case Daily:
		return "daily"
	case Weekdays:
		return "Mon–Fri"
	case Weekly:
		names := make([]string, len(s.Days))
		for i, w := range s.Days {
			names[i] = w.String()[:3]
		}
		return "on " + strings.Join(names, ", ")
	case Monthly:
		return fmt.Sprintf("monthly on day %d", s.MonthDay)
	}
	return "never"
}

// Clock formats a wall-clock minute as HH:MM.
func clock(m int) string { return fmt.Sprintf("%02d:%02d", m/60, m%60) }

// ClockText is the expected time as HH:MM.
func (s Schedule) ClockText() string { return clock(s.Minute) }

func span(d time.Duration) string {
	switch {
	case d >= time.Hour && d%time.Hour == 0:
		return fmt.Sprintf("%d h", d/time.Hour)
	case d >= time.Hour:
		return fmt.Sprintf("%d h %d min", d/time.Hour, (d%time.Hour)/time.Minute)
	}
	return fmt.Sprintf("%d min", d/time.Minute)
}

func dash(s string) string {
	if s == "" {
		return ""
	}
	return " — " + s
}
