package silence

import (
	"fmt"
	"time"
)

// Period is a job's current stretch without a run.
type Period struct {
	Since    time.Time // the job's last run, or its approval when it never ran
	Approved bool      // Since is the approval: no run has arrived at all
	Deadline time.Time // Since plus the bound: silent from here on
}

// PeriodOf is the silent period of a job that last reported at lastSeen
// (zero: never) and was approved at created, under bound b.
func PeriodOf(b Bound, lastSeen, created time.Time) Period {
	p := Period{Since: lastSeen}
	if lastSeen.IsZero() {
		p.Since, p.Approved = created, true
	}
	p.Deadline = p.Since.Add(b.Span)
	return p
}

// Silent reports whether the period has passed its bound at now.
func (p Period) Silent(b Bound, now time.Time) bool {
	return !b.Never() && !p.Since.IsZero() && !now.Before(p.Deadline)
}

// For is how long the job has been silent at now.
func (p Period) For(now time.Time) time.Duration { return now.Sub(p.Since) }

// Reason is the sentence a missed run raised for a silent period carries:
// "No run since Thu 20 Aug, 107 days; this job ran about every day."
func Reason(b Bound, p Period, now time.Time, loc *time.Location) string {
	since := p.Since.In(loc).Format("Mon 2 Jan 2006")
	if p.Since.In(loc).Year() == now.In(loc).Year() {
		since = p.Since.In(loc).Format("Mon 2 Jan")
	}
	head := fmt.Sprintf("No run since %s, %s", since, Span(p.For(now).Truncate(time.Hour)))
	if p.Approved {
		head = fmt.Sprintf("No run since the job was approved on %s, %s", since, Span(p.For(now).Truncate(time.Hour)))
	}
	return head + "; " + expectation(b) + "."
}

// expectation says what was expected of the job, in words.
func expectation(b Bound) string {
	switch b.Basis {
	case BySetting:
		return fmt.Sprintf("an operator expects a run at least every %s", Span(b.Span))
	case BySchedule:
		return fmt.Sprintf("it is expected %s around %s", b.Schedule.DaysText(), b.Schedule.ClockText())
	case ByHistory:
		return "this job ran about every " + every(b.History.Typical)
	}
	return fmt.Sprintf("the default for %s is a run at least every %s", b.Kind.Label(), Span(b.Span))
}

// every is a typical gap as "day", "2 days" or "6 h".
func every(d time.Duration) string {
	if d < 20*time.Hour {
		return Span(d.Round(time.Hour))
	}
	days := int((d + Day/2) / Day)
	if days <= 1 {
		return "day"
	}
	return fmt.Sprintf("%d days", days)
}
