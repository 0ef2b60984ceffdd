package storage

import (
	"errors"
	"strings"

	"github.com/dgraph-io/badger/v4"

	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/coveimport"
)

// Cove accounts, keyed by Cove's AccountId.
//
//	cove/<account id>                                  coveimport.Account
//	ix/cove/state/<state>\x00<customer>\x00<name>\x00<id>  the approval list, by Cove customer and name
//	ix/cove/job/<job id>                               → <account id>; the account behind a job
//	covepoll-status                                    coveimport.PollStatus
var coveTable = table[coveimport.Account]{
	prefix: "cove/",
	id:     func(a *coveimport.Account) uint64 { return uint64(a.ID) },
	indexes: func(a *coveimport.Account) []indexKey {
		ix := []indexKey{{key: key("ix/cove/state/", string(a.State), byte(0), strings.ToLower(a.Customer), byte(0),
			strings.ToLower(a.Name()), byte(0), uint64(a.ID))}}
		if a.JobID != 0 {
			ix = append(ix, indexKey{key: key("ix/cove/job/", a.JobID), unique: true})
		}
		return ix
	},
}

// CoveAccount implements coveimport.Store.
func (s *Store) CoveAccount(id int64) (coveimport.Account, error) {
	var a coveimport.Account
	err := s.view(func(txn *badger.Txn) (err error) { a, err = coveTable.get(txn, uint64(id)); return err })
	return a, coveErr(err)
}

// CoveAccounts implements coveimport.Store: the stored ones of ids.
func (s *Store) CoveAccounts(ids []int64) (map[int64]coveimport.Account, error) {
	out := make(map[int64]coveimport.Account, len(ids))
	err := s.view(func(txn *badger.Txn) error {
		for _, id := range ids {
			a, err := coveTable.get(txn, uint64(id))
			if errors.Is(err, ErrNotFound) {
				continue
			}
			if err != nil {
				return err
			}
			out[id] = a
		}
		return nil
	})
	return out, err
}

// CoveAccountOfJob implements coveimport.Store.
func (s *Store) CoveAccountOfJob(jobID uint64) (coveimport.Account, error) {
	var a coveimport.Account
	err := s.view(func(txn *badger.Txn) (err error) {
		a, err = coveTable.lookup(txn, key("ix/cove/job/", jobID))
		return err
	})
	return a, coveErr(err)
}

// CoveAccountsIn implements coveimport.Store.
func (s *Store) CoveAccountsIn(state coveimport.State) ([]coveimport.Account, error) {
	prefix := key("ix/cove/state/", string(state), byte(0))
	var out []coveimport.Account
	err := s.view(func(txn *badger.Txn) error {
		return scanPage(txn, prefix, nil, false, func(k []byte) (bool, error) {
			a, err := coveTable.get(txn, beUint64(k[len(k)-8:]))
			if err != nil {
				return false, err
			}
			out = append(out, a)
			return true, nil
		})
	})
	return out, err
}

// SaveCoveAccounts implements coveimport.Store: a poll's page in batches;
// an approval or ignore (one account) with its audit event.
func (s *Store) SaveCoveAccounts(list []coveimport.Account, ev *audit.Event) error {
	if ev != nil {
		return s.putAudited(*ev, func(txn *badger.Txn) error {
			for i := range list {
				if err := coveTable.put(txn, &list[i]); err != nil {
					return coveErr(err)
				}
			}
			return nil
		})
	}
	_, err := inBatches(s, list, func(txn *badger.Txn, batch []coveimport.Account, _ int) (int, error) {
		for i := range batch {
			if err := coveTable.put(txn, &batch[i]); err != nil {
				return 0, coveErr(err)
			}
		}
		return len(batch), nil
	})
	return err
}

// CovePollStatus implements coveimport.Store.
func (s *Store) CovePollStatus() (coveimport.PollStatus, error) {
	var st coveimport.PollStatus
	err := s.view(func(txn *badger.Txn) error { return getJSON(txn, []byte("covepoll-status"), &st) })
	if errors.Is(err, ErrNotFound) {
		return coveimport.PollStatus{}, nil
	}
	return st, err
}

// SaveCovePollStatus implements coveimport.Store.
func (s *Store) SaveCovePollStatus(st coveimport.PollStatus) error {
	return s.update(func(txn *badger.Txn) error { return setJSON(txn, []byte("covepoll-status"), st) })
}

func coveErr(err error) error {
	if errors.Is(err, ErrNotFound) {
		return coveimport.ErrNotFound
	}
	return err
}

// CountCoveAccounts implements coveimport.Store: how many accounts are in a state.
func (s *Store) CountCoveAccounts(state coveimport.State) (int, error) {
	return s.countKeys(key("ix/cove/state/", string(state), byte(0)))
}
