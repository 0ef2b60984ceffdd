package storage

import (
	"errors"
	"sort"
	"sync"

	"github.com/dgraph-io/badger/v4"

	"github.com/backupchecks/backupchecks/app/jobs"
)

// jobCache keeps every job decoded in memory. Run Checks, Daily Jobs and
// the dashboard each need all jobs, and decoding thousands of records per
// request was most of their time; jobs are few, so they fit easily.
//
// Every write to a job record marks its ID dirty after the commit; the next
// read reloads the dirty ones. A reader clears the marks before it reads,
// so a commit racing the reload marks again and is picked up next time:
// the cache is never older than the commits finished before the read began.
type jobCache struct {
	load  sync.Mutex // one refresh at a time, so no reader returns a half-refreshed list
	mu    sync.Mutex // guards the fields below
	byID  map[uint64]jobs.Job
	dirty map[uint64]struct{}
}

// jobsChanged marks jobs as changed; call it after the commit that wrote them.
func (s *Store) jobsChanged(ids ...uint64) {
	s.jobs.mu.Lock()
	defer s.jobs.mu.Unlock()
	if s.jobs.dirty == nil {
		s.jobs.dirty = map[uint64]struct{}{}
	}
	for _, id := range ids {
		s.jobs.dirty[id] = struct{}{}
	}
}

// Jobs implements jobs.Store: every job in ID order, from the cache.
func (s *Store) Jobs() ([]jobs.Job, error) {
	c := &s.jobs
	c.load.Lock()
	defer c.load.Unlock()
	c.mu.Lock()
	full := c.byID == nil
	dirty := c.dirty
	c.dirty = map[uint64]struct{}{}
	c.mu.Unlock()

	if full {
		var list []jobs.Job
		if err := s.view(func(txn *badger.Txn) (err error) { list, err = jobTable.all(txn); return err }); err != nil {
			s.jobsChanged(keys(dirty)...) // keep the marks for the next attempt
			return nil, err
		}
		byID := make(map[uint64]jobs.Job, len(list))
		for _, j := range list {
			byID[j.ID] = j
		}
		c.mu.Lock()
		c.byID = byID
		c.mu.Unlock()
	} else if len(dirty) > 0 {
		fresh := map[uint64]*jobs.Job{}
		err := s.view(func(txn *badger.Txn) error {
			for id := range dirty {
				j, err := jobTable.get(txn, id)
				switch {
				case errors.Is(err, ErrNotFound):
					fresh[id] = nil
				case err != nil:
					return err
				default:
					fresh[id] = &j
				}
			}
			return nil
		})
		if err != nil {
			s.jobsChanged(keys(dirty)...)
			return nil, err
		}
		c.mu.Lock()
		for id, j := range fresh {
			if j == nil {
				delete(c.byID, id)
			} else {
				c.byID[id] = *j
			}
		}
		c.mu.Unlock()
	}
	c.mu.Lock()
	out := make([]jobs.Job, 0, len(c.byID))
	for _, j := range c.byID {
		out = append(out, j)
	}
	c.mu.Unlock()
	sort.Slice(out, func(a, b int) bool { return out[a].ID < out[b].ID })
	return out, nil
}

func keys(m map[uint64]struct{}) []uint64 {
	out := make([]uint64, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}
