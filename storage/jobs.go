package storage

import (
	"errors"
	"fmt"

	"github.com/dgraph-io/badger/v4"

	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/jobs"
)

var jobTable = table[jobs.Job]{
	prefix: "job/",
	id:     func(j *jobs.Job) uint64 { return j.ID },
	indexes: func(j *jobs.Job) []indexKey {
		ix := []indexKey{
			{key: key("ix/job/key/", j.MatchKey), unique: true},
			{key: key("ix/job/cust/", j.CustomerID, j.ID)},
		}
		for _, a := range j.Aliases {
			ix = append(ix, indexKey{key: key("ix/job/key/", a), unique: true})
		}
		return ix
	},
}

// Job implements jobs.Store.
func (s *Store) Job(id uint64) (jobs.Job, error) {
	var j jobs.Job
	err := s.view(func(txn *badger.Txn) (err error) { j, err = jobTable.get(txn, id); return err })
	return j, jobErr(err)
}

// Jobs implements jobs.Store: every job in ID order, from the cache.
func (s *Store) Jobs() ([]jobs.Job, error) { return s.jobs.where(s, nil) }

// JobsOfCustomer implements jobs.Store: the customer's jobs in ID order, from the cache.
func (s *Store) JobsOfCustomer(customerID uint64) ([]jobs.Job, error) {
	return s.jobs.where(s, func(j *jobs.Job) bool { return j.CustomerID == customerID })
}

// jobsChanged marks jobs as changed; call it after the commit that wrote them.
func (s *Store) jobsChanged(ids ...uint64) { s.jobs.changed(ids...) }

// JobByKey implements jobs.Store.
// Every imported mail looks its job up by key, so the job comes from the
// cache: only the index entry is read.
func (s *Store) JobByKey(matchKey string) (jobs.Job, error) {
	var id uint64
	err := s.view(func(txn *badger.Txn) (err error) {
		id, err = uniqueOwner(txn, key("ix/job/key/", matchKey))
		return err
	})
	if err != nil {
		return jobs.Job{}, err
	}
	j, ok, err := s.jobs.get(s, id)
	switch {
	case err != nil:
		return j, err
	case id == 0 || !ok:
		return j, jobs.ErrNotFound
	}
	return j, nil
}

// CreateJob implements jobs.Store.
func (s *Store) CreateJob(j jobs.Job, ev audit.Event) (jobs.Job, error) {
	id, err := s.nextID("job")
	if err != nil {
		return j, err
	}
	j.ID = id
	err = s.putAudited(ev, func(txn *badger.Txn) error { return jobErr(jobTable.put(txn, &j)) })
	s.jobsChanged(j.ID)
	return j, err
}

// SaveJob implements jobs.Store. The last-run summary and the scheduler's
// state are kept from the stored record: only RecordRun and SaveJobState
// move them, so an edit racing either cannot roll it back.
func (s *Store) SaveJob(j jobs.Job, ev audit.Event) error {
	defer s.jobsChanged(j.ID)
	return s.putAudited(ev, func(txn *badger.Txn) error {
		cur, err := jobTable.get(txn, j.ID)
		if err != nil {
			return jobErr(err)
		}
		j.KeepRunSummary(cur)
		return jobErr(jobTable.put(txn, &j))
	})
}

// SaveJobState implements jobs.Store: the scheduler's part of the record only.
func (s *Store) SaveJobState(id uint64, st jobs.State) error {
	defer s.jobsChanged(id)
	return s.update(func(txn *badger.Txn) error {
		j, err := jobTable.get(txn, id)
		if err != nil {
			return jobErr(err)
		}
		j.State = st
		return jobErr(jobTable.put(txn, &j))
	})
}

func jobErr(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, ErrNotFound):
		return jobs.ErrNotFound
	case errors.Is(err, ErrDuplicate):
		return jobs.ErrKeyTaken
	case errors.Is(err, jobs.ErrNotFound), errors.Is(err, jobs.ErrKeyTaken):
		return err
	}
	return fmt.Errorf("jobs: %w", err)
}
