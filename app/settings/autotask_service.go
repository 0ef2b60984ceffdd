package settings

import (
	"fmt"
	"time"

	"github.com/backupchecks/backupchecks/app/audit"
	"github.com/backupchecks/backupchecks/app/secret"
)

// Autotask returns Settings → Autotask (the secret stays sealed).
func (s *Service) Autotask() (Autotask, error) { return s.store.Autotask() }

// AutotaskSecret opens the stored API user's secret.
func (s *Service) AutotaskSecret() (secret.Value, error) {
	a, err := s.store.Autotask()
	if err != nil {
		return secret.Value{}, err
	}
	return s.open(a.Secret)
}

// AutotaskPicklists returns the reference data last loaded from Autotask.
func (s *Service) AutotaskPicklists() (Picklists, error) { return s.store.AutotaskPicklists() }

// SaveAutotask validates and stores Settings → Autotask against the
// reference data last loaded, auditing what changed (never the secret:
// "secret changed"). An empty secret keeps the stored one: it is never
// shown, so the form cannot send it back. On a validation error the
// returned settings still hold the stored secret, not the typed one,
// which was not saved.
func (s *Service) SaveAutotask(a Autotask, sec secret.Value, by audit.Actor) (Autotask, error) {
	old, err := s.store.Autotask()
	if err != nil {
		return a, err
	}
	p, err := s.store.AutotaskPicklists()
	if err != nil {
		return a, err
	}
	if a.Secret, err = s.seal(sec, old.Secret); err != nil {
		a.Secret = old.Secret
		return a, fmt.Errorf("seal the Autotask secret: %w", err)
	}
	if err := a.Normalize(p); err != nil {
		a.Secret = old.Secret
		return a, err
	}
	if err := CheckAutotaskSecret(old, a, sec); err != nil {
		return a, asFields(err)
	}
	var ch changes
	ch.diff("enabled", old.Enabled, a.Enabled)
	ch.diff("environment", old.Environment, a.Environment)
	ch.diff("discovery URL", old.DiscoveryURL, a.DiscoveryURL)
	ch.diff("username", old.Username, a.Username)
	ch.diff("integration code", old.IntegrationCode, a.IntegrationCode)
	if !sec.IsZero() {
		ch.note("secret changed")
	}
	ch.diff("base URL", old.BaseURL, a.BaseURL)
	for i, d := range a.Defaults(&p) {
		ch.diff(d.Name, choiceText(*old.Defaults(&p)[i].Choice), choiceText(*d.Choice))
	}
	ch.diff("due hours", old.DueHours, a.DueHours)
	ch.diff("allow resolving", old.AllowResolve, a.AllowResolve)
	ch.diff("manual ticket numbers", old.ManualTickets, a.ManualTickets)
	ch.diff("sync interval", old.SyncInterval, a.SyncInterval)
	a.Saved = time.Now().UTC()
	return a, s.store.SaveAutotask(a, audit.New(by, audit.SettingsAutotask, "autotask", ch.String()))
}

// SaveAutotaskReference stores the picklists p just loaded from Autotask,
// audited as AutotaskReference. In the same write, adopt gets the stored
// settings and the picklists loaded before; it may update the stored
// defaults (IDs matched by label, new labels of renamed values) and
// returns whether it did and the audit details. adopt may run more than
// once (the write is retried on a conflict), each time on fresh values.
func (s *Service) SaveAutotaskReference(p Picklists, adopt func(a *Autotask, old Picklists) (changed bool, details string), by audit.Actor) error {
	return s.store.UpdateAutotaskReference(p, func(a *Autotask, old Picklists) (bool, audit.Event) {
		changed, details := adopt(a, old)
		return changed, audit.New(by, audit.AutotaskReference, "autotask", details)
	})
}

// choiceText shows a choice in the audit log: "Helpdesk (#29682833)".
func choiceText(c Choice) string {
	switch {
	case c.IsZero():
		return "none"
	case c.ID == 0:
		return c.Label + " (not matched)"
	}
	return fmt.Sprintf("%s (#%d)", c.Label, c.ID)
}
