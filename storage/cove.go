package storage

import (
	"bytes"
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
//	ix/cove/job/<job id><account id>                   the accounts behind a job (more than one after a merge)
//	covepoll-status                                    coveimport.PollStatus
var coveTable = table[coveimport.Account]{
	prefix: "cove/",
	id:     func(a *coveimport.Account) uint64 { return uint64(a.ID) },
	indexes: func(a *coveimport.Account) []indexKey {
		ix := []indexKey{{key: key("ix/cove/state/", string(a.State), byte(0), strings.ToLower(a.Customer), byte(0),
			strings.ToLower(a.Name()), byte(0), uint64(a.ID))}}
		if a.JobID != 0 {
			ix = append(ix, indexKey{key: key("ix/cove/job/", a.JobID, uint64(a.ID))})
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

// CoveAccountsOfJob implements coveimport.Store.
func (s *Store) CoveAccountsOfJob(jobID uint64) ([]coveimport.Account, error) {
	return s.coveAccountsUnder(key("ix/cove/job/", jobID))
}

// CoveAccountsIn implements coveimport.Store.
func (s *Store) CoveAccountsIn(state coveimport.State) ([]coveimport.Account, error) {
	return s.coveAccountsUnder(key("ix/cove/state/", string(state), byte(0)))
}

// coveAccountsUnder reads the accounts an index range names, in its order.
func (s *Store) coveAccountsUnder(prefix []byte) ([]coveimport.Account, error) {
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

// CoveAccountPage implements coveimport.Store from the state index's keys,
// which begin with the lower-cased Cove customer: groups and their sizes
// come from the keys alone, and only the accounts shown are read.
func (s *Store) CoveAccountPage(state coveimport.State, page, groups, rows int) (coveimport.AccountPage, error) {
	prefix := key("ix/cove/state/", string(state), byte(0))
	type group struct {
		ids   []uint64
		total int
	}
	var all []group
	var out coveimport.AccountPage
	err := s.view(func(txn *badger.Txn) error {
		var last []byte
		err := scanPage(txn, prefix, nil, false, func(k []byte) (bool, error) {
			rest := k[len(prefix):]
			customer, _, _ := bytes.Cut(rest, []byte{0})
			if len(all) == 0 || !bytes.Equal(customer, last) {
				last = append(last[:0], customer...)
				all = append(all, group{})
			}
			g := &all[len(all)-1]
			if g.total++; len(g.ids) < rows {
				g.ids = append(g.ids, beUint64(k[len(k)-8:]))
			}
			return true, nil
		})
		if err != nil {
			return err
		}
		out.Pages = (len(all) + groups - 1) / groups
		out.Page = max(0, min(page, out.Pages-1))
		for _, g := range all[min(out.Page*groups, len(all)):min((out.Page+1)*groups, len(all))] {
			ag := coveimport.AccountGroup{Total: g.total}
			for _, id := range g.ids {
				a, err := coveTable.get(txn, id)
				if err != nil {
					return err
				}
				ag.Accounts = append(ag.Accounts, a)
			}
			out.Groups = append(out.Groups, ag)
		}
		return nil
	})
	return out, err
}

// SaveCoveAccounts implements coveimport.Store: an approval or ignore with
// its audit event, or accounts in batches.
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

// MergeCoveAccounts implements coveimport.Store: each polled account is
// merged into the stored one read in the same transaction, so an approval
// committed while the poll ran is kept (a conflict retries the batch).
func (s *Store) MergeCoveAccounts(polled []coveimport.Account, merge func(stored *coveimport.Account, polled coveimport.Account)) error {
	_, err := inBatches(s, polled, func(txn *badger.Txn, batch []coveimport.Account, _ int) (int, error) {
		for _, p := range batch {
			a, err := coveTable.get(txn, uint64(p.ID))
			switch {
			case errors.Is(err, ErrNotFound):
				a = p
			case err != nil:
				return 0, err
			default:
				merge(&a, p)
			}
			if err := coveTable.put(txn, &a); err != nil {
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
	err := s.readSingle([]byte("covepoll-status"), &st)
	return st, err
}

// SaveCovePollStatus implements coveimport.Store.
func (s *Store) SaveCovePollStatus(st coveimport.PollStatus) error {
	return s.writeSingle([]byte("covepoll-status"), st)
}

func coveErr(err error) error {
	if errors.Is(err, ErrNotFound) {
		return coveimport.ErrNotFound
	}
	return err
}

// CoveAccountIDs implements coveimport.Store: every stored account's ID,
// from the keys alone.
func (s *Store) CoveAccountIDs() ([]int64, error) {
	var ids []int64
	err := s.view(func(txn *badger.Txn) error {
		return scanPage(txn, []byte(coveTable.prefix), nil, false, func(k []byte) (bool, error) {
			ids = append(ids, int64(beUint64(k[len(k)-8:])))
			return true, nil
		})
	})
	return ids, err
}

// CountCoveAccounts implements coveimport.Store: how many accounts are in a state.
func (s *Store) CountCoveAccounts(state coveimport.State) (int, error) {
	return s.countKeys(key("ix/cove/state/", string(state), byte(0)))
}
