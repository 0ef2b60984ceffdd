package storage

import (
	"errors"

	"github.com/dgraph-io/badger/v4"

	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/remarks"
)

// Remarks are few (hundreds); pages read them all and match in memory.
//
//	rem/<id>   the remark or manual ticket
var remarkTable = table[remarks.Remark]{
	prefix: "rem/",
	id:     func(r *remarks.Remark) uint64 { return r.ID },
}

// Remarks implements remarks.Store.
func (s *Store) Remarks() ([]remarks.Remark, error) {
	var list []remarks.Remark
	err := s.view(func(txn *badger.Txn) (err error) { list, err = remarkTable.all(txn); return err })
	return list, err
}

// Remark implements remarks.Store.
func (s *Store) Remark(id uint64) (remarks.Remark, error) {
	var r remarks.Remark
	err := s.view(func(txn *badger.Txn) (err error) { r, err = remarkTable.get(txn, id); return err })
	if errors.Is(err, ErrNotFound) {
		return r, remarks.ErrNotFound
	}
	return r, err
}

// CreateRemark implements remarks.Store.
func (s *Store) CreateRemark(r remarks.Remark, ev audit.Event) (remarks.Remark, error) {
	id, err := s.nextID("remark")
	if err != nil {
		return r, err
	}
	r.ID = id
	return r, s.putAudited(ev, func(txn *badger.Txn) error { return remarkTable.put(txn, &r) })
}

// SaveRemark implements remarks.Store.
func (s *Store) SaveRemark(r remarks.Remark, ev audit.Event) error {
	return s.putAudited(ev, func(txn *badger.Txn) error {
		if _, err := remarkTable.get(txn, r.ID); err != nil {
			if errors.Is(err, ErrNotFound) {
				return remarks.ErrNotFound
			}
			return err
		}
		return remarkTable.put(txn, &r)
	})
}
