package settings

import (
	"fmt"
	"time"

	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/secret"
)

// Cove returns Settings → Cove (the password stays sealed).
func (s *Service) Cove() (Cove, error) { return s.store.Cove() }

// CovePassword opens the stored API password or token.
func (s *Service) CovePassword() (secret.Value, error) {
	c, err := s.store.Cove()
	if err != nil {
		return secret.Value{}, err
	}
	return s.open(c.Password)
}

// SaveCove validates and stores the Cove settings. An empty password
// keeps the stored one: it is never shown, so the form cannot send it back.
func (s *Service) SaveCove(c Cove, password secret.Value, by audit.Actor) (Cove, error) {
	old, err := s.store.Cove()
	if err != nil {
		return c, err
	}
	if c.Password, err = s.seal(password, old.Password); err != nil {
		return c, fmt.Errorf("seal the Cove password: %w", err)
	}
	if err := c.Normalize(); err != nil {
		return c, err
	}
	if err := CheckCovePassword(old, c, password); err != nil {
		return c, asFields(err)
	}
	if c.Enabled && c.Password.IsZero() {
		return c, FieldErrors{"password": "Enter the API user's token or password."}
	}
	var ch changes
	ch.diff("enabled", old.Enabled, c.Enabled)
	ch.diff("URL", old.URL, c.URL)
	ch.diff("partner", old.Partner, c.Partner)
	ch.diff("username", old.Username, c.Username)
	ch.diff("partner ID", old.PartnerID, c.PartnerID)
	ch.diff("interval", old.Interval, c.Interval)
	ch.diff("page size", old.PageSize, c.PageSize)
	if !password.IsZero() {
		ch.note("password changed")
	}
	c.Saved = time.Now().UTC()
	return c, s.store.SaveCove(c, audit.New(by, audit.SettingsCove, "cove", ch.String()))
}
