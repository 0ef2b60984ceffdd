// Package morning answers the operator's first question of the day: what
// needs review, by customer, worst first, and to which business day each
// number belongs. A run stays here until someone reviews it, so at 09:37
// with the business day starting at 06:00 last night's failures show as
// the previous business day's, not as nothing.
//
// It is also the one reader of the figures the dashboard cards, the
// system-health rows and Settings → Notifications show side by side (runs
// waiting for review, jobs silent now, mail and Cove accounts waiting for
// approval), so those pages cannot disagree. It imports neither Fiber nor
// Badger.
package morning

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/backupchecks/backupchecks/app/customers"
	"github.com/backupchecks/backupchecks/app/jobs"
	"github.com/backupchecks/backupchecks/app/runs"
	"github.com/backupchecks/backupchecks/app/schedule"
)

// Counts are unreviewed runs per status.
type Counts struct{ Failed, Missed, Warning, Success int }

// Total is every run counted.
func (c Counts) Total() int { return c.Failed + c.Missed + c.Warning + c.Success }

func (c *Counts) add(s runs.Status) {
	switch s {
	case runs.Failed:
		c.Failed++
	case runs.Missed:
		c.Missed++
	case runs.Warning:
		c.Warning++
	default:
		c.Success++
	}
}

// Day is one business day's unreviewed runs of a customer.
type Day struct {
	Day schedule.Day
	Counts
}

// Line is one customer that has something to review.
type Line struct {
	CustomerID uint64
	Name       string
	// Days holds the customer's unreviewed runs per business day, newest
	// day first; only days with a run appear.
	Days   []Day
	Silent int // the customer's jobs silent past their bound now
	Counts     // all the customer's unreviewed runs
}

// Rank orders lines worst first: 0 failed, 1 missed, 2 silent, 3
// warning, 4 only successes waiting for review.
func (l Line) Rank() int {
	switch {
	case l.Failed > 0:
		return 0
	case l.Missed > 0:
		return 1
	case l.Silent > 0:
		return 2
	case l.Warning > 0:
		return 3
	}
	return 4
}

// worst is how many of the rank's kind the line holds.
func (l Line) worst() int {
	return [...]int{l.Failed, l.Missed, l.Silent, l.Warning, l.Success}[l.Rank()]
}

// Waiting is what waits for approval before it becomes jobs.
type Waiting struct {
	Mails int // report mail in the Inbox
	Cove  int // Cove accounts waiting for approval (now, not at the last poll)
}

// Total is every item waiting for approval.
func (w Waiting) Total() int { return w.Mails + w.Cove }

// Morning is the view at one moment.
type Morning struct {
	At       time.Time
	Today    schedule.Day // the business day At falls in
	Previous schedule.Day // the business day before it
	DayStart string       // "06:00": when a business day starts (Settings → General)
	Lines    []Line       // customers with something to review, worst first
	Queue    Counts       // every unreviewed run of an active job: Run Checks' total
	Silent   int          // active jobs silent past their bound now
	Waiting  Waiting
}

// Of is the day's counts of the whole view (every customer).
func (m Morning) Of(d schedule.Day) Counts {
	var c Counts
	for _, l := range m.Lines {
		for _, x := range l.Days {
			if x.Day == d {
				c.plus(x.Counts)
			}
		}
	}
	return c
}

// Earlier is the counts of the days before Previous.
func (m Morning) Earlier() Counts {
	var c Counts
	for _, l := range m.Lines {
		c.plus(l.Before(m.Previous))
	}
	return c
}

// Before is the line's counts of the days before d.
func (l Line) Before(d schedule.Day) Counts {
	var c Counts
	for _, x := range l.Days {
		if x.Day.Before(d) {
			c.plus(x.Counts)
		}
	}
	return c
}

// Since is the line's days from d on, newest first.
func (l Line) Since(d schedule.Day) []Day {
	var out []Day
	for _, x := range l.Days {
		if !x.Day.Before(d) {
			out = append(out, x)
		}
	}
	return out
}

func (c *Counts) plus(o Counts) {
	c.Failed += o.Failed
	c.Missed += o.Missed
	c.Warning += o.Warning
	c.Success += o.Success
}

// Label names a business day the way every number on the dashboard does:
// "Thu 3 Dec (business day from 06:00)".
func (m Morning) Label(d schedule.Day) string {
	return fmt.Sprintf("%s (business day from %s)", Short(d), m.DayStart)
}

// Short is "Thu 3 Dec".
func Short(d schedule.Day) string {
	return fmt.Sprintf("%s %d %s", d.Weekday().String()[:3], d.Date, d.Month.String()[:3])
}

// Input is what Build reads; the Service fills it from the stores.
type Input struct {
	Now       time.Time
	Clock     schedule.Clock
	Queue     []runs.QueueEntry // every unreviewed run
	Jobs      []jobs.Job
	Customers []customers.Customer
	Silent    []jobs.Judged // active jobs silent past their bound at Now
	Waiting   Waiting
}

// Build arranges in into the morning view. Runs of archived jobs are left
// out, as Run Checks leaves them out of its queue, so the totals here are
// the totals there.
func Build(in Input) Morning {
	m := Morning{At: in.Now, Today: in.Clock.DayOf(in.Now), DayStart: clockText(in.Clock.Start), Waiting: in.Waiting}
	m.Previous = m.Today.Add(-1)
	jobOf := make(map[uint64]jobs.Job, len(in.Jobs))
	for _, j := range in.Jobs {
		jobOf[j.ID] = j
	}
	nameOf := make(map[uint64]string, len(in.Customers))
	for _, c := range in.Customers {
		nameOf[c.ID] = c.Name
	}
	lines := map[uint64]*Line{}
	line := func(customerID uint64) *Line {
		l := lines[customerID]
		if l == nil {
			name, ok := nameOf[customerID]
			if !ok {
				name = fmt.Sprintf("customer %d", customerID)
			}
			l = &Line{CustomerID: customerID, Name: name}
			lines[customerID] = l
		}
		return l
	}
	days := map[uint64]map[schedule.Day]*Counts{}
	for _, e := range in.Queue {
		j, ok := jobOf[e.JobID]
		if !ok || j.Archived {
			continue
		}
		st := runs.StatusOfSeverity(e.Severity)
		m.Queue.add(st)
		l := line(j.CustomerID)
		l.add(st)
		d := in.Clock.DayOf(e.Time)
		if days[j.CustomerID] == nil {
			days[j.CustomerID] = map[schedule.Day]*Counts{}
		}
		c := days[j.CustomerID][d]
		if c == nil {
			c = &Counts{}
			days[j.CustomerID][d] = c
		}
		c.add(st)
	}
	for _, s := range in.Silent {
		if s.Archived {
			continue
		}
		m.Silent++
		line(s.CustomerID).Silent++
	}
	for id, l := range lines {
		for d, c := range days[id] {
			l.Days = append(l.Days, Day{Day: d, Counts: *c})
		}
		slices.SortFunc(l.Days, func(a, b Day) int {
			if a.Day.Before(b.Day) {
				return 1
			}
			if b.Day.Before(a.Day) {
				return -1
			}
			return 0
		})
		m.Lines = append(m.Lines, *l)
	}
	slices.SortFunc(m.Lines, func(a, b Line) int {
		return cmp.Or(cmp.Compare(a.Rank(), b.Rank()), cmp.Compare(b.worst(), a.worst()),
			cmp.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)), cmp.Compare(a.CustomerID, b.CustomerID))
	})
	return m
}

func clockText(minutes int) string { return fmt.Sprintf("%02d:%02d", minutes/60, minutes%60) }
