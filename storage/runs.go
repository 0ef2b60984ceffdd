package storage

import (
	"encoding/base64"
	"errors"
	"fmt"

	"github.com/dgraph-io/badger/v4"

	"github.com/backupchecks/backupchecks/app/runs"
)

// Run keys are built for the large-MSP scale (millions of runs): every
// page reads a prefix of one of these indexes, never all runs.
//
//	run/<id>                                the run
//	ix/run/ext/<job><external ID>           → <id>; unique: one run per report
//	ix/run/job/<job><ts><id>                Job Details, newest first
//	ix/run/time/<ts><id>                    Daily Jobs: one day is one key range
//	ix/run/unrev/<id>                       Run Checks: the runs not yet reviewed
var runTable = table[runs.Run]{
	prefix: "run/",
	id:     func(r *runs.Run) uint64 { return r.ID },
	indexes: func(r *runs.Run) []indexKey {
		ts := timeKey(r.Time)
		ix := []indexKey{
			{key: key("ix/run/ext/", r.JobID, r.ExternalID), unique: true},
			{key: key("ix/run/job/", r.JobID, ts, r.ID)},
			{key: key("ix/run/time/", ts, r.ID)},
		}
		if r.Reviewed.IsZero() {
			ix = append(ix, indexKey{key: key("ix/run/unrev/", r.ID)})
		}
		return ix
	},
}

// RecordRun implements runs.Store.
func (s *Store) RecordRun(r runs.Run) (runs.Run, bool, error) {
	id, err := s.nextID("run")
	if err != nil {
		return r, false, err
	}
	r.ID = id
	var stored runs.Run
	created := false
	err = s.update(func(txn *badger.Txn) error {
		existing, err := runTable.lookup(txn, key("ix/run/ext/", r.JobID, r.ExternalID))
		if err == nil {
			stored, created = existing, false
			return nil
		}
		if !errors.Is(err, ErrNotFound) {
			return err
		}
		j, err := jobTable.get(txn, r.JobID)
		if err != nil {
			return fmt.Errorf("job %d: %w", r.JobID, jobErr(err))
		}
		if err := runTable.put(txn, &r); err != nil {
			return err
		}
		if !r.Time.Before(j.LastRun) {
			j.LastRun, j.LastStatus = r.Time, string(r.Status)
			if err := jobTable.put(txn, &j); err != nil {
				return err
			}
		}
		stored, created = r, true
		return nil
	})
	if err != nil {
		return runs.Run{}, false, fmt.Errorf("record run: %w", err)
	}
	return stored, created, nil
}

// Run implements runs.Store.
func (s *Store) Run(id uint64) (runs.Run, error) {
	var r runs.Run
	err := s.view(func(txn *badger.Txn) (err error) { r, err = runTable.get(txn, id); return err })
	if errors.Is(err, ErrNotFound) {
		return r, runs.ErrNotFound
	}
	return r, err
}

// RunsOfJob implements runs.Store: a reverse scan of the job's time index.
func (s *Store) RunsOfJob(jobID uint64, before string, limit int) (runs.Page, error) {
	if limit <= 0 || limit > 1000 {
		limit = 100
	}
	prefix := key("ix/run/job/", jobID)
	var cursor []byte
	if before != "" {
		tail, err := base64.RawURLEncoding.DecodeString(before)
		if err != nil || len(tail) != 16 {
			return runs.Page{}, fmt.Errorf("runs: bad page cursor")
		}
		cursor = key(prefix, tail)
	}
	var page runs.Page
	err := s.view(func(txn *badger.Txn) error {
		return scanPage(txn, prefix, cursor, true, func(k []byte) (bool, error) {
			if len(page.Runs) == limit {
				last := page.Runs[len(page.Runs)-1]
				page.Next = base64.RawURLEncoding.EncodeToString(key(timeKey(last.Time), last.ID))
				return false, nil
			}
			r, err := runTable.get(txn, beUint64(k[len(k)-8:]))
			if err != nil {
				return false, fmt.Errorf("run index %x: %w", k, err)
			}
			page.Runs = append(page.Runs, r)
			return true, nil
		})
	})
	return page, err
}
