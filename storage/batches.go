package storage

import "github.com/dgraph-io/badger/v4"

// runBatch bounds the runs one transaction touches: Badger refuses a
// transaction past a fraction of its memtable, and bulk actions (review all
// successes, merge or delete a job) may touch thousands of runs.
const runBatch = 250

// inBatches writes items in transactions of at most runBatch each and sums
// what write counts in the batches that committed; before tells write what
// the earlier batches counted. Each batch commits whole; a failure stops at
// that batch with the earlier ones committed, so every caller must be safe
// to run again.
func inBatches[T any](s *Store, items []T, write func(txn *badger.Txn, batch []T, before int) (int, error)) (int, error) {
	total := 0
	for len(items) > 0 {
		batch := items[:min(runBatch, len(items))]
		items = items[len(batch):]
		n := 0
		err := s.update(func(txn *badger.Txn) (err error) {
			n, err = write(txn, batch, total) // reassigned on every conflict retry
			return err
		})
		if err != nil {
			return total, err
		}
		total += n
	}
	return total, nil
}
