package storage

import (
	"errors"
	"time"

	"github.com/dgraph-io/badger/v4"

	"github.com/backupchecks/backupchecks/app/sessions"
)

func sessionKey(id sessions.ID) []byte { return key("sess/", id[:]) }

// PutSession implements sessions.Store; Badger drops the record at its absolute expiry.
func (s *Store) PutSession(id sessions.ID, sess sessions.Session) error {
	b, err := encode(sess)
	if err != nil {
		return err
	}
	ttl := time.Until(sess.Expires)
	if ttl <= 0 {
		return nil
	}
	return s.update(func(txn *badger.Txn) error {
		return txn.SetEntry(badger.NewEntry(sessionKey(id), b).WithTTL(ttl))
	})
}

// GetSession implements sessions.Store.
func (s *Store) GetSession(id sessions.ID) (sessions.Session, error) {
	var sess sessions.Session
	err := s.view(func(txn *badger.Txn) error { return getJSON(txn, sessionKey(id), &sess) })
	if errors.Is(err, ErrNotFound) {
		return sess, sessions.ErrNotFound
	}
	return sess, err
}

// DeleteSession implements sessions.Store.
func (s *Store) DeleteSession(id sessions.ID) error {
	return s.update(func(txn *badger.Txn) error { return txn.Delete(sessionKey(id)) })
}
