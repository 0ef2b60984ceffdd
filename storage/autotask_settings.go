package storage

import (
	"errors"

	"github.com/dgraph-io/badger/v4"

	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/settings"
)

// Autotask's settings are two sections: what the admin set, and the
// picklists last loaded from Autotask (kept apart so a refresh is not a
// settings change).
//
//	set/autotask             Settings → Autotask
//	set/autotask-picklists   reference data loaded from Autotask
const (
	sectionAutotask          = "autotask"
	sectionAutotaskPicklists = "autotask-picklists"
)

// Autotask implements settings.Store.
func (s *Store) Autotask() (settings.Autotask, error) {
	a := settings.DefaultAutotask()
	if err := s.readSection(sectionAutotask, &a); err != nil {
		return settings.DefaultAutotask(), err
	}
	return a, nil
}

// SaveAutotask implements settings.Store.
func (s *Store) SaveAutotask(a settings.Autotask, ev audit.Event) error {
	return s.saveSection(sectionAutotask, a, ev)
}

// AutotaskPicklists implements settings.Store.
func (s *Store) AutotaskPicklists() (settings.Picklists, error) {
	var p settings.Picklists
	err := s.readSection(sectionAutotaskPicklists, &p)
	return p, err
}

// SaveAutotaskPicklists implements settings.Store; ev is written with it when set.
func (s *Store) SaveAutotaskPicklists(p settings.Picklists, ev *audit.Event) error {
	if ev != nil {
		return s.saveSection(sectionAutotaskPicklists, p, *ev)
	}
	return s.update(func(txn *badger.Txn) error { return setJSON(txn, settingsKey(sectionAutotaskPicklists), p) })
}

// UpdateAutotaskReference implements settings.Store: in one transaction
// (retried whole on a conflict) it reads Settings → Autotask and the
// picklists stored before, lets edit adopt what the load changed, and
// writes p, the settings when edit changed them, and edit's event.
func (s *Store) UpdateAutotaskReference(p settings.Picklists, edit func(a *settings.Autotask, old settings.Picklists) (bool, audit.Event)) error {
	auditID, err := s.nextID("audit")
	if err != nil {
		return err
	}
	return s.update(func(txn *badger.Txn) error {
		a := settings.DefaultAutotask()
		if err := getJSON(txn, settingsKey(sectionAutotask), &a); err != nil && !errors.Is(err, ErrNotFound) {
			return err
		}
		var old settings.Picklists
		if err := getJSON(txn, settingsKey(sectionAutotaskPicklists), &old); err != nil && !errors.Is(err, ErrNotFound) {
			return err
		}
		changed, ev := edit(&a, old)
		if err := setJSON(txn, settingsKey(sectionAutotaskPicklists), p); err != nil {
			return err
		}
		if changed {
			if err := setJSON(txn, settingsKey(sectionAutotask), a); err != nil {
				return err
			}
		}
		return putAudit(txn, auditID, ev)
	})
}
