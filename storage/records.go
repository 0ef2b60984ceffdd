package storage

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/dgraph-io/badger/v4"
)

// table stores records of type T under prefix+<id> together with their
// index entries. Every write reads the previous version first so index
// entries that no longer apply are removed in the same transaction.
type table[T any] struct {
	prefix  string
	id      func(*T) uint64
	indexes func(*T) []indexKey // may be nil
}

// indexKey is one index entry of a record. A unique entry stores the
// record's ID as its value and refuses a second record with the same key;
// other entries may carry a small value that lets a scan answer without
// reading the records.
type indexKey struct {
	key    []byte
	unique bool
	value  []byte
}

func (t table[T]) primary(id uint64) []byte { return key(t.prefix, id) }

func (t table[T]) get(txn *badger.Txn, id uint64) (T, error) {
	var rec T
	err := getJSON(txn, t.primary(id), &rec)
	return rec, err
}

// put writes rec and its index entries, deleting stale ones.
func (t table[T]) put(txn *badger.Txn, rec *T) error { return t.write(txn, rec, false) }

// replace is put for a record that must exist already: ErrNotFound if not.
// It reads the stored record once, for its stale index entries and to
// know it is there.
func (t table[T]) replace(txn *badger.Txn, rec *T) error { return t.write(txn, rec, true) }

func (t table[T]) write(txn *badger.Txn, rec *T, mustExist bool) error {
	id := t.id(rec)
	if id == 0 {
		return errors.New("storage: record without ID")
	}
	var stale []indexKey
	if t.indexes != nil || mustExist {
		old, err := t.get(txn, id)
		switch {
		case err == nil && t.indexes != nil:
			stale = t.indexes(&old)
		case err != nil && (mustExist || !errors.Is(err, ErrNotFound)):
			return err
		}
	}
	if t.indexes != nil {
		fresh := t.indexes(rec)
		for _, o := range stale {
			if !containsKey(fresh, o.key) {
				if err := txn.Delete(o.key); err != nil {
					return err
				}
			}
		}
		for _, ix := range fresh {
			val := ix.value
			if ix.unique {
				other, err := uniqueOwner(txn, ix.key)
				if err != nil {
					return err
				}
				if other != 0 && other != id {
					return ErrDuplicate
				}
				val = key(id)
			}
			if err := txn.Set(ix.key, val); err != nil {
				return err
			}
		}
	}
	return setJSON(txn, t.primary(id), rec)
}

// delete removes the record and its index entries.
func (t table[T]) delete(txn *badger.Txn, id uint64) error {
	old, err := t.get(txn, id)
	if err != nil {
		return err
	}
	if t.indexes != nil {
		for _, ix := range t.indexes(&old) {
			if err := txn.Delete(ix.key); err != nil {
				return err
			}
		}
	}
	return txn.Delete(t.primary(id))
}

// lookup resolves a unique index key to its record.
func (t table[T]) lookup(txn *badger.Txn, ixKey []byte) (T, error) {
	id, err := uniqueOwner(txn, ixKey)
	if err != nil {
		var zero T
		return zero, err
	}
	if id == 0 {
		var zero T
		return zero, ErrNotFound
	}
	return t.get(txn, id)
}

// all returns every record in ID order.
func (t table[T]) all(txn *badger.Txn) ([]T, error) {
	var out []T
	it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte(t.prefix), PrefetchValues: true, PrefetchSize: 64})
	defer it.Close()
	for it.Seek([]byte(t.prefix)); it.ValidForPrefix([]byte(t.prefix)); it.Next() {
		var rec T
		if err := it.Item().Value(func(b []byte) error { return decode(b, &rec) }); err != nil {
			return nil, fmt.Errorf("decode %q: %w", it.Item().Key(), err)
		}
		out = append(out, rec)
	}
	return out, nil
}

func uniqueOwner(txn *badger.Txn, k []byte) (uint64, error) {
	item, err := txn.Get(k)
	if errors.Is(err, badger.ErrKeyNotFound) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	var id uint64
	err = item.Value(func(b []byte) error {
		if len(b) != 8 {
			return fmt.Errorf("unique index %q holds %d bytes", k, len(b))
		}
		id = binary.BigEndian.Uint64(b)
		return nil
	})
	return id, err
}

func containsKey(list []indexKey, k []byte) bool {
	for _, ix := range list {
		if bytes.Equal(ix.key, k) {
			return true
		}
	}
	return false
}

// scanPage walks keys under prefix newest-first (reverse) or oldest-first,
// starting strictly after the cursor key when one is given, and calls visit
// with each key until visit returns false. Keys only: values are not read.
func scanPage(txn *badger.Txn, prefix, cursor []byte, reverse bool, visit func(k []byte) (bool, error)) error {
	it := txn.NewIterator(badger.IteratorOptions{Prefix: prefix, Reverse: reverse})
	defer it.Close()
	start := prefix
	if reverse {
		// A reverse seek lands on the last key <= the seek key, so seek past
		// the whole prefix to start at its newest entry.
		start = append(bytes.Clone(prefix), 0xff)
	}
	if cursor != nil {
		start = cursor
	}
	for it.Seek(start); it.ValidForPrefix(prefix); it.Next() {
		k := it.Item().KeyCopy(nil)
		if cursor != nil && bytes.Equal(k, cursor) {
			continue
		}
		more, err := visit(k)
		if err != nil || !more {
			return err
		}
	}
	return nil
}

// countKeys counts the keys under prefix without reading values.
func (s *Store) countKeys(prefix []byte) (int, error) {
	n := 0
	err := s.view(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: prefix})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			n++
		}
		return nil
	})
	return n, err
}
