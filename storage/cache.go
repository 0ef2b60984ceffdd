package storage

import (
	"errors"
	"slices"
	"sync"

	"github.com/dgraph-io/badger/v4"
)

// recordCache keeps every record of a small table decoded in memory, in
// ID order. Run Checks, Daily Jobs, Job Details and the dashboard each
// need all jobs and customers, and decoding thousands of records per
// request was most of their time; there are few enough to fit easily.
//
// Every write to a record marks its ID dirty after the commit; the next
// read reloads the dirty ones. A reader clears the marks before it reads,
// so a commit racing the reload marks again and is picked up next time:
// the cache is never older than the commits finished before the read began.
type recordCache[T any] struct {
	table table[T]
	load  sync.Mutex // one refresh at a time, so no reader returns a half-refreshed list
	mu    sync.Mutex // guards the fields below
	byID  map[uint64]T
	list  []T  // byID in ID order, for where
	stale bool // list lags byID: rebuilt by the next where, not by every refresh
	dirty map[uint64]struct{}
}

// changed marks records as changed; call it after the commit that wrote them.
func (c *recordCache[T]) changed(ids ...uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.dirty == nil {
		c.dirty = map[uint64]struct{}{}
	}
	for _, id := range ids {
		c.dirty[id] = struct{}{}
	}
}

// where returns, in ID order, a copy of every record keep accepts.
func (c *recordCache[T]) where(s *Store, keep func(*T) bool) ([]T, error) {
	if err := c.refresh(s); err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.stale {
		c.rebuildList()
	}
	if keep == nil {
		return append([]T(nil), c.list...), nil
	}
	var out []T
	for i := range c.list {
		if keep(&c.list[i]) {
			out = append(out, c.list[i])
		}
	}
	return out, nil
}

// get returns one record from the cache; ok is false when none has the ID.
func (c *recordCache[T]) get(s *Store, id uint64) (rec T, ok bool, err error) {
	if err := c.refresh(s); err != nil {
		return rec, false, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	rec, ok = c.byID[id]
	return rec, ok, nil
}

func (c *recordCache[T]) refresh(s *Store) error {
	c.load.Lock()
	defer c.load.Unlock()
	c.mu.Lock()
	full := c.byID == nil
	dirty := c.dirty
	c.dirty = map[uint64]struct{}{}
	c.mu.Unlock()

	if full {
		var list []T
		if err := s.view(func(txn *badger.Txn) (err error) { list, err = c.table.all(txn); return err }); err != nil {
			c.changed(keys(dirty)...) // keep the marks for the next attempt
			return err
		}
		byID := make(map[uint64]T, len(list))
		for i := range list {
			byID[c.table.id(&list[i])] = list[i]
		}
		c.mu.Lock()
		c.byID, c.list = byID, list
		c.mu.Unlock()
		return nil
	}
	if len(dirty) == 0 {
		return nil
	}
	fresh := map[uint64]*T{}
	err := s.view(func(txn *badger.Txn) error {
		for id := range dirty {
			rec, err := c.table.get(txn, id)
			switch {
			case errors.Is(err, ErrNotFound):
				fresh[id] = nil
			case err != nil:
				return err
			default:
				fresh[id] = &rec
			}
		}
		return nil
	})
	if err != nil {
		c.changed(keys(dirty)...)
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for id, rec := range fresh {
		if rec == nil {
			delete(c.byID, id)
		} else {
			c.byID[id] = *rec
		}
	}
	c.stale = true
	return nil
}

// rebuildList sorts IDs, not records; call it with mu held.
func (c *recordCache[T]) rebuildList() {
	ids := make([]uint64, 0, len(c.byID))
	for id := range c.byID {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	c.list = make([]T, len(ids))
	for i, id := range ids {
		c.list[i] = c.byID[id]
	}
	c.stale = false
}

func keys(m map[uint64]struct{}) []uint64 {
	out := make([]uint64, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}
