package storage

import (
	"errors"

	"github.com/dgraph-io/badger/v4"

	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/overrides"
)

// Overrides are few (dozens): one table, no indexes; every use reads them all.
//
//	ovr/<id>   the override
var overrideTable = table[overrides.Override]{
	prefix: "ovr/",
	id:     func(o *overrides.Override) uint64 { return o.ID },
}

// Overrides implements overrides.Store.
func (s *Store) Overrides() ([]overrides.Override, error) {
	var list []overrides.Override
	err := s.view(func(txn *badger.Txn) (err error) { list, err = overrideTable.all(txn); return err })
	return list, err
}

// Override implements overrides.Store.
func (s *Store) Override(id uint64) (overrides.Override, error) {
	var o overrides.Override
	err := s.view(func(txn *badger.Txn) (err error) { o, err = overrideTable.get(txn, id); return err })
	if errors.Is(err, ErrNotFound) {
		return o, overrides.ErrNotFound
	}
	return o, err
}

// CreateOverride implements overrides.Store.
func (s *Store) CreateOverride(o overrides.Override, ev audit.Event) (overrides.Override, error) {
	id, err := s.nextID("override")
	if err != nil {
		return o, err
	}
	o.ID = id
	return o, s.putAudited(ev, func(txn *badger.Txn) error { return overrideTable.put(txn, &o) })
}

// SaveOverride implements overrides.Store.
func (s *Store) SaveOverride(o overrides.Override, ev audit.Event) error {
	return s.putAudited(ev, func(txn *badger.Txn) error {
		if _, err := overrideTable.get(txn, o.ID); err != nil {
			if errors.Is(err, ErrNotFound) {
				return overrides.ErrNotFound
			}
			return err
		}
		return overrideTable.put(txn, &o)
	})
}
