package storage

import (
	"errors"
	"fmt"
	"time"

	"github.com/dgraph-io/badger/v4"

	"github.com/backupchecks/backupchecks/app/runs"
)

// Recoveries implements runs.ReviewStore. It walks the job's time index
// forward from just after each time and reads each run's status from the
// time index's value (a few bytes, not the record), stopping at the first
// success; the times that success follows are answered together, so a
// job's queue costs about one seek per failing stretch.
func (s *Store) Recoveries(jobID uint64, after []time.Time) ([]runs.Recovery, error) {
	out := make([]runs.Recovery, len(after))
	prefix := key("ix/run/job/", jobID)
	err := s.view(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: prefix})
		defer it.Close()
		for i := 0; i < len(after); {
			rec, err := firstSuccess(txn, it, prefix, after[i])
			if err != nil || rec.RunID == 0 {
				return err // none after this time, so none after the later ones
			}
			for ; i < len(after) && after[i].Before(rec.Time); i++ {
				out[i] = rec
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("find the runs that recovered job %d: %w", jobID, err)
	}
	return out, nil
}

// firstSuccess is the first successful run in a job's time index strictly
// after t (zero when none).
func firstSuccess(txn *badger.Txn, it *badger.Iterator, prefix []byte, t time.Time) (runs.Recovery, error) {
	for it.Seek(key(prefix, timeKey(t)+1)); it.ValidForPrefix(prefix); it.Next() {
		k := it.Item().Key()
		if len(k) != len(prefix)+16 {
			return runs.Recovery{}, fmt.Errorf("job index key %x has %d bytes", k, len(k))
		}
		ts, id := beUint64(k[len(prefix):]), beUint64(k[len(prefix)+8:])
		item, err := txn.Get(key("ix/run/time/", ts, id))
		if errors.Is(err, badger.ErrKeyNotFound) {
			continue
		}
		if err != nil {
			return runs.Recovery{}, err
		}
		success := false
		err = item.Value(func(v []byte) error {
			if len(v) < 9 {
				return fmt.Errorf("time index of run %d holds %d bytes", id, len(v))
			}
			success = runs.StatusOfSeverity(int(v[8]&^briefOverridden)) == runs.Success
			return nil
		})
		if err != nil {
			return runs.Recovery{}, err
		}
		if success {
			return runs.Recovery{RunID: id, Time: time.Unix(0, int64(ts)).UTC()}, nil
		}
	}
	return runs.Recovery{}, nil
}
