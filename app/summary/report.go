package summary

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/backupchecks/backupchecks/app/customers"
	"github.com/backupchecks/backupchecks/app/jobs"
	"github.com/backupchecks/backupchecks/app/missed"
	"github.com/backupchecks/backupchecks/app/remarks"
	"github.com/backupchecks/backupchecks/app/runs"
	"github.com/backupchecks/backupchecks/app/schedule"
)

// Scope narrows a report to a customer or a job; zero means all.
type Scope struct {
	CustomerID, JobID uint64
}

// Detailed reports whether the scope is narrow enough for each job's
// calendar and the list of failures (a customer's report).
func (s Scope) Detailed() bool { return s.CustomerID != 0 || s.JobID != 0 }

// Day is one job's business day on its calendar.
type Day struct {
	Day        schedule.Day
	Status     runs.Status // of the day's last run; "" when none ran
	Overridden bool        // that run is a success by an override
	Expected   bool        // the schedule expected a run that day
}

// Outcome is the day's colour: overridden, ok, warn, bad, missed, norun
// (expected, nothing ran yet) or none (not expected).
func (d Day) Outcome() string {
	switch {
	case d.Overridden:
		return "overridden"
	case d.Status == runs.Success:
		return "ok"
	case d.Status == runs.Warning:
		return "warn"
	case d.Status == runs.Failed:
		return "bad"
	case d.Status == runs.Missed:
		return "missed"
	case d.Expected:
		return "norun"
	}
	return "none"
}

// JobRow is one job's figures.
type JobRow struct {
	Job      jobs.Job
	Customer customers.Customer
	Tally
	OpenTickets int // Autotask tickets and ticket numbers still open
	OpenRemarks int
	Days        []Day     // the period's days, for a detailed scope only
	first       time.Time // of the job's runs in the period
}

// CustomerRow sums a customer's jobs.
type CustomerRow struct {
	Customer customers.Customer
	Tally
	Jobs        int
	OpenTickets int
	OpenRemarks int
}

// Week is one bar of the trend chart: the runs of the week from Start
// (a Monday) that fall in the period.
type Week struct {
	Start schedule.Day
	Tally
}

// Failure is a failed or missed run, for a customer's report.
type Failure struct {
	Run runs.Brief
	Job jobs.Job
}

// MaxFailures bounds the failures listed; the tallies still count all.
const MaxFailures = 500

// Report is the figures of one period and scope.
type Report struct {
	Period    Period
	Scope     Scope
	Generated time.Time
	Location  *time.Location
	Total     Tally
	Customers []CustomerRow // worst first, or by name
	Jobs      []JobRow      // likewise
	Weeks     []Week
	Failures  []Failure // newest first, for a detailed scope
	// MoreFailures is how many failures MaxFailures left out.
	MoreFailures int
}

// Service builds reports.
type Service struct {
	Jobs      *jobs.Service
	Runs      *runs.Service
	Customers *customers.Service
	Remarks   *remarks.Service
	// OpenTickets counts the open Autotask tickets per job; nil: none.
	OpenTickets func() (map[uint64]int, error)
	Calendar    func() (missed.Calendar, error)
	Now         func() time.Time
	// ScheduleStore keeps the reports mailed on a schedule.
	ScheduleStore ScheduleStore
}

// Sort orders a report's rows.
type Sort string

const (
	ByWorst Sort = "worst"
	ByName  Sort = "name"
)

// Build reads the period's runs once and sums them per job and customer.
func (s *Service) Build(p Period, sc Scope, by Sort) (Report, error) {
	cal, err := s.Calendar()
	if err != nil {
		return Report{}, fmt.Errorf("read settings: %w", err)
	}
	now := s.Now()
	r := Report{Period: p, Scope: sc, Generated: now, Location: cal.Clock.Loc}
	all, err := s.Jobs.All()
	if err != nil {
		return r, fmt.Errorf("read jobs: %w", err)
	}
	cs, err := s.Customers.List("")
	if err != nil {
		return r, fmt.Errorf("read customers: %w", err)
	}
	custByID := make(map[uint64]customers.Customer, len(cs))
	for _, c := range cs {
		custByID[c.ID] = c
	}
	inScope := func(j jobs.Job) bool {
		return (sc.JobID == 0 || j.ID == sc.JobID) && (sc.CustomerID == 0 || j.CustomerID == sc.CustomerID)
	}
	rows := map[uint64]*JobRow{}
	known := make(map[uint64]jobs.Job, len(all))
	for _, j := range all {
		known[j.ID] = j
		if !j.Archived && inScope(j) {
			rows[j.ID] = newRow(j, custByID, p, sc.Detailed())
		}
	}

	weeks := map[schedule.Day]*Week{}
	for d := weekStart(p.From); !p.To.Before(d); d = d.Add(7) {
		r.Weeks = append(r.Weeks, Week{Start: d})
	}
	for i := range r.Weeks {
		weeks[r.Weeks[i].Start] = &r.Weeks[i]
	}
	lo, _ := cal.Clock.Bounds(p.From)
	_, hi := cal.Clock.Bounds(p.To)
	err = s.Runs.EachBetween(lo, hi, func(b runs.Brief) error {
		row := rows[b.JobID]
		if row == nil {
			j, ok := known[b.JobID]
			if !ok || !inScope(j) {
				return nil // a job deleted since, or outside the scope
			}
			row = newRow(j, custByID, p, sc.Detailed()) // archived, but it ran in the period
			rows[j.ID] = row
		}
		row.count(b)
		if row.first.IsZero() {
			row.first = b.Time
		}
		d := cal.Clock.DayOf(b.Time)
		if w := weeks[weekStart(d)]; w != nil {
			w.count(b)
		}
		if row.Days != nil {
			if i := d.Sub(p.From); i >= 0 && i < len(row.Days) {
				row.Days[i].Status, row.Days[i].Overridden = b.Status, b.Overridden
			}
		}
		if sc.Detailed() && (b.Status == runs.Failed || b.Status == runs.Missed) {
			r.Failures = append(r.Failures, Failure{Run: b, Job: row.Job})
		}
		return nil
	})
	if err != nil {
		return r, fmt.Errorf("read the period's runs: %w", err)
	}
	for _, row := range rows {
		row.expect(p, cal, now)
	}
	ofCustomers, err := s.countOpen(rows)
	if err != nil {
		return r, err
	}
	r.Jobs, r.Customers = sortRows(rows, ofCustomers, by)
	for _, c := range r.Customers {
		r.Total.add(c.Tally)
	}
	// Newest first, bounded: the page and the PDF list what an operator reads.
	for i, j := 0, len(r.Failures)-1; i < j; i, j = i+1, j-1 {
		r.Failures[i], r.Failures[j] = r.Failures[j], r.Failures[i]
	}
	if len(r.Failures) > MaxFailures {
		r.MoreFailures, r.Failures = len(r.Failures)-MaxFailures, r.Failures[:MaxFailures]
	}
	return r, nil
}

// newRow starts a job's row.
func newRow(j jobs.Job, custs map[uint64]customers.Customer, p Period, detailed bool) *JobRow {
	row := &JobRow{Job: j, Customer: custs[j.CustomerID]}
	if row.Customer.ID == 0 {
		row.Customer = customers.Customer{ID: j.CustomerID, Name: fmt.Sprintf("customer %d", j.CustomerID)}
	}
	if detailed {
		row.Days = make([]Day, p.Days())
		for i := range row.Days {
			row.Days[i].Day = p.From.Add(i)
		}
	}
	return row
}

// expect counts the days the job's schedule expected a run: from the
// latest of the period's start, the daily-jobs start and the job's first
// day (its creation, or its first run if history came with it, as with a
// Cove account), through the period's end or the last day whose deadline
// has passed.
func (row *JobRow) expect(p Period, cal missed.Calendar, now time.Time) {
	sc := row.Job.Schedule()
	since := row.Job.Created
	if !row.first.IsZero() && row.first.Before(since) {
		since = row.first
	}
	from := p.From
	if first := cal.Clock.DayOf(since); from.Before(first) {
		from = first
	}
	if !cal.Start.IsZero() && from.Before(cal.Start) {
		from = cal.Start
	}
	for d := from; !p.To.Before(d); d = d.Add(1) {
		deadline, expected := sc.Deadline(cal.Clock, d)
		if !expected {
			continue
		}
		if deadline.After(now) {
			break
		}
		row.Expected++
		if row.Days != nil {
			row.Days[d.Sub(p.From)].Expected = true
		}
	}
}

// open counts open tickets and remarks.
type open struct{ tickets, remarks int }

// countRemark adds an open remark to the counts of what it is about.
func countRemark(rm remarks.Remark, tickets, notes *int) {
	if rm.Kind == remarks.Ticket {
		*tickets++
	} else {
		*notes++
	}
}

// countOpen adds to each row the open remarks and tickets on its job or
// one of its runs, and returns those on customers themselves, by customer.
func (s *Service) countOpen(rows map[uint64]*JobRow) (map[uint64]open, error) {
	list, err := s.Remarks.List()
	if err != nil {
		return nil, fmt.Errorf("read remarks: %w", err)
	}
	ofCustomers := map[uint64]open{}
	for _, rm := range list {
		switch {
		case !rm.Open():
		case rm.JobID != 0:
			if row := rows[rm.JobID]; row != nil {
				countRemark(rm, &row.OpenTickets, &row.OpenRemarks)
			}
		case rm.CustomerID != 0:
			o := ofCustomers[rm.CustomerID]
			countRemark(rm, &o.tickets, &o.remarks)
			ofCustomers[rm.CustomerID] = o
		}
	}
	if s.OpenTickets == nil {
		return ofCustomers, nil
	}
	tickets, err := s.OpenTickets()
	if err != nil {
		return nil, fmt.Errorf("read open tickets: %w", err)
	}
	for jobID, n := range tickets {
		if row := rows[jobID]; row != nil {
			row.OpenTickets += n
		}
	}
	return ofCustomers, nil
}

// sortRows lists the job rows and sums them per customer (with the
// customers' own open remarks), both in the chosen order.
func sortRows(rows map[uint64]*JobRow, ofCustomers map[uint64]open, by Sort) ([]JobRow, []CustomerRow) {
	jobRows := make([]JobRow, 0, len(rows))
	custs := map[uint64]*CustomerRow{}
	for _, row := range rows {
		jobRows = append(jobRows, *row)
		c := custs[row.Customer.ID]
		if c == nil {
			own := ofCustomers[row.Customer.ID]
			c = &CustomerRow{Customer: row.Customer, OpenTickets: own.tickets, OpenRemarks: own.remarks}
			custs[row.Customer.ID] = c
		}
		c.Tally.add(row.Tally)
		c.Jobs++
		c.OpenTickets += row.OpenTickets
		c.OpenRemarks += row.OpenRemarks
	}
	custRows := make([]CustomerRow, 0, len(custs))
	for _, c := range custs {
		custRows = append(custRows, *c)
	}
	order(jobRows, by, func(r JobRow) (Tally, string, uint64) {
		return r.Tally, r.Customer.Name + "\x00" + r.Job.Name, r.Job.ID
	})
	order(custRows, by, func(r CustomerRow) (Tally, string, uint64) { return r.Tally, r.Customer.Name, r.Customer.ID })
	return jobRows, custRows
}

// order sorts rows worst first (unless by name), then by name and ID;
// each row's key and lowered name are taken once, not per comparison.
func order[T any](rows []T, by Sort, key func(T) (Tally, string, uint64)) {
	type keyed struct {
		row  T
		t    Tally
		name string
		id   uint64
	}
	ks := make([]keyed, len(rows))
	for i, r := range rows {
		t, name, id := key(r)
		ks[i] = keyed{r, t, strings.ToLower(name), id}
	}
	slices.SortFunc(ks, func(a, b keyed) int {
		if by != ByName {
			if worse(a.t, b.t) {
				return -1
			}
			if worse(b.t, a.t) {
				return 1
			}
		}
		if c := strings.Compare(a.name, b.name); c != 0 {
			return c
		}
		return cmp.Compare(a.id, b.id)
	})
	for i := range ks {
		rows[i] = ks[i].row
	}
}
