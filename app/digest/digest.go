// Package digest builds the daily digest: per customer, what waits for
// review and which runs failed or were missed on the last business day,
// with links into Run Checks, as a mail for people who start their day in
// their inbox.
package digest

import (
	"cmp"
	"fmt"
	"slices"
	"time"

	"github.com/backupchecks/backupchecks/app/customers"
	"github.com/backupchecks/backupchecks/app/jobs"
	"github.com/backupchecks/backupchecks/app/runs"
	"github.com/backupchecks/backupchecks/app/schedule"
)

// Problem is a run that failed or was missed.
type Problem struct {
	RunID   uint64
	Job     string
	Status  runs.Status
	Time    time.Time
	Message string
	Link    string
}

// Customer is one customer's part of the digest.
type Customer struct {
	ID            uint64
	Name          string
	Waiting       int       // runs waiting for review
	OldestWaiting time.Time // of those
	Problems      []Problem // newest first, at most MaxProblems
	MoreProblems  int
	Failed        int
	Missed        int
	Link          string // Run Checks for this customer
}

// Digest is one day's mail.
type Digest struct {
	MSP      string
	Day      schedule.Day // the day it is sent
	From, To schedule.Day // the business days its problems cover
	Waiting  int
	Failed   int
	Missed   int
	// Customers with something to see, those with problems first.
	Customers []Customer
	Link      string // Run Checks; empty without a base URL
	Zone      *time.Location
}

// MaxProblems bounds a customer's list; the rest are counted.
const MaxProblems = 20

// Sources are what the digest reads.
type Sources struct {
	Jobs      *jobs.Service
	Customers *customers.Service
	Runs      *runs.Service
}

// Options are the settings the digest is made with.
type Options struct {
	MSP     string
	BaseURL string
	Clock   schedule.Clock
}

// Build makes the digest sent on day, covering business days from..to.
func Build(src Sources, opt Options, day, from, to schedule.Day) (Digest, error) {
	d := Digest{MSP: opt.MSP, Day: day, From: from, To: to, Zone: opt.Clock.Loc}
	if opt.BaseURL != "" {
		d.Link = opt.BaseURL + "/review"
	}
	all, err := src.Jobs.All()
	if err != nil {
		return d, fmt.Errorf("read jobs: %w", err)
	}
	jobOf := make(map[uint64]jobs.Job, len(all))
	for _, j := range all {
		jobOf[j.ID] = j
	}
	byCustomer := map[uint64]*Customer{}
	customer := func(jobID uint64) *Customer {
		j, ok := jobOf[jobID]
		if !ok || j.Archived {
			return nil
		}
		c := byCustomer[j.CustomerID]
		if c == nil {
			c = &Customer{ID: j.CustomerID}
			if opt.BaseURL != "" {
				c.Link = fmt.Sprintf("%s/review?customer=%d", opt.BaseURL, j.CustomerID)
			}
			byCustomer[j.CustomerID] = c
		}
		return c
	}
	queue, err := src.Runs.Unreviewed()
	if err != nil {
		return d, fmt.Errorf("read the review queue: %w", err)
	}
	for _, e := range queue {
		if c := customer(e.JobID); c != nil {
			c.Waiting++
			d.Waiting++
			if c.OldestWaiting.IsZero() || e.Time.Before(c.OldestWaiting) {
				c.OldestWaiting = e.Time
			}
		}
	}
	start, _ := opt.Clock.Bounds(from)
	_, end := opt.Clock.Bounds(to)
	err = src.Runs.EachBetween(start, end, func(b runs.Brief) error {
		if b.Status != runs.Failed && b.Status != runs.Missed {
			return nil
		}
		c := customer(b.JobID)
		if c == nil {
			return nil
		}
		if b.Status == runs.Failed {
			c.Failed++
			d.Failed++
		} else {
			c.Missed++
			d.Missed++
		}
		p := Problem{RunID: b.ID, Job: jobOf[b.JobID].Name, Status: b.Status, Time: b.Time, Message: b.Message}
		if opt.BaseURL != "" {
			p.Link = fmt.Sprintf("%s/runs/%d", opt.BaseURL, b.ID)
		}
		c.Problems = append(c.Problems, p)
		return nil
	})
	if err != nil {
		return d, fmt.Errorf("read the runs of %s to %s: %w", from, to, err)
	}
	for id, c := range byCustomer {
		if cu, err := src.Customers.Get(id); err == nil {
			c.Name = cu.Name
		}
		slices.SortFunc(c.Problems, func(a, b Problem) int { return b.Time.Compare(a.Time) })
		if len(c.Problems) > MaxProblems {
			c.MoreProblems = len(c.Problems) - MaxProblems
			c.Problems = c.Problems[:MaxProblems]
		}
		d.Customers = append(d.Customers, *c)
	}
	slices.SortFunc(d.Customers, func(a, b Customer) int {
		return cmp.Or(cmp.Compare(b.Failed+b.Missed, a.Failed+a.Missed), cmp.Compare(b.Waiting, a.Waiting), cmp.Compare(a.Name, b.Name))
	})
	return d, nil
}

// Subject is the mail's subject line: the figures, so the inbox alone
// says whether to look.
func (d Digest) Subject() string {
	if d.Failed+d.Missed+d.Waiting == 0 {
		return "Backups " + d.Day.String() + ": all clear"
	}
	return fmt.Sprintf("Backups %s: %d failed, %d missed, %d waiting for review", d.Day, d.Failed, d.Missed, d.Waiting)
}
