package storage

import (
	"errors"

	"github.com/dgraph-io/badger/v4"

	"github.com/backupchecks/backupchecks/app/jobs"
	"github.com/backupchecks/backupchecks/app/mailimport"
	"github.com/backupchecks/backupchecks/app/runs"
)

// CreateMail stores one new mail, as CreateMails does.
func (s *Store) CreateMail(m mailimport.Mail, raw []byte) (mailimport.Mail, error) {
	got := s.CreateMails([]mailimport.Mail{m}, [][]byte{raw}, nil)[0]
	return got.Mail, got.Err
}

// A transaction of CreateMails holds at most this many mails and, past its
// first mail, this many compressed bytes: Badger refuses a transaction
// past a share of its memtable.
const (
	mailsPerTxn     = 100
	mailBytesPerTxn = 1 << 20
)

// CreateMails implements mailimport.Store: each mail with its raw message
// and, where runs has one, the run it reports, all in few transactions, so
// a poll's batch shares its disk flushes and a mail is never stored
// without its run. A mail whose dedupe key is taken gets ErrDuplicate and
// the stored mail; a mail whose job went meanwhile goes to the Inbox; a
// failed transaction fails its mails and every later one.
func (s *Store) CreateMails(ms []mailimport.Mail, raws [][]byte, runList []*runs.Prepared) []mailimport.Stored {
	out := make([]mailimport.Stored, len(ms))
	fail := func(from int, err error) []mailimport.Stored {
		for k := from; k < len(ms); k++ {
			out[k] = mailimport.Stored{Mail: ms[k], Err: err}
		}
		return out
	}
	packed := make([][]byte, len(ms))
	runIDs := make([]uint64, len(ms))
	for i := range ms {
		id, err := s.nextID("mail")
		if err == nil && i < len(runList) && runList[i] != nil {
			runIDs[i], err = s.nextID("run")
		}
		if err != nil {
			return fail(i, err)
		}
		ms[i].ID = id
		packed[i] = zenc.EncodeAll(raws[i], nil)
	}
	for start := 0; start < len(ms); {
		end, size := start, 0
		for end < len(ms) && end-start < mailsPerTxn && (end == start || size+len(packed[end]) <= mailBytesPerTxn) {
			size += len(packed[end])
			end++
		}
		err := s.update(func(txn *badger.Txn) error {
			for i := start; i < end; i++ {
				m := ms[i] // a retried transaction starts over from the mail as given
				out[i] = mailimport.Stored{Mail: m}
				// The lookup sees this transaction's own writes: a key twice in
				// one batch makes the second a duplicate of the first.
				existing, err := mailTable.lookup(txn, key("ix/mail/key/", m.Key))
				if err == nil {
					out[i] = mailimport.Stored{Mail: existing, Err: mailimport.ErrDuplicate}
					continue
				}
				if !errors.Is(err, ErrNotFound) {
					return err
				}
				if i < len(runList) && runList[i] != nil {
					r := runList[i].Run
					r.ID = runIDs[i]
					stored, created, err := recordRun(txn, r, runList[i].Supersedes)
					switch {
					case errors.Is(err, jobs.ErrNotFound): // deleted since the mail was read
						m.State, m.JobID = mailimport.Pending, 0
					case err != nil:
						return err
					default:
						m.State, m.JobID, m.RunID = mailimport.Imported, r.JobID, stored.ID
						out[i].NewRun = created
					}
				}
				if err := mailTable.put(txn, &m); err != nil {
					return err
				}
				if err := txn.Set(key("mailraw/", m.ID), packed[i]); err != nil {
					return err
				}
				out[i].Mail = m
			}
			return nil
		})
		for i := start; i < end; i++ {
			if out[i].NewRun {
				s.jobsChanged(out[i].Mail.JobID)
			}
		}
		if err != nil {
			return fail(start, err)
		}
		start = end
	}
	return out
}
