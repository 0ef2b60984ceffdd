package storage

import (
	"bytes"

	"github.com/dgraph-io/badger/v4"

	"github.com/backupchecks/backupchecks/app/runs"
)

// flagOverriddenBriefs is the migration that rewrites the time index entry
// of every run an override made a success, so the entry carries the flag
// (entries written before it did not). It reads every run once, decoding
// only those whose JSON mentions an override, and rewrites in batches;
// running it again rewrites the same entries to the same values.
func flagOverriddenBriefs(s *Store) error {
	marker := []byte(`"override":`)
	var found []runs.Run
	err := s.view(func(txn *badger.Txn) error {
		prefix := []byte(runTable.prefix)
		it := txn.NewIterator(badger.IteratorOptions{Prefix: prefix, PrefetchValues: true, PrefetchSize: 256})
		defer it.Close()
		for it.Rewind(); it.ValidForPrefix(prefix); it.Next() {
			err := it.Item().Value(func(v []byte) error {
				if !bytes.Contains(v, marker) {
					return nil
				}
				var r runs.Run
				if err := decode(v, &r); err != nil {
					return err
				}
				if r.Override != nil {
					found = append(found, r)
				}
				return nil
			})
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	_, err = inBatches(s, found, func(txn *badger.Txn, batch []runs.Run, _ int) (int, error) {
		for i := range batch {
			r := &batch[i]
			if err := txn.Set(key("ix/run/time/", timeKey(r.Time), r.ID), briefValue(r)); err != nil {
				return 0, err
			}
		}
		return len(batch), nil
	})
	return err
}
