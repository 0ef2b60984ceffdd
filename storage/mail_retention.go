package storage

import (
	"bytes"
	"errors"
	"time"

	"github.com/dgraph-io/badger/v4"

	"github.com/backupchecks/backupchecks/app/mailimport"
)

// meta/retention holds the last retention pass (mailimport.Pruned).
var keyPruned = []byte("meta/retention")

// mailsPrunedPerTxn bounds one transaction of the retention: removing two
// years of mail at once must not make one giant commit.
const mailsPrunedPerTxn = 500

var mailStates = []mailimport.State{mailimport.New, mailimport.Pending, mailimport.Imported, mailimport.Ignored}

// PruneRawMail implements mailimport.RetentionStore. It walks each state's
// receipt index (keys only) up to cutoff, so a pass costs the old mails'
// index entries, not their records.
func (s *Store) PruneRawMail(cutoff, now time.Time) (mailimport.Pruned, error) {
	p := mailimport.Pruned{At: now.UTC()}
	for _, state := range mailStates {
		prefix := key("ix/mail/state/", string(state), byte(0))
		until := key(prefix, timeKey(cutoff))
		for from := prefix; from != nil; {
			ids, next, err := s.rawMailBefore(prefix, from, until)
			if err != nil {
				return p, err
			}
			if err := s.removeRaw(ids, now, &p); err != nil {
				return p, err
			}
			from = next
		}
	}
	return p, nil
}

// rawMailBefore finds, from the index key from on, up to a batch of mails
// received before until whose original is still stored, and the key to
// go on from (nil when the range is done).
func (s *Store) rawMailBefore(prefix, from, until []byte) (ids []uint64, next []byte, err error) {
	err = s.view(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: prefix})
		defer it.Close()
		for it.Seek(from); it.ValidForPrefix(prefix); it.Next() {
			k := it.Item().Key()
			if bytes.Compare(k, until) >= 0 {
				return nil
			}
			id := beUint64(k[len(k)-8:])
			switch _, err := txn.Get(key("mailraw/", id)); {
			case err == nil:
				ids = append(ids, id)
			case !errors.Is(err, badger.ErrKeyNotFound):
				return err
			}
			if len(ids) == mailsPrunedPerTxn {
				next = append(it.Item().KeyCopy(nil), 0) // just after this key
				return nil
			}
		}
		return nil
	})
	return ids, next, err
}

// removeRaw deletes the originals of ids and marks their records, in one
// transaction.
func (s *Store) removeRaw(ids []uint64, now time.Time, p *mailimport.Pruned) error {
	if len(ids) == 0 {
		return nil
	}
	var mails int
	var freed int64
	err := s.update(func(txn *badger.Txn) error {
		mails, freed = 0, 0 // a retried transaction starts over
		for _, id := range ids {
			item, err := txn.Get(key("mailraw/", id))
			if errors.Is(err, badger.ErrKeyNotFound) {
				continue // removed meanwhile (the mail was deleted)
			}
			if err != nil {
				return err
			}
			size := item.ValueSize()
			if err := txn.Delete(key("mailraw/", id)); err != nil {
				return err
			}
			m, err := mailTable.get(txn, id)
			if err != nil {
				return mailErr(err)
			}
			m.RawRemoved = now.UTC()
			if err := mailTable.replace(txn, &m); err != nil {
				return err
			}
			mails++
			freed += size
		}
		return nil
	})
	if err == nil {
		p.Mails += mails
		p.Bytes += freed
	}
	return err
}

// SavePruned implements mailimport.RetentionStore.
func (s *Store) SavePruned(p mailimport.Pruned) error { return s.writeSingle(keyPruned, p) }

// LastPruned implements mailimport.RetentionStore (zero time when none yet).
func (s *Store) LastPruned() (mailimport.Pruned, error) {
	var p mailimport.Pruned
	err := s.readSingle(keyPruned, &p)
	return p, err
}
