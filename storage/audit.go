package storage

import (
	"encoding/base64"
	"fmt"
	"time"

	"github.com/dgraph-io/badger/v4"

	"github.com/backupchecks/backupchecks/app/accounts"
	"github.com/backupchecks/backupchecks/app/audit"
)

const auditPrefix = "audit/"

// putAudit writes an event and its actor and action index entries inside txn.
func putAudit(txn *badger.Txn, id uint64, ev audit.Event) error {
	ev.ID = id
	if ev.Time.IsZero() {
		ev.Time = time.Now().UTC()
	}
	tail := key(timeKey(ev.Time), id)
	if err := setJSON(txn, key(auditPrefix, tail), ev); err != nil {
		return err
	}
	if err := txn.Set(key("ix/audit/user/", accounts.NormalizeUsername(ev.Actor), byte(0), tail), nil); err != nil {
		return err
	}
	return txn.Set(key("ix/audit/action/", string(ev.Action), byte(0), tail), nil)
}

// RecordAudit implements audit.Log.
func (s *Store) RecordAudit(ev audit.Event) error {
	id, err := s.nextID("audit")
	if err != nil {
		return err
	}
	return s.update(func(txn *badger.Txn) error { return putAudit(txn, id, ev) })
}

// Record implements audit.Log.
func (s *Store) Record(ev audit.Event) error { return s.RecordAudit(ev) }

// List implements audit.Log: newest first, through the actor or action index
// when filtered (the other filter is checked on the record).
func (s *Store) List(f audit.Filter) (audit.Page, error) {
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 50
	}
	prefix := []byte(auditPrefix)
	switch {
	case f.Actor != "":
		prefix = key("ix/audit/user/", accounts.NormalizeUsername(f.Actor), byte(0))
	case f.Action != "":
		prefix = key("ix/audit/action/", string(f.Action), byte(0))
	}
	var cursor []byte
	if f.Before != "" {
		tail, err := base64.RawURLEncoding.DecodeString(f.Before)
		if err != nil || len(tail) != 16 {
			return audit.Page{}, fmt.Errorf("audit log: bad page cursor")
		}
		cursor = key(prefix, tail)
	}
	var page audit.Page
	err := s.view(func(txn *badger.Txn) error {
		return scanPage(txn, prefix, cursor, true, func(k []byte) (bool, error) {
			tail := k[len(prefix):]
			if len(page.Events) == f.Limit {
				page.Next = base64.RawURLEncoding.EncodeToString(lastTail(page.Events))
				return false, nil
			}
			var ev audit.Event
			if err := getJSON(txn, key(auditPrefix, tail), &ev); err != nil {
				return false, fmt.Errorf("audit event %x: %w", tail, err)
			}
			if f.Action != "" && ev.Action != f.Action {
				return true, nil
			}
			page.Events = append(page.Events, ev)
			return true, nil
		})
	})
	return page, err
}

func lastTail(evs []audit.Event) []byte {
	ev := evs[len(evs)-1]
	return key(timeKey(ev.Time), ev.ID)
}

// CountSince implements audit.Log from the keys alone, which begin with
// the event's time: the dashboard's figures read no event.
func (s *Store) CountSince(action audit.Action, t time.Time) (int, error) {
	prefix := []byte(auditPrefix)
	if action != "" {
		prefix = key("ix/audit/action/", string(action), byte(0))
	}
	n := 0
	err := s.view(func(txn *badger.Txn) error {
		return scanPage(txn, prefix, nil, true, func(k []byte) (bool, error) {
			tail := k[len(prefix):]
			if len(tail) < 8 || int64(beUint64(tail[:8])) < t.UnixNano() {
				return false, nil
			}
			n++
			return true, nil
		})
	})
	return n, err
}
