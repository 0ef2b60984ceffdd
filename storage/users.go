package storage

import (
	"errors"
	"fmt"
	"time"

	"github.com/dgraph-io/badger/v4"

	"github.com/backupchecks/backupchecks/app/accounts"
	"github.com/backupchecks/backupchecks/app/audit"
)

// keyHasUsers exists once any user was created; setup checks it.
var keyHasUsers = []byte("meta/has_users")

var users = table[accounts.User]{
	prefix: "user/",
	id:     func(u *accounts.User) uint64 { return u.ID },
	indexes: func(u *accounts.User) []indexKey {
		return []indexKey{{key: key("ix/user/name/", accounts.NormalizeUsername(u.Username)), unique: true}}
	},
}

// UserByID implements accounts.Store.
func (s *Store) UserByID(id uint64) (accounts.User, error) {
	var u accounts.User
	err := s.view(func(txn *badger.Txn) (err error) { u, err = users.get(txn, id); return err })
	return u, userErr(err)
}

// UserByUsername implements accounts.Store.
func (s *Store) UserByUsername(name string) (accounts.User, error) {
	var u accounts.User
	err := s.view(func(txn *badger.Txn) (err error) {
		u, err = users.lookup(txn, key("ix/user/name/", accounts.NormalizeUsername(name)))
		return err
	})
	return u, userErr(err)
}

// Users implements accounts.Store, in creation order.
func (s *Store) Users() ([]accounts.User, error) {
	var list []accounts.User
	err := s.view(func(txn *badger.Txn) (err error) { list, err = users.all(txn); return err })
	return list, err
}

// CreateUser implements accounts.Store.
func (s *Store) CreateUser(u accounts.User, onlyIfNone bool, ev audit.Event) (accounts.User, error) {
	id, err := s.nextID("user")
	if err != nil {
		return accounts.User{}, err
	}
	u.ID = id
	auditID, err := s.nextID("audit")
	if err != nil {
		return accounts.User{}, err
	}
	err = s.update(func(txn *badger.Txn) error {
		// A Get is tracked for conflicts even when the key is missing (an
		// empty iterator is not), so two concurrent first-admin setups
		// cannot both see "no users": the second commit conflicts, retries
		// and then finds the marker.
		_, err := txn.Get(keyHasUsers)
		if onlyIfNone && err == nil {
			return accounts.ErrSetupDone
		}
		if err != nil && !errors.Is(err, badger.ErrKeyNotFound) {
			return err
		}
		if err := txn.Set(keyHasUsers, nil); err != nil {
			return err
		}
		if err := users.put(txn, &u); err != nil {
			return err
		}
		return putAudit(txn, auditID, ev)
	})
	if errors.Is(err, ErrDuplicate) {
		return accounts.User{}, accounts.ErrUsernameTaken
	}
	return u, err
}

// SaveUser implements accounts.Store.
func (s *Store) SaveUser(u accounts.User, ev *audit.Event) error {
	var auditID uint64
	if ev != nil {
		var err error
		if auditID, err = s.nextID("audit"); err != nil {
			return err
		}
	}
	err := s.update(func(txn *badger.Txn) error {
		if _, err := users.get(txn, u.ID); err != nil {
			return err
		}
		if err := users.put(txn, &u); err != nil {
			return err
		}
		if ev != nil {
			return putAudit(txn, auditID, *ev)
		}
		return nil
	})
	if errors.Is(err, ErrDuplicate) {
		return accounts.ErrUsernameTaken
	}
	return userErr(err)
}

// DeleteUser implements accounts.Store: the record and its index entries go
// in one transaction with the audit event. Audit events keep the username.
func (s *Store) DeleteUser(id uint64, ev audit.Event) error {
	auditID, err := s.nextID("audit")
	if err != nil {
		return err
	}
	return userErr(s.update(func(txn *badger.Txn) error {
		if err := users.delete(txn, id); err != nil {
			return err
		}
		return putAudit(txn, auditID, ev)
	}))
}

func userErr(err error) error {
	if errors.Is(err, ErrNotFound) {
		return accounts.ErrUserNotFound
	}
	if err != nil {
		return fmt.Errorf("users: %w", err)
	}
	return nil
}

// timeKey is the big-endian nanosecond form used in time-ordered keys.
func timeKey(t time.Time) uint64 { return uint64(t.UnixNano()) }
