package storage

import (
	"errors"

	"github.com/dgraph-io/badger/v4"

	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/psa"
)

// Automatic Autotask tickets (opt-in rules):
//
//	atk/auto/rules             psa.AutoRules: every customer's and job's rule,
//	                           one record so a pass with none on reads one key
//	atk/auto/job/<job id>      psa.AutoStreak: the job's current failure
//	                           streak and its ticket's run
var autoRulesKey = []byte("atk/auto/rules")

func autoStreakKey(jobID uint64) []byte { return key("atk/auto/job/", jobID) }

// AutoRules implements psa.AutoStore.
func (s *Store) AutoRules() (psa.AutoRules, error) {
	var r psa.AutoRules
	err := s.readSingle(autoRulesKey, &r)
	return r, err
}

// SaveAutoRules implements psa.AutoStore.
func (s *Store) SaveAutoRules(r psa.AutoRules, ev audit.Event) error {
	return s.putAudited(ev, func(txn *badger.Txn) error { return setJSON(txn, autoRulesKey, r) })
}

// AutoStreak implements psa.AutoStore.
func (s *Store) AutoStreak(jobID uint64) (psa.AutoStreak, error) {
	st := psa.AutoStreak{JobID: jobID}
	err := s.readSingle(autoStreakKey(jobID), &st)
	return st, err
}

// ReserveAutoStreak implements psa.AutoStore. Two passes reserving one
// job's streak conflict in Badger; the retry sees the winner's run.
func (s *Store) ReserveAutoStreak(st psa.AutoStreak, ev audit.Event) (psa.AutoStreak, bool, error) {
	reserved := false
	stored := st
	err := s.putAudited(ev, func(txn *badger.Txn) error {
		var cur psa.AutoStreak
		err := getJSON(txn, autoStreakKey(st.JobID), &cur)
		if err != nil && !errors.Is(err, ErrNotFound) {
			return err
		}
		if err == nil && cur.Active() {
			stored, reserved = cur, false
			return errNothingReserved
		}
		stored, reserved = st, true
		return setJSON(txn, autoStreakKey(st.JobID), st)
	})
	if errors.Is(err, errNothingReserved) {
		err = nil // nothing written, and no audit of a rule that did not fire
	}
	return stored, reserved, err
}

var errNothingReserved = errors.New("streak already reserved")

// SaveAutoStreak implements psa.AutoStore.
func (s *Store) SaveAutoStreak(st psa.AutoStreak, ev *audit.Event) error {
	write := func(txn *badger.Txn) error { return setJSON(txn, autoStreakKey(st.JobID), st) }
	if ev != nil {
		return s.putAudited(*ev, write)
	}
	return s.update(write)
}
