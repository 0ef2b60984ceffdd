// Package daily builds the Daily Jobs board: for one business day, every
// job expected that day and every job that ran, grouped by customer, with
// that day's runs. It reads one key range of the run time index and the
// job list, never a job's whole history.
package daily

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/backupchecks/backupchecks/app/customers"
	"github.com/backupchecks/backupchecks/app/jobs"
	"github.com/backupchecks/backupchecks/app/memo"
	"github.com/backupchecks/backupchecks/app/missed"
	"github.com/backupchecks/backupchecks/app/runs"
	"github.com/backupchecks/backupchecks/app/schedule"
)

// State is a job's standing on the day, beyond its runs' statuses.
type State string

const (
	Pending State = "pending" // expected, its time (plus grace) has not passed yet
	NoRun   State = "no run"  // expected and past, but no missed run was raised (before the daily-jobs start, or before the job existed)
)

// Row is one job on the day.
type Row struct {
	Job         jobs.Job
	Runs        []runs.Brief // of the day, oldest first; the last is the one that counts
	Expected    bool         // the schedule expects the job this day
	Slot        time.Time    // when it was expected (zero if not)
	Unscheduled bool         // it ran although not expected
	State       State        // "" when Runs decide
}

// SilentPeriod reports whether the row is a job no schedule expected this
// day whose only runs are missed ones: silence past its bound was told here.
func (r Row) SilentPeriod() bool {
	if r.Expected || len(r.Runs) == 0 {
		return false
	}
	for _, run := range r.Runs {
		if run.Status != runs.Missed {
			return false
		}
	}
	return true
}

// Status is the row's headline: its latest run's status, or its state.
func (r Row) Status() string {
	if n := len(r.Runs); n > 0 {
		return string(r.Runs[n-1].Status)
	}
	return string(r.State)
}

// Group is one customer's rows.
type Group struct {
	Customer customers.Customer
	Rows     []Row
}

// Board is the Daily Jobs page for one day.
type Board struct {
	Day    schedule.Day
	Today  schedule.Day
	Groups []Group
	Counts map[string]int // per Status(), before the status filter
	Total  int            // rows before the status filter
}

// Filter narrows the board; zero values mean "any".
type Filter struct {
	CustomerID uint64
	Status     string // a run status, "pending" or "no run"
}

// Service builds boards.
type Service struct {
	Jobs      *jobs.Service
	Runs      *runs.Service
	Customers *customers.Service
	Calendar  func() (missed.Calendar, error)
	Now       func() time.Time
	// Generation is the store's commit count: boards are shared between
	// requests while it and the minute stay the same. Nil: no sharing.
	Generation func() uint64

	boards memo.Cache[boardKey, Board]
}

type boardKey struct {
	day    schedule.Day
	f      Filter
	minute int64 // "pending" turns into "no run" as time passes
}

// Today is the current business day.
func (s *Service) Today() (schedule.Day, error) {
	cal, err := s.Calendar()
	return cal.Clock.DayOf(s.Now()), err
}

// Board returns the board of day d. Callers must not modify it: it may be shared.
func (s *Service) Board(d schedule.Day, f Filter) (Board, error) {
	now := s.Now()
	if s.Generation == nil {
		return s.board(d, f, now)
	}
	return s.boards.Get(s.Generation(), boardKey{d, f, now.Unix() / 60}, func() (Board, error) { return s.board(d, f, now) })
}

func (s *Service) board(d schedule.Day, f Filter, now time.Time) (Board, error) {
	cal, err := s.Calendar()
	if err != nil {
		return Board{}, fmt.Errorf("read settings: %w", err)
	}
	b := Board{Day: d, Today: cal.Clock.DayOf(now), Counts: map[string]int{}}
	from, to := cal.Clock.Bounds(d)
	dayRuns, err := s.Runs.Between(from, to)
	if err != nil {
		return b, fmt.Errorf("read the day's runs: %w", err)
	}
	byJob := map[uint64][]runs.Brief{}
	for _, r := range dayRuns {
		byJob[r.JobID] = append(byJob[r.JobID], r)
	}
	all, err := s.Jobs.All()
	if err != nil {
		return b, fmt.Errorf("read jobs: %w", err)
	}
	cs, err := s.Customers.List("")
	if err != nil {
		return b, fmt.Errorf("read customers: %w", err)
	}
	groups := map[uint64]*Group{}
	for _, c := range cs {
		groups[c.ID] = &Group{Customer: c}
	}
	for _, j := range all {
		if j.Archived || (f.CustomerID != 0 && j.CustomerID != f.CustomerID) {
			continue
		}
		row := Row{Job: j, Runs: byJob[j.ID]}
		sc := j.Schedule()
		if slot, ok := sc.Slot(cal.Clock, d); ok {
			row.Expected, row.Slot = true, slot
		}
		switch {
		case !row.Expected && len(row.Runs) == 0:
			continue
		case !row.Expected:
			row.Unscheduled = true
		case len(row.Runs) == 0 && row.Slot.Add(sc.Grace).After(now):
			row.State = Pending
		case len(row.Runs) == 0:
			row.State = NoRun
		}
		b.Total++
		b.Counts[row.Status()]++
		if f.Status != "" && row.Status() != f.Status {
			continue
		}
		g := groups[j.CustomerID]
		if g == nil {
			g = &Group{Customer: customers.Customer{ID: j.CustomerID, Name: fmt.Sprintf("customer %d", j.CustomerID)}}
			groups[j.CustomerID] = g
		}
		g.Rows = append(g.Rows, row)
	}
	for _, g := range groups {
		if len(g.Rows) == 0 {
			continue
		}
		sort.Slice(g.Rows, func(a, c int) bool {
			return strings.ToLower(g.Rows[a].Job.Name) < strings.ToLower(g.Rows[c].Job.Name)
		})
		b.Groups = append(b.Groups, *g)
	}
	sort.Slice(b.Groups, func(a, c int) bool {
		return strings.ToLower(b.Groups[a].Customer.Name) < strings.ToLower(b.Groups[c].Customer.Name)
	})
	return b, nil
}
