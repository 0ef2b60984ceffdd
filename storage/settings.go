package storage

import (
	"errors"

	"github.com/dgraph-io/badger/v4"

	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/settings"
)

const sectionGeneral = "general"

func settingsKey(section string) []byte { return key("set/", section) }

func defaultGeneral() settings.General { return settings.DefaultGeneral() }

// General implements settings.Store.
func (s *Store) General() (settings.General, error) {
	g := settings.DefaultGeneral()
	err := s.view(func(txn *badger.Txn) error { return getJSON(txn, settingsKey(sectionGeneral), &g) })
	return g, err
}

// SaveGeneral writes Settings → General with its audit event.
func (s *Store) SaveGeneral(g settings.General, ev audit.Event) error {
	auditID, err := s.nextID("audit")
	if err != nil {
		return err
	}
	return s.update(func(txn *badger.Txn) error {
		if err := setJSON(txn, settingsKey(sectionGeneral), g); err != nil {
			return err
		}
		return putAudit(txn, auditID, ev)
	})
}

const sectionMail = "mail"

// MailImport implements settings.Store.
func (s *Store) MailImport() (settings.MailImport, error) {
	m := settings.DefaultMailImport()
	err := s.view(func(txn *badger.Txn) error { return getJSON(txn, settingsKey(sectionMail), &m) })
	if errors.Is(err, ErrNotFound) {
		return settings.DefaultMailImport(), nil
	}
	return m, err
}

// SaveMailImport implements settings.Store.
func (s *Store) SaveMailImport(m settings.MailImport, ev audit.Event) error {
	auditID, err := s.nextID("audit")
	if err != nil {
		return err
	}
	return s.update(func(txn *badger.Txn) error {
		if err := setJSON(txn, settingsKey(sectionMail), m); err != nil {
			return err
		}
		return putAudit(txn, auditID, ev)
	})
}
