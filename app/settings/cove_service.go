package settings

import (
	"fmt"
	"strings"
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
	if c.Enabled && c.Password.IsZero() {
		return c, FieldErrors{"password": "Enter the API user's token or password."}
	}
	var changes []string
	diff := func(name string, a, b any) {
		if fmt.Sprint(a) != fmt.Sprint(b) {
			changes = append(changes, fmt.Sprintf("%s: %v → %v", name, a, b))
		}
	}
	diff("enabled", old.Enabled, c.Enabled)
	diff("URL", old.URL, c.URL)
	diff("partner", old.Partner, c.Partner)
	diff("username", old.Username, c.Username)
	diff("partner ID", old.PartnerID, c.PartnerID)
	diff("interval", old.Interval, c.Interval)
	diff("page size", old.PageSize, c.PageSize)
	diff("workstation days", old.WorkstationDays, c.WorkstationDays)
	if !password.IsZero() {
		changes = append(changes, "password changed")
	}
	if len(changes) == 0 {
		changes = []string{"no changes"}
	}
	c.Saved = time.Now().UTC()
	return c, s.store.SaveCove(c, audit.New(by, audit.SettingsCove, "cove", strings.Join(changes, "; ")))
}
