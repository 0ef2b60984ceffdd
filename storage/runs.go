package storage

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"time"
	"unicode/utf8"

	"github.com/dgraph-io/badger/v4"

	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/notify"
	"github.com/backupchecks/backupchecks/app/runs"
)

// Run keys are built for the large-MSP scale (millions of runs): every
// page reads a prefix of one of these indexes, never all runs.
//
//	run/<id>                                the run
//	ix/run/ext/<job><external ID>           → <id>; unique: one run per report
//	ix/run/job/<job><ts><id>                Job Details, newest first
//	ix/run/time/<ts><id>                    → job, status (and whether overridden),
//	                                        start of message: Daily
//	                                        Jobs reads one day as one key range, no records
//	ix/run/unrev/<id>                       → severity, job, ts: Run Checks sorts and
//	                                        groups the unreviewed runs from this alone
var runTable = table[runs.Run]{
	prefix: "run/",
	id:     func(r *runs.Run) uint64 { return r.ID },
	indexes: func(r *runs.Run) []indexKey {
		ts := timeKey(r.Time)
		ix := []indexKey{
			{key: key("ix/run/ext/", r.JobID, r.ExternalID), unique: true},
			{key: key("ix/run/job/", r.JobID, ts, r.ID)},
			{key: key("ix/run/time/", ts, r.ID), value: briefValue(r)},
		}
		if r.Reviewed.IsZero() {
			ix = append(ix, indexKey{key: key("ix/run/unrev/", r.ID), value: key(byte(r.Status.Severity()), r.JobID, ts)})
		}
		return ix
	},
}

// RecordRun implements runs.Store.
func (s *Store) RecordRun(r runs.Run, supersede string) (runs.Run, bool, error) {
	id, err := s.nextID("run")
	if err != nil {
		return r, false, err
	}
	r.ID = id
	var stored runs.Run
	created := false
	err = s.update(func(txn *badger.Txn) (err error) {
		stored, created, err = recordRun(txn, r, supersede)
		return err
	})
	if created {
		s.jobsChanged(r.JobID) // its last-run summary moved
	}
	if err != nil {
		return runs.Run{}, false, fmt.Errorf("record run: %w", err)
	}
	return stored, created, nil
}

// RecordRuns implements runs.Store: RecordRun for many runs (a poll's new
// sessions), in transactions of up to runBatch runs. A failure stops at
// its batch with the earlier ones committed; recording is idempotent, so
// the caller records the rest again later.
func (s *Store) RecordRuns(list []runs.Run, supersede []string) ([]runs.Run, []bool, error) {
	type item struct {
		r         runs.Run
		supersede string
		at        int
	}
	items := make([]item, len(list))
	for i, r := range list {
		id, err := s.nextID("run")
		if err != nil {
			return nil, nil, err
		}
		r.ID = id
		items[i] = item{r: r, supersede: supersede[i], at: i}
	}
	stored, created := make([]runs.Run, len(list)), make([]bool, len(list))
	_, err := inBatches(s, items, func(txn *badger.Txn, batch []item, _ int) (int, error) {
		for _, it := range batch {
			r, ok, err := recordRun(txn, it.r, it.supersede)
			if err != nil {
				return 0, err
			}
			stored[it.at], created[it.at] = r, ok
		}
		return len(batch), nil
	})
	var changed []uint64
	for i, ok := range created {
		if ok {
			changed = append(changed, list[i].JobID)
		}
	}
	s.jobsChanged(changed...)
	if err != nil {
		return stored, created, fmt.Errorf("record runs: %w", err)
	}
	return stored, created, nil
}

// recordRun stores r in txn unless its job has a run with its external ID
// (then that run and false); it removes the missed run r supersedes and
// moves the job's last-run summary.
func recordRun(txn *badger.Txn, r runs.Run, supersede string) (runs.Run, bool, error) {
	existing, err := runTable.lookup(txn, key("ix/run/ext/", r.JobID, r.ExternalID))
	if err == nil {
		return existing, false, nil
	}
	if !errors.Is(err, ErrNotFound) {
		return r, false, err
	}
	j, err := jobTable.get(txn, r.JobID)
	if err != nil {
		return r, false, fmt.Errorf("job %d: %w", r.JobID, jobErr(err))
	}
	if supersede != "" {
		missed, err := runTable.lookup(txn, key("ix/run/ext/", r.JobID, supersede))
		switch {
		case err == nil && missed.Source == runs.FromSchedule:
			if err := runTable.delete(txn, missed.ID); err != nil {
				return r, false, err
			}
			if missed.Time.Equal(j.LastRun) {
				j.LastRun = time.Time{} // the job's last run is now this one
			}
		case err != nil && !errors.Is(err, ErrNotFound):
			return r, false, err
		}
	}
	if err := runTable.put(txn, &r); err != nil {
		return r, false, err
	}
	if ev, ok := notify.RunEvent(r.ID, r.JobID, string(r.Status), r.Message, r.Time, time.Now()); ok && !j.Archived {
		if err := putEvent(txn, ev); err != nil {
			return r, false, err
		}
	}
	if j.NoteRun(r.Time, string(r.Status)) {
		if err := jobTable.put(txn, &j); err != nil {
			return r, false, err
		}
	}
	return r, true, nil
}

// Run implements runs.Store.
func (s *Store) Run(id uint64) (runs.Run, error) {
	var r runs.Run
	err := s.view(func(txn *badger.Txn) (err error) { r, err = runTable.get(txn, id); return err })
	if errors.Is(err, ErrNotFound) {
		return r, runs.ErrNotFound
	}
	return r, err
}

// RunsOfJob implements runs.Store: a reverse scan of the job's time index.
func (s *Store) RunsOfJob(jobID uint64, before string, limit int) (runs.Page, error) {
	if limit <= 0 || limit > 1000 {
		limit = 100
	}
	prefix := key("ix/run/job/", jobID)
	var cursor []byte
	if before != "" {
		tail, err := base64.RawURLEncoding.DecodeString(before)
		if err != nil || len(tail) != 16 {
			return runs.Page{}, fmt.Errorf("runs: bad page cursor")
		}
		cursor = key(prefix, tail)
	}
	var page runs.Page
	err := s.view(func(txn *badger.Txn) error {
		return scanPage(txn, prefix, cursor, true, func(k []byte) (bool, error) {
			if len(page.Runs) == limit {
				last := page.Runs[len(page.Runs)-1]
				page.Next = base64.RawURLEncoding.EncodeToString(key(timeKey(last.Time), last.ID))
				return false, nil
			}
			r, err := runTable.get(txn, beUint64(k[len(k)-8:]))
			if err != nil {
				return false, fmt.Errorf("run index %x: %w", k, err)
			}
			page.Runs = append(page.Runs, r)
			return true, nil
		})
	})
	return page, err
}

// Unreviewed implements runs.Store from the unreviewed index alone.
func (s *Store) Unreviewed() ([]runs.QueueEntry, error) {
	var out []runs.QueueEntry
	prefix := []byte("ix/run/unrev/")
	err := s.view(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: prefix, PrefetchValues: true, PrefetchSize: 256})
		defer it.Close()
		for it.Seek(prefix); it.ValidForPrefix(prefix); it.Next() {
			k := it.Item().Key()
			err := it.Item().Value(func(v []byte) error {
				if len(v) != 17 {
					return fmt.Errorf("unreviewed index %x holds %d bytes", k, len(v))
				}
				out = append(out, runs.QueueEntry{RunID: beUint64(k[len(prefix):]), Severity: int(v[0]), JobID: beUint64(v[1:9]),
					Time: time.Unix(0, int64(beUint64(v[9:17]))).UTC()})
				return nil
			})
			if err != nil {
				return err
			}
		}
		return nil
	})
	return out, err
}

// Runs implements runs.Store; unknown IDs are skipped.
func (s *Store) Runs(ids []uint64) ([]runs.Run, error) {
	out := make([]runs.Run, 0, len(ids))
	err := s.view(func(txn *badger.Txn) error {
		for _, id := range ids {
			r, err := runTable.get(txn, id)
			if errors.Is(err, ErrNotFound) {
				continue
			}
			if err != nil {
				return err
			}
			out = append(out, r)
		}
		return nil
	})
	return out, err
}

// SetReviewed implements runs.Store: marks runs reviewed at at by by, or
// back to unreviewed when at is zero, with one audit event for the action.
// Runs already in the wanted state are left alone and not counted. Large
// selections commit in batches; each batch is whole, and the audit event
// goes with the first batch that changes a run.
func (s *Store) SetReviewed(ids []uint64, at time.Time, by string, ev audit.Event) (int, error) {
	auditID, err := s.nextID("audit")
	if err != nil {
		return 0, err
	}
	return inBatches(s, ids, func(txn *badger.Txn, batch []uint64, before int) (int, error) {
		changed := 0
		for _, id := range batch {
			r, err := runTable.get(txn, id)
			if errors.Is(err, ErrNotFound) {
				continue
			}
			if err != nil {
				return 0, err
			}
			if r.Reviewed.IsZero() == at.IsZero() {
				continue
			}
			r.Reviewed, r.ReviewedBy = at, by
			if at.IsZero() {
				r.ReviewedBy = ""
			}
			if err := runTable.put(txn, &r); err != nil {
				return 0, err
			}
			changed++
		}
		if changed == 0 || before > 0 { // audited with the first batch that changed a run
			return changed, nil
		}
		return changed, putAudit(txn, auditID, ev)
	})
}

// briefMessage bounds the message kept in the time index.
const briefMessage = 160

// briefValue is the time index value: job, status, and the start of the
// message, cut at a rune boundary.
func briefValue(r *runs.Run) []byte {
	msg := r.Message
	if len(msg) > briefMessage {
		msg = msg[:briefMessage]
		for len(msg) > 0 && !utf8.ValidString(msg) {
			msg = msg[:len(msg)-1]
		}
		msg += "…"
	}
	sev := byte(r.Status.Severity())
	if r.Override != nil {
		sev |= briefOverridden
	}
	return key(r.JobID, sev, msg)
}

// briefOverridden flags, in the time index's severity byte, a success that
// an override made, so reports tell such runs apart without the record.
const briefOverridden = 0x80

// VisitBriefs implements runs.ReviewStore: the runs whose time is in
// [from, to), oldest first, from one key range of the time index, without
// reading a record or holding them all.
func (s *Store) VisitBriefs(from, to time.Time, visit func(runs.Brief) error) error {
	prefix := []byte("ix/run/time/")
	return s.view(func(txn *badger.Txn) error {
		return scanTimeRange(txn, prefix, from, to, true, func(k []byte, item *badger.Item) error {
			if len(k) != len(prefix)+16 {
				return fmt.Errorf("time index key %x has %d bytes", k, len(k))
			}
			b := runs.Brief{ID: beUint64(k[len(prefix)+8:]), Time: time.Unix(0, int64(beUint64(k[len(prefix):]))).UTC()}
			err := item.Value(func(v []byte) error {
				if len(v) < 9 {
					return fmt.Errorf("time index %x holds %d bytes", k, len(v))
				}
				b.JobID, b.Status, b.Message = beUint64(v[:8]), runs.StatusOfSeverity(int(v[8]&^briefOverridden)), string(v[9:])
				b.Overridden = v[8]&briefOverridden != 0
				return nil
			})
			if err != nil {
				return err
			}
			return visit(b)
		})
	})
}

// RunsOfJobBetween implements runs.Store: one job's runs whose time is in
// [from, to), oldest first, from one key range of the job's time index.
func (s *Store) RunsOfJobBetween(jobID uint64, from, to time.Time) ([]runs.Run, error) {
	var out []runs.Run
	err := s.view(func(txn *badger.Txn) error {
		return scanTimeRange(txn, key("ix/run/job/", jobID), from, to, false, func(k []byte, _ *badger.Item) error {
			r, err := runTable.get(txn, beUint64(k[len(k)-8:]))
			out = append(out, r)
			return err
		})
	})
	return out, err
}

// scanTimeRange visits, oldest first, the keys prefix<ts>… of a time index
// whose time is in [from, to).
func scanTimeRange(txn *badger.Txn, prefix []byte, from, to time.Time, values bool, visit func(k []byte, item *badger.Item) error) error {
	end := key(prefix, timeKey(to))
	it := txn.NewIterator(badger.IteratorOptions{Prefix: prefix, PrefetchValues: values, PrefetchSize: 256})
	defer it.Close()
	for it.Seek(key(prefix, timeKey(from))); it.ValidForPrefix(prefix); it.Next() {
		k := it.Item().Key()
		if bytes.Compare(k, end) >= 0 {
			return nil
		}
		if err := visit(k, it.Item()); err != nil {
			return err
		}
	}
	return nil
}

// SaveRuns implements runs.Store: stores changed runs (an override turned
// them into successes) with their index entries, in bounded transactions,
// and keeps each job's last status in step when it was one of these runs.
func (s *Store) SaveRuns(rs []runs.Run) error {
	touched := map[uint64]bool{}
	defer func() {
		for id := range touched {
			s.jobsChanged(id)
		}
	}()
	_, err := inBatches(s, rs, func(txn *badger.Txn, batch []runs.Run, _ int) (int, error) {
		for i := range batch {
			r := batch[i]
			if err := runTable.put(txn, &r); err != nil {
				return 0, err
			}
			j, err := jobTable.get(txn, r.JobID)
			if err != nil {
				return 0, fmt.Errorf("job %d: %w", r.JobID, jobErr(err))
			}
			if j.NoteRun(r.Time, string(r.Status)) {
				if err := jobTable.put(txn, &j); err != nil {
					return 0, err
				}
				touched[j.ID] = true
			}
		}
		return len(batch), nil
	})
	if err != nil {
		return fmt.Errorf("save runs: %w", err)
	}
	return nil
}
