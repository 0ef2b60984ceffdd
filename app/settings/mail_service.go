package settings

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/secret"
)

// MailImport returns Settings → Mail import (the password stays sealed).
func (s *Service) MailImport() (MailImport, error) { return s.store.MailImport() }

// MailPassword opens the stored mailbox password, to sign in with.
func (s *Service) MailPassword() (secret.Value, error) {
	m, err := s.store.MailImport()
	if err != nil || m.Password.IsZero() {
		return secret.Value{}, err
	}
	if s.Cipher == nil {
		return secret.Value{}, errors.New("no key to open stored secrets")
	}
	return s.Cipher.Open(m.Password)
}

// SaveMailImport validates and stores the mail settings. An empty password
// keeps the stored one: it is never shown, so the form cannot send it back.
func (s *Service) SaveMailImport(m MailImport, password secret.Value, by audit.Actor) (MailImport, error) {
	old, err := s.store.MailImport()
	if err != nil {
		return m, err
	}
	m.Password = old.Password
	if !password.IsZero() {
		if s.Cipher == nil {
			return m, errors.New("no key to seal secrets")
		}
		if m.Password, err = s.Cipher.Seal(password); err != nil {
			return m, fmt.Errorf("seal the password: %w", err)
		}
	}
	if err := m.Normalize(); err != nil {
		return m, err
	}
	if m.Enabled && m.Password.IsZero() {
		return m, FieldErrors{"password": "Enter the mailbox password."}
	}
	var changes []string
	diff := func(name string, a, b any) {
		if fmt.Sprint(a) != fmt.Sprint(b) {
			changes = append(changes, fmt.Sprintf("%s: %v → %v", name, a, b))
		}
	}
	diff("enabled", old.Enabled, m.Enabled)
	diff("host", old.Host, m.Host)
	diff("port", old.Port, m.Port)
	diff("security", old.Security, m.Security)
	diff("username", old.Username, m.Username)
	diff("folder", old.Folder, m.Folder)
	diff("processed folder", old.Processed, m.Processed)
	diff("interval", old.Interval, m.Interval)
	diff("cutoff", old.Cutoff, m.Cutoff)
	diff("max size MB", old.MaxSizeMB, m.MaxSizeMB)
	if !password.IsZero() {
		changes = append(changes, "password changed")
	}
	if len(changes) == 0 {
		changes = []string{"no changes"}
	}
	m.Saved = time.Now().UTC()
	return m, s.store.SaveMailImport(m, audit.New(by, audit.SettingsMail, "mail import", strings.Join(changes, "; ")))
}
