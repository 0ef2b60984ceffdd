package review

import (
	"fmt"

	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/customers"
	"github.com/backupchecks/backupchecks/app/jobs"
	"github.com/backupchecks/backupchecks/app/memo"
	"github.com/backupchecks/backupchecks/app/runs"
)

// Service answers the Run Checks page and its bulk actions.
type Service struct {
	Runs      *runs.Service
	Jobs      *jobs.Service
	Customers *customers.Service
	// Generation is the store's commit count; with it, every operator
	// looking at the same queue shares one computation. Nil: no sharing.
	Generation func() uint64

	arrangements memo.Cache[Filter, arrangement]
	pages        memo.Cache[pageKey, Queue]
}

type arrangement struct {
	kept   []entry
	counts Counts
}

type pageKey struct {
	f     Filter
	limit int
}

// PageSize is how many runs one Run Checks page shows.
const PageSize = 200

// arranged is the queue f selects in display order, shared while the store is unchanged.
func (s *Service) arranged(f Filter) ([]entry, Counts, error) {
	if s.Generation == nil {
		a, err := s.arrange(f)
		return a.kept, a.counts, err
	}
	a, err := s.arrangements.Get(s.Generation(), f, func() (arrangement, error) { return s.arrange(f) })
	return a.kept, a.counts, err
}

func (s *Service) arrange(f Filter) (arrangement, error) {
	q, err := s.Runs.Unreviewed()
	if err != nil {
		return arrangement{}, fmt.Errorf("read the review queue: %w", err)
	}
	js, err := s.Jobs.All()
	if err != nil {
		return arrangement{}, fmt.Errorf("read jobs: %w", err)
	}
	cs, err := s.Customers.List("")
	if err != nil {
		return arrangement{}, fmt.Errorf("read customers: %w", err)
	}
	jobByID := make(map[uint64]*jobs.Job, len(js))
	for i := range js {
		jobByID[js[i].ID] = &js[i]
	}
	custByID := make(map[uint64]*customers.Customer, len(cs))
	for i := range cs {
		custByID[cs[i].ID] = &cs[i]
	}
	kept, counts := arrange(q, jobByID, custByID, f)
	return arrangement{kept, counts}, nil
}

// Version is the fingerprint of the queue f selects, without loading runs.
func (s *Service) Version(f Filter) (string, error) {
	kept, _, err := s.arranged(f)
	if err != nil {
		return "", err
	}
	return version(kept, f), nil
}

// Counts are the unreviewed runs of active jobs per status, of the
// filter's customer (all when zero).
func (s *Service) Counts(f Filter) (Counts, error) {
	_, c, err := s.arranged(Filter{CustomerID: f.CustomerID})
	return c, err
}

// Page returns the first limit runs of the queue f selects, grouped.
// Callers must not modify the result: it may be shared.
func (s *Service) Page(f Filter, limit int) (Queue, error) {
	if s.Generation == nil {
		return s.page(f, limit)
	}
	return s.pages.Get(s.Generation(), pageKey{f, limit}, func() (Queue, error) { return s.page(f, limit) })
}

func (s *Service) page(f Filter, limit int) (Queue, error) {
	kept, counts, err := s.arranged(f)
	if err != nil {
		return Queue{}, err
	}
	out := Queue{Counts: counts, Matched: len(kept), Version: version(kept, f)}
	page := kept
	if len(page) > limit {
		page = page[:limit]
	}
	ids := make([]uint64, len(page))
	for i, e := range page {
		ids[i] = e.RunID
	}
	loaded, err := s.Runs.Load(ids)
	if err != nil {
		return Queue{}, fmt.Errorf("read queued runs: %w", err)
	}
	hidden := map[uint64]int{}
	for _, e := range kept[len(page):] {
		hidden[e.JobID]++
	}
	byID := make(map[uint64]runs.Run, len(loaded))
	for _, r := range loaded {
		byID[r.ID] = r
	}
	for _, e := range page {
		r, ok := byID[e.RunID]
		if !ok {
			continue // reviewed or removed between the index scan and the load
		}
		if n := len(out.Groups); n == 0 || out.Groups[n-1].Customer.ID != e.job.CustomerID {
			out.Groups = append(out.Groups, CustomerGroup{Customer: *e.cust})
		}
		cg := &out.Groups[len(out.Groups)-1]
		if n := len(cg.Jobs); n == 0 || cg.Jobs[n-1].Job.ID != e.JobID {
			cg.Jobs = append(cg.Jobs, JobGroup{Job: *e.job, Hidden: hidden[e.JobID]})
		}
		jg := &cg.Jobs[len(cg.Jobs)-1]
		jg.Runs = append(jg.Runs, r)
		out.Shown++
	}
	for _, cg := range out.Groups {
		for _, jg := range cg.Jobs {
			rec, err := s.Runs.RecoveriesOf(jg.Job.ID, jg.Job.LastSuccess, jg.Runs)
			if err != nil {
				return Queue{}, err
			}
			for id, r := range rec {
				if out.Recovered == nil {
					out.Recovered = map[uint64]runs.Recovery{}
				}
				out.Recovered[id] = r
			}
		}
	}
	return out, nil
}

// ReviewJob reviews every queued run of one job.
func (s *Service) ReviewJob(jobID uint64, by audit.Actor) (int, error) {
	j, err := s.Jobs.Get(jobID)
	if err != nil {
		return 0, err
	}
	return s.Runs.ReviewWhere(func(e runs.QueueEntry) bool { return e.JobID == jobID }, by, "all runs of job "+j.Name)
}

// ReviewSuccesses reviews every queued successful run the filter's
// customer selects (all customers when zero).
func (s *Service) ReviewSuccesses(f Filter, by audit.Actor) (int, error) {
	kept, _, err := s.arranged(Filter{Status: runs.Success, CustomerID: f.CustomerID})
	if err != nil {
		return 0, err
	}
	ids := make(map[uint64]bool, len(kept))
	for _, e := range kept {
		ids[e.RunID] = true
	}
	return s.Runs.ReviewWhere(func(e runs.QueueEntry) bool { return ids[e.RunID] }, by, "all successful runs")
}
