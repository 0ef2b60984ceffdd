// Package review builds the Run Checks queue: every unreviewed run of an
// active job, worst first, grouped by customer and job. It reads the
// unreviewed index first and loads only the runs it will show, so the page
// costs the same with a hundred runs in the queue or a hundred thousand.
package review

import (
	"hash/fnv"
	"sort"
	"strconv"
	"strings"

	"github.com/backupchecks/backupchecks/app/customers"
	"github.com/backupchecks/backupchecks/app/jobs"
	"github.com/backupchecks/backupchecks/app/runs"
)

// Filter narrows the queue; zero values mean "any".
type Filter struct {
	Status     runs.Status
	CustomerID uint64
	Recovery   Recovery
}

// Recovery narrows the queue to failed, warning and missed runs by what
// their job did since.
type Recovery string

const (
	StillFailing Recovery = "failing"   // no success of the job since
	Recovered    Recovery = "recovered" // the job succeeded after it
)

// Valid reports whether r is one of the two, or "" (any).
func (r Recovery) Valid() bool { return r == "" || r == StillFailing || r == Recovered }

// Counts are the unreviewed runs per status, and how many of them a later
// success of their job recovered.
type Counts struct{ Failed, Missed, Warning, Success, Recovered int }

// Total is the number of unreviewed runs counted.
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

// JobGroup is one job's unreviewed runs, worst first then newest first.
type JobGroup struct {
	Job    jobs.Job
	Runs   []runs.Run
	Hidden int // runs of this job beyond the page limit
}

// CustomerGroup is one customer's jobs with unreviewed runs.
type CustomerGroup struct {
	Customer customers.Customer
	Jobs     []JobGroup
}

// Queue is one page of the review queue.
type Queue struct {
	Groups  []CustomerGroup
	Counts  Counts // per status, for the chosen customer, before the status filter
	Matched int    // runs the filter keeps
	Shown   int    // runs on this page (at most the limit)
	Version string // changes whenever the set of matched runs changes
	// Recovered holds, by run ID, the run that recovered each shown failed,
	// warning or missed run; those still failing are absent.
	Recovered map[uint64]runs.Recovery
}

// entry is a queue entry with its job, customer and precomputed sort keys.
type entry struct {
	runs.QueueEntry
	job                 *jobs.Job
	cust                *customers.Customer
	worstCust, worstJob int
	custName, jobName   string // lower case
}

// arrange keeps the entries of active jobs that f matches and sorts them
// into display order: customers by their worst run then name, jobs the same
// within a customer, runs worst first then newest first.
func arrange(q []runs.QueueEntry, jobByID map[uint64]*jobs.Job, custByID map[uint64]*customers.Customer, f Filter) ([]entry, Counts) {
	var counts Counts
	var kept []entry
	noCustomer := &customers.Customer{}
	for _, e := range q {
		j, ok := jobByID[e.JobID]
		if !ok || j.Archived { // archived jobs leave the queue; their runs stay unreviewed
			continue
		}
		if f.CustomerID != 0 && j.CustomerID != f.CustomerID {
			continue
		}
		st := runs.StatusOfSeverity(e.Severity)
		recovered := runs.Recovered(st, e.Time, j.LastSuccess)
		counts.add(st)
		if recovered {
			counts.Recovered++
		}
		if f.Status != "" && st != f.Status ||
			f.Recovery == Recovered && !recovered ||
			f.Recovery == StillFailing && (recovered || st == runs.Success) {
			continue
		}
		c := custByID[j.CustomerID]
		if c == nil {
			c = noCustomer
		}
		kept = append(kept, entry{QueueEntry: e, job: j, cust: c})
	}
	worstCust, worstJob := map[uint64]int{}, map[uint64]int{}
	lower := map[string]string{}
	low := func(s string) string {
		l, ok := lower[s]
		if !ok {
			l = strings.ToLower(s)
			lower[s] = l
		}
		return l
	}
	for _, e := range kept {
		if w, ok := worstCust[e.job.CustomerID]; !ok || e.Severity < w {
			worstCust[e.job.CustomerID] = e.Severity
		}
		if w, ok := worstJob[e.JobID]; !ok || e.Severity < w {
			worstJob[e.JobID] = e.Severity
		}
	}
	for i := range kept {
		e := &kept[i]
		e.worstCust, e.worstJob = worstCust[e.job.CustomerID], worstJob[e.JobID]
		e.custName, e.jobName = low(e.cust.Name), low(e.job.Name)
	}
	sort.Slice(kept, func(a, b int) bool {
		x, y := &kept[a], &kept[b]
		if x.job.CustomerID != y.job.CustomerID {
			if x.worstCust != y.worstCust {
				return x.worstCust < y.worstCust
			}
			if x.custName != y.custName {
				return x.custName < y.custName
			}
			return x.job.CustomerID < y.job.CustomerID
		}
		if x.JobID != y.JobID {
			if x.worstJob != y.worstJob {
				return x.worstJob < y.worstJob
			}
			if x.jobName != y.jobName {
				return x.jobName < y.jobName
			}
			return x.JobID < y.JobID
		}
		if x.Severity != y.Severity {
			return x.Severity < y.Severity
		}
		if !x.Time.Equal(y.Time) {
			return x.Time.After(y.Time)
		}
		return x.RunID > y.RunID
	})
	return kept, counts
}

// version fingerprints the matched runs and filter: the page polls with it
// and gets "nothing changed" without a re-render.
func version(kept []entry, f Filter) string {
	ids := make([]uint64, len(kept))
	for i, e := range kept {
		ids[i] = e.RunID
	}
	sort.Slice(ids, func(a, b int) bool { return ids[a] < ids[b] })
	h := fnv.New64a()
	h.Write([]byte(string(f.Status) + "/" + strconv.FormatUint(f.CustomerID, 10) + "/" + string(f.Recovery)))
	var buf [8]byte
	for _, id := range ids {
		for i := range buf {
			buf[i] = byte(id >> (8 * i))
		}
		h.Write(buf[:])
	}
	return strconv.FormatUint(h.Sum64(), 36)
}
