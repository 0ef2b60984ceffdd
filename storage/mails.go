package storage

import (
	"encoding/base64"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/dgraph-io/badger/v4"
	"github.com/klauspost/compress/zstd"

	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/mailimport"
)

// Mails. The raw message is kept apart from the record, compressed, so
// listing the Inbox never reads message bodies.
//
//	mail/<id>                          mailimport.Mail
//	mailraw/<id>                       zstd-compressed raw message (at most the size limit, 25 MB)
//	ix/mail/key/<dedupe key>           → <id>; unique: a message is imported once
//	ix/mail/state/<state>\x00<ts><id>  the Inbox (pending), ignored mails, …, by receipt;
//	                                   value: the parser that recognised it, "?" when none
//	                                   (empty in entries written before it was added)
//	ix/mail/job/<job key>\x00<id>      pending mails of a job not yet approved
var mailTable = table[mailimport.Mail]{
	prefix: "mail/",
	id:     func(m *mailimport.Mail) uint64 { return m.ID },
	indexes: func(m *mailimport.Mail) []indexKey {
		ix := []indexKey{
			{key: key("ix/mail/key/", m.Key), unique: true},
			{key: key("ix/mail/state/", string(m.State), byte(0), timeKey(m.Received), m.ID), value: parserTag(m)},
		}
		if m.State == mailimport.Pending && m.JobKey != "" {
			ix = append(ix, indexKey{key: key("ix/mail/job/", m.JobKey, byte(0), m.ID)})
		}
		return ix
	},
}

// parserTag is the state index's value: which parser recognised the mail,
// so Settings → Parsers counts a month of mail from the index alone.
func parserTag(m *mailimport.Mail) []byte {
	if m.Report != nil {
		return []byte(m.Report.Parser)
	}
	if m.Outcome == mailimport.Unrecognised {
		return []byte(unrecognisedTag)
	}
	return []byte("-")
}

const unrecognisedTag = "?"

var (
	zenc, _ = zstd.NewWriter(nil, zstd.WithEncoderLevel(zstd.SpeedDefault))
	zdec    *zstd.Decoder
	zdecMu  sync.Mutex
)

func init() { zdec, _ = zstd.NewReader(nil, zstd.WithDecoderConcurrency(1)) }

// SaveMail implements mailimport.Store.
func (s *Store) SaveMail(m mailimport.Mail, ev *audit.Event) error {
	var auditID uint64
	if ev != nil {
		var err error
		if auditID, err = s.nextID("audit"); err != nil {
			return err
		}
	}
	return s.update(func(txn *badger.Txn) error {
		if err := mailTable.replace(txn, &m); err != nil {
			return mailErr(err)
		}
		if ev != nil {
			return putAudit(txn, auditID, *ev)
		}
		return nil
	})
}

// DeleteMail implements mailimport.Store: the record, its indexes and the
// stored message, with the audit event, in one transaction.
func (s *Store) DeleteMail(id uint64, ev audit.Event) error {
	auditID, err := s.nextID("audit")
	if err != nil {
		return err
	}
	return s.update(func(txn *badger.Txn) error {
		if err := mailTable.delete(txn, id); err != nil {
			return mailErr(err)
		}
		if err := txn.Delete(key("mailraw/", id)); err != nil {
			return err
		}
		return putAudit(txn, auditID, ev)
	})
}

// Mail implements mailimport.Store.
func (s *Store) Mail(id uint64) (mailimport.Mail, error) {
	var m mailimport.Mail
	err := s.view(func(txn *badger.Txn) (err error) { m, err = mailTable.get(txn, id); return err })
	return m, mailErr(err)
}

// MailByKey implements mailimport.Store.
func (s *Store) MailByKey(dedupeKey string) (mailimport.Mail, error) {
	var m mailimport.Mail
	err := s.view(func(txn *badger.Txn) (err error) {
		m, err = mailTable.lookup(txn, key("ix/mail/key/", dedupeKey))
		return err
	})
	return m, mailErr(err)
}

// RawMail implements mailimport.Store.
func (s *Store) RawMail(id uint64) ([]byte, error) {
	var packed []byte
	err := s.view(func(txn *badger.Txn) error {
		item, err := txn.Get(key("mailraw/", id))
		if errors.Is(err, badger.ErrKeyNotFound) {
			return mailimport.ErrNotFound
		}
		if err != nil {
			return err
		}
		packed, err = item.ValueCopy(nil)
		return err
	})
	if err != nil {
		return nil, err
	}
	zdecMu.Lock()
	defer zdecMu.Unlock()
	raw, err := zdec.DecodeAll(packed, nil)
	if err != nil {
		return nil, fmt.Errorf("mail %d: stored message is damaged: %w", id, err)
	}
	return raw, nil
}

// Mails implements mailimport.Store: one state's mails, newest first,
// those keep accepts (all when nil). A filtered page stops after
// mailScanLimit records so a rare match cannot make one request read the
// whole mailbox; its cursor then goes on from where it stopped.
func (s *Store) Mails(state mailimport.State, before string, limit int, keep func(mailimport.Mail) bool) (mailimport.MailPage, error) {
	if limit <= 0 || limit > 500 {
		limit = 50
	}
	prefix := key("ix/mail/state/", string(state), byte(0))
	var cursor []byte
	if before != "" {
		tail, err := base64.RawURLEncoding.DecodeString(before)
		if err != nil || len(tail) != 16 {
			return mailimport.MailPage{}, fmt.Errorf("mails: bad page cursor")
		}
		cursor = key(prefix, tail)
	}
	var page mailimport.MailPage
	var last mailimport.Mail
	scanned := 0
	err := s.view(func(txn *badger.Txn) error {
		return scanPage(txn, prefix, cursor, true, func(k []byte) (bool, error) {
			if len(page.Mails) == limit || scanned == mailScanLimit {
				page.Next = base64.RawURLEncoding.EncodeToString(key(timeKey(last.Received), last.ID))
				return false, nil
			}
			m, err := mailTable.get(txn, beUint64(k[len(k)-8:]))
			if err != nil {
				return false, fmt.Errorf("mail index %x: %w", k, err)
			}
			scanned, last = scanned+1, m
			if keep == nil || keep(m) {
				page.Mails = append(page.Mails, m)
			}
			return true, nil
		})
	})
	return page, err
}

// mailScanLimit bounds the records one filtered page reads.
const mailScanLimit = 5000

// PendingWithKey implements mailimport.Store.
func (s *Store) PendingWithKey(jobKey string) ([]mailimport.Mail, error) {
	prefix := key("ix/mail/job/", jobKey, byte(0))
	var out []mailimport.Mail
	err := s.view(func(txn *badger.Txn) error {
		return scanPage(txn, prefix, nil, false, func(k []byte) (bool, error) {
			m, err := mailTable.get(txn, beUint64(k[len(k)-8:]))
			if err != nil {
				return false, err
			}
			out = append(out, m)
			return true, nil
		})
	})
	return out, err
}

func mailErr(err error) error {
	if errors.Is(err, ErrNotFound) {
		return mailimport.ErrNotFound
	}
	return err
}

// PollState implements mailimport.PollStore.
//
//	mailpoll/<folder>   UIDVALIDITY and last UID of a polled folder
func (s *Store) PollState(folder string) (mailimport.PollState, error) {
	var st mailimport.PollState
	err := s.readSingle(key("mailpoll/", folder), &st)
	return st, err
}

// SavePollState implements mailimport.PollStore.
func (s *Store) SavePollState(folder string, st mailimport.PollState) error {
	return s.writeSingle(key("mailpoll/", folder), st)
}

// PollStatus returns the last poll's status.
//
//	mailpoll-status   mailimport.PollStatus
func (s *Store) PollStatus() (mailimport.PollStatus, error) {
	var st mailimport.PollStatus
	err := s.readSingle([]byte("mailpoll-status"), &st)
	return st, err
}

// SavePollStatus stores the last poll's status.
func (s *Store) SavePollStatus(st mailimport.PollStatus) error {
	return s.writeSingle([]byte("mailpoll-status"), st)
}

// CountMails implements mailimport.Store: how many mails are in a state.
func (s *Store) CountMails(state mailimport.State) (int, error) {
	return s.countKeys(key("ix/mail/state/", string(state), byte(0)))
}

// RecognisedSince implements parsers.Store: how many mails each parser
// recognised, and how many none did, of those received since the given
// time. It reads the state index from that time on; an entry written
// before the index carried the parser is answered from its record.
func (s *Store) RecognisedSince(since time.Time) (map[string]int, int, error) {
	counts, unrecognised := map[string]int{}, 0
	err := s.view(func(txn *badger.Txn) error {
		for _, st := range []mailimport.State{mailimport.New, mailimport.Pending, mailimport.Imported, mailimport.Ignored} {
			prefix := key("ix/mail/state/", string(st), byte(0))
			it := txn.NewIterator(badger.IteratorOptions{Prefix: prefix, PrefetchValues: true, PrefetchSize: 256})
			for it.Seek(key(prefix, timeKey(since))); it.ValidForPrefix(prefix); it.Next() {
				tag, err := it.Item().ValueCopy(nil)
				if err != nil {
					it.Close()
					return err
				}
				if len(tag) == 0 {
					m, err := mailTable.get(txn, beUint64(it.Item().Key()[len(it.Item().Key())-8:]))
					if err != nil {
						it.Close()
						return err
					}
					tag = parserTag(&m)
				}
				switch string(tag) {
				case unrecognisedTag:
					unrecognised++
				case "-":
				default:
					counts[string(tag)]++
				}
			}
			it.Close()
		}
		return nil
	})
	return counts, unrecognised, err
}
