package storage

import (
	"errors"

	"github.com/dgraph-io/badger/v4"

	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/psa"
)

// A run's Autotask ticket links live apart from the run record, so that
// reviewing or re-recording a run can never drop a link, and a link is
// reserved in a transaction of its own before Autotask is called.
//
//	atk/health                 psa.Health of the connection
//	atk/run/<run id>           psa.RunTickets: every link the run has had
//	ix/atk/open/<run id>       → empty; the run's current link is open
//	                           (the periodic check reads only these)
var runTicketsTable = table[psa.RunTickets]{
	prefix: "atk/run/",
	id:     func(rt *psa.RunTickets) uint64 { return rt.RunID },
	indexes: func(rt *psa.RunTickets) []indexKey {
		if l, ok := rt.Current(); ok && l.State == psa.Open {
			return []indexKey{{key: key("ix/atk/open/", rt.RunID)}}
		}
		return nil
	},
}

var autotaskHealthKey = []byte("atk/health")

// AutotaskHealth implements psa.HealthStore.
func (s *Store) AutotaskHealth() (psa.Health, error) {
	var h psa.Health
	err := s.readSingle(autotaskHealthKey, &h)
	return h, err
}

// SaveAutotaskHealth implements psa.HealthStore.
func (s *Store) SaveAutotaskHealth(h psa.Health) error { return s.writeSingle(autotaskHealthKey, h) }

// RunTickets implements psa.TicketStore.
func (s *Store) RunTickets(runID uint64) (psa.RunTickets, error) {
	var rt psa.RunTickets
	err := s.view(func(txn *badger.Txn) (err error) { rt, err = runTicketsTable.get(txn, runID); return err })
	if errors.Is(err, ErrNotFound) {
		return psa.RunTickets{RunID: runID}, nil
	}
	return rt, err
}

// RunTicketsOf implements psa.TicketStore: one read transaction for a page of runs.
func (s *Store) RunTicketsOf(runIDs []uint64) (map[uint64]psa.RunTickets, error) {
	out := map[uint64]psa.RunTickets{}
	err := s.view(func(txn *badger.Txn) error {
		for _, id := range runIDs {
			rt, err := runTicketsTable.get(txn, id)
			if errors.Is(err, ErrNotFound) {
				continue
			}
			if err != nil {
				return err
			}
			out[id] = rt
		}
		return nil
	})
	return out, err
}

// ReserveTicket implements psa.TicketStore. Two reservations racing for
// one run conflict in Badger; the retry sees the winner's link and
// reserves nothing.
func (s *Store) ReserveTicket(runID, jobID uint64, pending psa.Link) (psa.RunTickets, bool, error) {
	var rt psa.RunTickets
	reserved := false
	err := s.update(func(txn *badger.Txn) error {
		var err error
		rt, err = runTicketsTable.get(txn, runID)
		switch {
		case errors.Is(err, ErrNotFound):
			rt = psa.RunTickets{RunID: runID, JobID: jobID}
		case err != nil:
			return err
		}
		if cur, ok := rt.Current(); ok && cur.State != psa.Deleted {
			reserved = false
			return nil
		}
		rt.Links = append(rt.Links, pending)
		reserved = true
		return runTicketsTable.put(txn, &rt)
	})
	return rt, reserved, err
}

// SaveRunTickets implements psa.TicketStore.
func (s *Store) SaveRunTickets(rt psa.RunTickets, ev *audit.Event) error {
	write := func(txn *badger.Txn) error { return runTicketsTable.put(txn, &rt) }
	if ev != nil {
		return s.putAudited(*ev, write)
	}
	return s.update(write)
}

// OpenTicketRuns implements psa.TicketStore.
func (s *Store) OpenTicketRuns() ([]uint64, error) {
	prefix := []byte("ix/atk/open/")
	var ids []uint64
	err := s.view(func(txn *badger.Txn) error {
		return scanPage(txn, prefix, nil, false, func(k []byte) (bool, error) {
			ids = append(ids, beUint64(k[len(prefix):]))
			return true, nil
		})
	})
	return ids, err
}

// AuditTicket implements psa.TicketStore.
func (s *Store) AuditTicket(ev audit.Event) error {
	return s.putAudited(ev, func(*badger.Txn) error { return nil })
}
