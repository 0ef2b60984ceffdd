package storage

import "fmt"

// nextID returns the next ID for a kind of record, starting at 1. IDs come
// from leased Badger sequences, so a crash leaves gaps but never reuses one.
func (s *Store) nextID(kind string) (uint64, error) {
	s.seqMu.Lock()
	defer s.seqMu.Unlock()
	q, ok := s.seqs[kind]
	if !ok {
		var err error
		q, err = s.db.GetSequence([]byte("seq/"+kind), 100)
		if err != nil {
			return 0, fmt.Errorf("id sequence %s: %w", kind, err)
		}
		s.seqs[kind] = q
	}
	n, err := q.Next()
	if err != nil {
		return 0, fmt.Errorf("id sequence %s: %w", kind, err)
	}
	return n + 1, nil // Badger sequences start at 0; 0 means "no ID" in records
}
