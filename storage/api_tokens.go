package storage

import (
	"time"

	"github.com/dgraph-io/badger/v4"

	"github.com/backupchecks/backupchecks/app/apitokens"
	"github.com/backupchecks/backupchecks/app/audit"
)

// API tokens, hashed.
//
//	tok/<id>   a token (its SHA-256 hash, never the secret)
var tokenTable = table[apitokens.Token]{
	prefix: "tok/",
	id:     func(t *apitokens.Token) uint64 { return t.ID },
}

// Tokens implements apitokens.Store.
func (s *Store) Tokens() ([]apitokens.Token, error) {
	var list []apitokens.Token
	err := s.view(func(txn *badger.Txn) (err error) { list, err = tokenTable.all(txn); return err })
	return list, err
}

// Token implements apitokens.Store.
func (s *Store) Token(id uint64) (apitokens.Token, error) {
	var t apitokens.Token
	err := s.view(func(txn *badger.Txn) (err error) { t, err = tokenTable.get(txn, id); return err })
	return t, err
}

// NextTokenID implements apitokens.Store.
func (s *Store) NextTokenID() (uint64, error) { return s.nextID("token") }

// CreateToken implements apitokens.Store.
func (s *Store) CreateToken(t apitokens.Token, ev audit.Event) error {
	return s.putAudited(ev, func(txn *badger.Txn) error { return tokenTable.put(txn, &t) })
}

// DeleteToken implements apitokens.Store.
func (s *Store) DeleteToken(id uint64, ev audit.Event) error {
	return s.putAudited(ev, func(txn *badger.Txn) error {
		if _, err := tokenTable.get(txn, id); err != nil {
			return err
		}
		return tokenTable.delete(txn, id)
	})
}

// TouchToken implements apitokens.Store.
func (s *Store) TouchToken(id uint64, at time.Time) error {
	return s.update(func(txn *badger.Txn) error {
		t, err := tokenTable.get(txn, id)
		if err != nil {
			return err
		}
		t.LastUsed = at
		return tokenTable.replace(txn, &t)
	})
}
