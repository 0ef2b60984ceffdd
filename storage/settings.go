package storage

import (
	"errors"

	"github.com/dgraph-io/badger/v4"

	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/settings"
)

// Settings are one record per section.
//
//	set/<section>   the section's settings (general, mail, cove)
const (
	sectionGeneral = "general"
	sectionMail    = "mail"
	sectionCove    = "cove"
	sectionKeep    = "retention"
	sectionLogo    = "logo"
	sectionWatch   = "watch"
	sectionSMTP    = "smtp"
	sectionSignIn  = "signin"
)

func settingsKey(section string) []byte { return key("set/", section) }

func defaultGeneral() settings.General { return settings.DefaultGeneral() }

// readSection reads a section into v, which holds its defaults: a section
// never saved keeps them.
func (s *Store) readSection(section string, v any) error {
	return s.readSingle(settingsKey(section), v)
}

// readSingle reads a record stored under a key of its own into v; v keeps
// its value when the key was never written.
func (s *Store) readSingle(k []byte, v any) error {
	err := s.view(func(txn *badger.Txn) error { return getJSON(txn, k, v) })
	if errors.Is(err, ErrNotFound) {
		return nil
	}
	return err
}

// writeSingle writes a record under a key of its own.
func (s *Store) writeSingle(k []byte, v any) error {
	return s.update(func(txn *badger.Txn) error { return setJSON(txn, k, v) })
}

// saveSection writes a section with its audit event.
func (s *Store) saveSection(section string, v any, ev audit.Event) error {
	auditID, err := s.nextID("audit")
	if err != nil {
		return err
	}
	return s.update(func(txn *badger.Txn) error {
		if err := setJSON(txn, settingsKey(section), v); err != nil {
			return err
		}
		return putAudit(txn, auditID, ev)
	})
}

// General implements settings.Store. Every recorded run asks for the time
// zone and the review rule, so the section is kept in memory once read:
// SaveGeneral is its only writer after the migrations.
func (s *Store) General() (settings.General, error) {
	if g := s.general.Load(); g != nil {
		return *g, nil
	}
	g := settings.DefaultGeneral()
	if err := s.readSection(sectionGeneral, &g); err != nil {
		return g, err
	}
	// Only into an empty cache: a save that committed meanwhile has put
	// the newer value there.
	s.general.CompareAndSwap(nil, &g)
	return g, nil
}

// SaveGeneral writes Settings → General with its audit event.
func (s *Store) SaveGeneral(g settings.General, ev audit.Event) error {
	if err := s.saveSection(sectionGeneral, g, ev); err != nil {
		return err
	}
	s.general.Store(&g)
	return nil
}

// Retention implements settings.Store.
func (s *Store) Retention() (settings.Retention, error) {
	r := settings.DefaultRetention()
	err := s.readSection(sectionKeep, &r)
	return r, err
}

// SaveRetention implements settings.Store.
func (s *Store) SaveRetention(r settings.Retention, ev audit.Event) error {
	return s.saveSection(sectionKeep, r, ev)
}

// Logo implements settings.Store.
func (s *Store) Logo() (settings.Logo, error) {
	var l settings.Logo
	err := s.readSection(sectionLogo, &l)
	return l, err
}

// SaveLogo implements settings.Store.
func (s *Store) SaveLogo(l settings.Logo, ev audit.Event) error {
	return s.saveSection(sectionLogo, l, ev)
}

// Watch implements settings.Store.
func (s *Store) Watch() (settings.Watch, error) {
	w := settings.DefaultWatch()
	err := s.readSection(sectionWatch, &w)
	return w, err
}

// SaveWatch implements settings.Store.
func (s *Store) SaveWatch(w settings.Watch, ev audit.Event) error {
	return s.saveSection(sectionWatch, w, ev)
}

// SignIn implements settings.Store.
func (s *Store) SignIn() (settings.SignIn, error) {
	c := settings.DefaultSignIn()
	err := s.readSection(sectionSignIn, &c)
	return c, err
}

// SaveSignIn implements settings.Store.
func (s *Store) SaveSignIn(c settings.SignIn, ev audit.Event) error {
	return s.saveSection(sectionSignIn, c, ev)
}

// SMTP implements settings.Store.
func (s *Store) SMTP() (settings.SMTP, error) {
	m := settings.DefaultSMTP()
	err := s.readSection(sectionSMTP, &m)
	return m, err
}

// SaveSMTP implements settings.Store.
func (s *Store) SaveSMTP(m settings.SMTP, ev audit.Event) error {
	return s.saveSection(sectionSMTP, m, ev)
}

// MailImport implements settings.Store.
func (s *Store) MailImport() (settings.MailImport, error) {
	m := settings.DefaultMailImport()
	if err := s.readSection(sectionMail, &m); err != nil {
		return settings.DefaultMailImport(), err
	}
	return m, nil
}

// SaveMailImport implements settings.Store.
func (s *Store) SaveMailImport(m settings.MailImport, ev audit.Event) error {
	return s.saveSection(sectionMail, m, ev)
}

// Cove implements settings.Store.
func (s *Store) Cove() (settings.Cove, error) {
	c := settings.DefaultCove()
	if err := s.readSection(sectionCove, &c); err != nil {
		return settings.DefaultCove(), err
	}
	return c, nil
}

// SaveCove implements settings.Store.
func (s *Store) SaveCove(c settings.Cove, ev audit.Event) error {
	return s.saveSection(sectionCove, c, ev)
}
