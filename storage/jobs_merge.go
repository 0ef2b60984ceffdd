package storage

import (
	"errors"
	"fmt"

	"github.com/dgraph-io/badger/v4"

	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/jobs"
	"github.com/backupchecks/backupchecks/app/overrides"
	"github.com/backupchecks/backupchecks/app/remarks"
	"github.com/backupchecks/backupchecks/app/runs"
)

// runIDsOfJob lists a job's runs from its time index.
func (s *Store) runIDsOfJob(jobID uint64) ([]uint64, error) {
	var ids []uint64
	prefix := key("ix/run/job/", jobID)
	err := s.view(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: prefix})
		defer it.Close()
		for it.Seek(prefix); it.ValidForPrefix(prefix); it.Next() {
			k := it.Item().Key()
			ids = append(ids, beUint64(k[len(k)-8:]))
		}
		return nil
	})
	return ids, err
}

// MergeJobs implements jobs.Store. Runs move in bounded batches, each batch
// whole; the last transaction removes from, hands its match keys to into
// and carries the audit event. Interrupted, it leaves both jobs in place
// with some runs moved, and running the merge again finishes it.
func (s *Store) MergeJobs(from, into uint64, ev audit.Event) (int, error) {
	ids, err := s.runIDsOfJob(from)
	if err != nil {
		return 0, err
	}
	moved, err := inBatches(s, ids, func(txn *badger.Txn, batch []uint64, _ int) (int, error) {
		for _, id := range batch {
			r, err := runTable.get(txn, id)
			if errors.Is(err, ErrNotFound) {
				continue
			}
			if err != nil {
				return 0, err
			}
			if err := runTable.delete(txn, id); err != nil {
				return 0, err
			}
			if _, err := runTable.lookup(txn, key("ix/run/ext/", into, r.ExternalID)); err == nil {
				continue // the same report is already in into: keep that one
			} else if !errors.Is(err, ErrNotFound) {
				return 0, err
			}
			r.JobID = into
			if err := runTable.put(txn, &r); err != nil {
				return 0, err
			}
		}
		return len(batch), nil
	})
	if err != nil {
		return moved, fmt.Errorf("move runs: %w", err)
	}
	auditID, err := s.nextID("audit")
	if err != nil {
		return moved, err
	}
	defer s.jobsChanged(from, into)
	err = s.update(func(txn *badger.Txn) error {
		src, err := jobTable.get(txn, from)
		if err != nil {
			return jobErr(err)
		}
		dst, err := jobTable.get(txn, into)
		if err != nil {
			return jobErr(err)
		}
		if err := jobTable.delete(txn, from); err != nil {
			return err
		}
		dst.Aliases = append(dst.Aliases, src.MatchKey)
		dst.Aliases = append(dst.Aliases, src.Aliases...)
		if src.LastRun.After(dst.LastRun) {
			dst.LastRun, dst.LastStatus = src.LastRun, src.LastStatus
		}
		if src.LastSeen.After(dst.LastSeen) {
			dst.LastSeen = src.LastSeen
		}
		if src.LastSuccess.After(dst.LastSuccess) {
			dst.LastSuccess = src.LastSuccess
		}
		if err := jobTable.put(txn, &dst); err != nil {
			return jobErr(err)
		}
		if err := s.repointJob(txn, from, into); err != nil {
			return err
		}
		return putAudit(txn, auditID, ev)
	})
	return moved, err
}

// DeleteJob implements jobs.Store: runs go in bounded batches, then the
// job with its remarks and overrides and the audit event in one transaction.
func (s *Store) DeleteJob(id uint64, ev audit.Event) (int, error) {
	ids, err := s.runIDsOfJob(id)
	if err != nil {
		return 0, err
	}
	n, err := inBatches(s, ids, func(txn *badger.Txn, batch []uint64, _ int) (int, error) {
		for _, rid := range batch {
			if err := runTable.delete(txn, rid); err != nil && !errors.Is(err, ErrNotFound) {
				return 0, err
			}
		}
		return len(batch), nil
	})
	if err != nil {
		return 0, fmt.Errorf("delete runs: %w", err)
	}
	auditID, err := s.nextID("audit")
	if err != nil {
		return n, err
	}
	defer s.jobsChanged(id)
	return n, s.update(func(txn *badger.Txn) error {
		if err := jobTable.delete(txn, id); err != nil {
			return jobErr(err)
		}
		if err := s.repointJob(txn, id, 0); err != nil {
			return err
		}
		return putAudit(txn, auditID, ev)
	})
}

// repointJob points the remarks and overrides of job from at job to, or
// with to = 0 deletes them.
func (s *Store) repointJob(txn *badger.Txn, from, to uint64) error {
	if err := repoint(txn, remarkTable, func(r *remarks.Remark) *uint64 { return &r.JobID }, from, to); err != nil {
		return err
	}
	return repoint(txn, overrideTable, func(o *overrides.Override) *uint64 { return &o.JobID }, from, to)
}

// repoint rewrites (or deletes) the records of a small table whose job is
// from; such tables hold dozens of records, so they are scanned whole.
func repoint[T any](txn *badger.Txn, t table[T], job func(*T) *uint64, from, to uint64) error {
	all, err := t.all(txn)
	if err != nil {
		return err
	}
	for i := range all {
		rec := &all[i]
		if *job(rec) != from {
			continue
		}
		if to == 0 {
			err = t.delete(txn, t.id(rec))
		} else {
			*job(rec) = to
			err = t.put(txn, rec)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

var _ jobs.Store = (*Store)(nil)
var _ runs.Store = (*Store)(nil)
