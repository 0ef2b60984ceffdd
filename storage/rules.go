package storage

import (
	"errors"
	"fmt"
	"time"

	"github.com/dgraph-io/badger/v4"

	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/mailimport"
	"github.com/backupchecks/backupchecks/app/parsers"
	"github.com/backupchecks/backupchecks/app/reports/rules"
)

// Parsing rules are few (an MSP's handful of home-made reports): one
// table, no indexes; every use reads them all.
//
//	rule/<id>   rules.Rule, ordered by its Position
var ruleTable = table[rules.Rule]{
	prefix: "rule/",
	id:     func(r *rules.Rule) uint64 { return r.ID },
}

// Rules implements parsers.Store.
func (s *Store) Rules() ([]rules.Rule, error) {
	var list []rules.Rule
	err := s.view(func(txn *badger.Txn) (err error) { list, err = ruleTable.all(txn); return err })
	return list, err
}

// SaveRules implements parsers.Store: creates the rules without an ID,
// replaces the others and deletes those in remove, in one transaction.
func (s *Store) SaveRules(list []rules.Rule, remove []uint64, ev audit.Event) ([]rules.Rule, error) {
	out := make([]rules.Rule, len(list))
	copy(out, list)
	for i := range out {
		if out[i].ID == 0 {
			id, err := s.nextID("rule")
			if err != nil {
				return nil, err
			}
			out[i].ID = id
		}
	}
	err := s.putAudited(ev, func(txn *badger.Txn) error {
		for _, id := range remove {
			if err := ruleTable.delete(txn, id); err != nil {
				return ruleErr(err)
			}
		}
		for i := range out {
			if list[i].ID != 0 {
				if _, err := ruleTable.get(txn, out[i].ID); err != nil {
					return ruleErr(err)
				}
			}
			if err := ruleTable.put(txn, &out[i]); err != nil {
				return err
			}
		}
		return nil
	})
	return out, err
}

func ruleErr(err error) error {
	if errors.Is(err, ErrNotFound) {
		return parsers.ErrNotFound
	}
	return fmt.Errorf("rules: %w", err)
}

// RecentMails implements parsers.Store: mails imported since the given
// time, newest first, until visit returns false. Mail IDs grow with import
// order, so the walk stops at the first mail received well before since
// (a day's slack covers mail servers that report an older receipt time).
func (s *Store) RecentMails(since time.Time, visit func(mailimport.Mail) bool) error {
	stop := since.Add(-24 * time.Hour)
	prefix := []byte(mailTable.prefix)
	return s.view(func(txn *badger.Txn) error {
		return scanPage(txn, prefix, nil, true, func(k []byte) (bool, error) {
			m, err := mailTable.get(txn, beUint64(k[len(k)-8:]))
			if err != nil {
				return false, fmt.Errorf("mail %x: %w", k, err)
			}
			if m.Received.Before(stop) {
				return false, nil
			}
			if m.Received.Before(since) {
				return true, nil
			}
			return visit(m), nil
		})
	})
}
