package storage

import (
	"fmt"
	"time"

	"github.com/dgraph-io/badger/v4"

	"github.com/backupchecks/backupchecks/app/jobs"
	"github.com/backupchecks/backupchecks/app/runs"
)

// fillLastSeen gives every job its newest reported and newest successful
// run, which jobs recorded before these fields existed lack. Each job's
// runs are read newest first until both are found, so a job that reports
// daily costs a few reads; one that never succeeded reads its history once.
// A job whose fields are already right is not written, so a crash part-way
// is mended by running it again.
func fillLastSeen(s *Store) error {
	var changed []jobs.Job
	err := s.view(func(txn *badger.Txn) error {
		all, err := jobTable.all(txn)
		if err != nil {
			return err
		}
		for _, j := range all {
			seen, success, err := lastSeenOf(txn, j.ID)
			if err != nil {
				return fmt.Errorf("job %d: %w", j.ID, err)
			}
			if !seen.Equal(j.LastSeen) || !success.Equal(j.LastSuccess) {
				j.LastSeen, j.LastSuccess = seen, success
				changed = append(changed, j)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	defer func() {
		for _, j := range changed {
			s.jobsChanged(j.ID)
		}
	}()
	_, err = inBatches(s, changed, func(txn *badger.Txn, batch []jobs.Job, _ int) (int, error) {
		for _, j := range batch {
			cur, err := jobTable.get(txn, j.ID)
			if err != nil {
				return 0, err
			}
			cur.LastSeen, cur.LastSuccess = j.LastSeen, j.LastSuccess
			if err := jobTable.put(txn, &cur); err != nil {
				return 0, err
			}
		}
		return len(batch), nil
	})
	return err
}

// lastSeenOf reads a job's runs newest first until it has found its newest
// run that is not a missed one and its newest success.
func lastSeenOf(txn *badger.Txn, jobID uint64) (seen, success time.Time, err error) {
	err = scanPage(txn, key("ix/run/job/", jobID), nil, true, func(k []byte) (bool, error) {
		r, err := runTable.get(txn, beUint64(k[len(k)-8:]))
		if err != nil {
			return false, fmt.Errorf("run index %x: %w", k, err)
		}
		if r.Status != runs.Missed && seen.IsZero() {
			seen = r.Time
		}
		if r.Status == runs.Success && success.IsZero() {
			success = r.Time
		}
		return success.IsZero(), nil
	})
	return seen, success, err
}
