package web

import (
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/backupchecks/backupchecks/app/secret"
	"github.com/backupchecks/backupchecks/app/settings"
	"github.com/backupchecks/backupchecks/views"
)

// autotaskForm is Settings → Integrations → Autotask. An empty base URL is
// prefilled from --base-url, else Settings → General.
func (s *Server) autotaskForm(c *fiber.Ctx) error {
	cfg, p, err := s.autotaskStored()
	if err != nil {
		return err
	}
	if cfg.BaseURL == "" {
		cfg.BaseURL = s.BaseURL
		if cfg.BaseURL == "" {
			if g, err := s.Settings.General(); err == nil {
				cfg.BaseURL = g.BaseURL
			}
		}
		cfg.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
	}
	f := views.AutotaskForm{Values: cfg, Picklists: p}
	if !p.Loaded.IsZero() || cfg.Enabled {
		f.Errors = views.FormErrors(cfg.CheckDefaults(p)) // a default that vanished shows at once
	}
	return s.renderAutotaskForm(c, fiber.StatusOK, f)
}

func (s *Server) autotaskStored() (settings.Autotask, settings.Picklists, error) {
	cfg, err := s.Settings.Autotask()
	if err != nil {
		return cfg, settings.Picklists{}, err
	}
	p, err := s.Settings.AutotaskPicklists()
	return cfg, p, err
}

// renderAutotaskForm adds the connection's health and the picklists
// (unless f has them) and renders.
func (s *Server) renderAutotaskForm(c *fiber.Ctx, status int, f views.AutotaskForm) error {
	h, err := s.Autotask.Health()
	if err != nil {
		return err
	}
	if f.Picklists.Loaded.IsZero() {
		if f.Picklists, err = s.Settings.AutotaskPicklists(); err != nil {
			return err
		}
	}
	f.Health, f.Now = h, time.Now()
	return render(c, status, views.AutotaskSettingsPage(s.shell(c, "Autotask", "settings"), f))
}

// autotaskFromForm reads the form against the stored settings and the
// loaded picklists; the secret is apart, since it is never sent back.
func autotaskFromForm(c *fiber.Ctx, stored settings.Autotask, p settings.Picklists) (settings.Autotask, secret.Value) {
	atoi := func(name string) int { n, _ := strconv.Atoi(strings.TrimSpace(c.FormValue(name))); return n }
	cfg := settings.Autotask{Enabled: c.FormValue("enabled") == "true", Environment: c.FormValue("environment"),
		DiscoveryURL: c.FormValue("discovery_url"), Username: c.FormValue("username"), IntegrationCode: c.FormValue("integration_code"),
		Secret: stored.Secret, BaseURL: c.FormValue("base_url"), DueHours: atoi("due_hours"),
		AllowResolve: c.FormValue("allow_resolve") == "true", ManualTickets: c.FormValue("manual_tickets") == "true",
		SyncInterval: atoi("sync_interval"), Saved: stored.Saved}
	olds := stored.Defaults(&p)
	for i, d := range cfg.Defaults(&p) {
		*d.Choice = choiceFromForm(c.FormValue(d.Field), *olds[i].Choice, d)
	}
	return cfg, secret.New(c.FormValue("secret"))
}

// choiceFromForm turns a select's value into a choice: "" none, an ID of
// the loaded picklist (with its label), the stored choice when the form
// sent it back (a vanished or not yet matched one, which validation then
// judges), else the bare ID.
func choiceFromForm(v string, stored settings.Choice, d settings.Default) settings.Choice {
	v = strings.TrimSpace(v)
	if v == views.UnmatchedChoice {
		return stored
	}
	id, err := strconv.ParseInt(v, 10, 64)
	switch {
	case err != nil || id <= 0:
		return settings.Choice{}
	case id == stored.ID:
		if pv, ok := d.Find(id); ok {
			return pv.Choice
		}
		return stored
	}
	if pv, ok := d.Find(id); ok {
		return pv.Choice
	}
	return settings.Choice{ID: id}
}

// autotaskSave stores the settings; invalid ones are not saved.
func (s *Server) autotaskSave(c *fiber.Ctx) error {
	stored, p, err := s.autotaskStored()
	if err != nil {
		return err
	}
	cfg, sec := autotaskFromForm(c, stored, p)
	saved, err := s.Settings.SaveAutotask(cfg, sec, actor(c))
	if errs, ok := formErrors(err); ok {
		f := views.AutotaskForm{Values: saved, Picklists: p, Errors: errs, SecretNotSaved: !sec.IsZero()}
		return s.renderAutotaskForm(c, fiber.StatusUnprocessableEntity, f)
	}
	if err != nil {
		return err
	}
	msg := "Autotask settings saved. The integration is off: Backupchecks makes no call to Autotask."
	if saved.Enabled {
		msg = "Autotask settings saved. The integration is on: operators can create tickets for failed, warning and missed runs of mapped customers."
	}
	s.flash(c, "success", msg)
	return redirect(c, "/settings/autotask")
}
