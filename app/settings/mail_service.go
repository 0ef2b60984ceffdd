package settings

import (
	"errors"
	"fmt"
	"time"

	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/secret"
)

// MailImport returns Settings → Mail import (the password stays sealed).
func (s *Service) MailImport() (MailImport, error) { return s.store.MailImport() }

// MailSecrets are the mailbox's credentials in the clear, for signing in.
type MailSecrets struct {
	Password     secret.Value
	ClientSecret secret.Value
}

// MailSecrets opens the stored mailbox password and client secret.
func (s *Service) MailSecrets() (MailSecrets, error) {
	m, err := s.store.MailImport()
	if err != nil {
		return MailSecrets{}, err
	}
	var out MailSecrets
	if out.Password, err = s.open(m.Password); err != nil {
		return out, err
	}
	out.ClientSecret, err = s.open(m.ClientSecret)
	return out, err
}

func (s *Service) open(v secret.Sealed) (secret.Value, error) {
	if v.IsZero() {
		return secret.Value{}, nil
	}
	if s.Cipher == nil {
		return secret.Value{}, errors.New("no key to open stored secrets")
	}
	return s.Cipher.Open(v)
}

func (s *Service) seal(v secret.Value, keep secret.Sealed) (secret.Sealed, error) {
	if v.IsZero() {
		return keep, nil
	}
	if s.Cipher == nil {
		return nil, errors.New("no key to seal secrets")
	}
	return s.Cipher.Seal(v)
}

// SaveMailImport validates and stores the mail settings. An empty secret
// keeps the stored one: secrets are never shown, so the form cannot send
// them back.
func (s *Service) SaveMailImport(m MailImport, sec MailSecrets, by audit.Actor) (MailImport, error) {
	old, err := s.store.MailImport()
	if err != nil {
		return m, err
	}
	if m.Password, err = s.seal(sec.Password, old.Password); err != nil {
		return m, fmt.Errorf("seal the password: %w", err)
	}
	if m.ClientSecret, err = s.seal(sec.ClientSecret, old.ClientSecret); err != nil {
		return m, fmt.Errorf("seal the client secret: %w", err)
	}
	if err := m.Normalize(); err != nil {
		return m, err
	}
	if err := CheckMailSecrets(old, m, sec); err != nil {
		return m, asFields(err)
	}
	switch {
	case m.Enabled && m.Auth == "password" && m.Password.IsZero():
		return m, FieldErrors{"password": "Enter the mailbox password."}
	case m.Enabled && m.Auth == "oauth2" && m.ClientSecret.IsZero():
		return m, FieldErrors{"client_secret": "Enter the app's client secret."}
	}
	var ch changes
	ch.diff("enabled", old.Enabled, m.Enabled)
	ch.diff("host", old.Host, m.Host)
	ch.diff("port", old.Port, m.Port)
	ch.diff("security", old.Security, m.Security)
	ch.diff("username", old.Username, m.Username)
	ch.diff("sign-in", old.Auth, m.Auth)
	ch.diff("tenant ID", old.TenantID, m.TenantID)
	ch.diff("client ID", old.ClientID, m.ClientID)
	ch.diff("token URL", old.TokenURL, m.TokenURL)
	ch.diff("folder", old.Folder, m.Folder)
	ch.diff("processed folder", old.Processed, m.Processed)
	ch.diff("interval", old.Interval, m.Interval)
	ch.diff("cutoff", old.Cutoff, m.Cutoff)
	ch.diff("max size MB", old.MaxSizeMB, m.MaxSizeMB)
	if !sec.Password.IsZero() {
		ch.note("password changed")
	}
	if !sec.ClientSecret.IsZero() {
		ch.note("client secret changed")
	}
	m.Saved = time.Now().UTC()
	return m, s.store.SaveMailImport(m, audit.New(by, audit.SettingsMail, "mail import", ch.String()))
}
