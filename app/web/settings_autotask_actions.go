package web

import (
	"github.com/gofiber/fiber/v2"

	"github.com/backupchecks/backupchecks/app/secret"
	"github.com/backupchecks/backupchecks/app/settings"
	"github.com/backupchecks/backupchecks/integrations/autotask"
	"github.com/backupchecks/backupchecks/views"
)

// connectionErrors checks what signing in with the form needs: the
// connection fields, and a secret typed or stored.
func connectionErrors(cfg *settings.Autotask, typed secret.Value, what string) views.FormErrors {
	errs := views.FormErrors{}
	if err := cfg.NormalizeConnection(); err != nil {
		errs, _ = formErrors(err)
	}
	if typed.IsZero() && cfg.Secret.IsZero() {
		errs["secret"] = "Enter the API user's secret to " + what + "."
	}
	return errs
}

// autotaskTest signs in with the settings on the form (not saved) and
// reports the zone, the API user and the request threshold, or
// Autotask's error verbatim with what it means.
func (s *Server) autotaskTest(c *fiber.Ctx) error {
	stored, p, err := s.autotaskStored()
	if err != nil {
		return err
	}
	cfg, typed := autotaskFromForm(c, stored, p)
	f := views.AutotaskForm{Values: cfg, Picklists: p}
	if f.Errors = connectionErrors(&f.Values, typed, "test"); len(f.Errors) > 0 {
		return s.renderAutotaskForm(c, fiber.StatusUnprocessableEntity, f)
	}
	t, err := s.Autotask.TestConnection(c.Context(), f.Values, typed)
	if err != nil {
		f.TestErr, f.TestExplain = err.Error(), autotask.Explain(err)
	} else {
		f.Test = &t
	}
	return s.renderAutotaskForm(c, fiber.StatusOK, f)
}

// autotaskRefresh loads the reference data (the saved connection while
// the integration is on, else the form's; see psa.LoadPicklists) and
// shows what changed. The form keeps its unsaved values, read again
// against the new picklists so that matched and renamed defaults show.
func (s *Server) autotaskRefresh(c *fiber.Ctx) error {
	stored, p, err := s.autotaskStored()
	if err != nil {
		return err
	}
	cfg, typed := autotaskFromForm(c, stored, p)
	f := views.AutotaskForm{Values: cfg, Picklists: p, SavedLoad: stored.Enabled}
	if !stored.Enabled {
		if f.Errors = connectionErrors(&f.Values, typed, "load the reference data"); len(f.Errors) > 0 {
			return s.renderAutotaskForm(c, fiber.StatusUnprocessableEntity, f)
		}
	}
	ch, err := s.Autotask.LoadPicklists(c.Context(), f.Values, typed, actor(c))
	if err != nil {
		f.LoadErr, f.LoadExplain = err.Error(), autotask.Explain(err)
		return s.renderAutotaskForm(c, fiber.StatusOK, f)
	}
	if stored, p, err = s.autotaskStored(); err != nil {
		return err
	}
	cfg, _ = autotaskFromForm(c, stored, p)
	_ = cfg.NormalizeConnection() // as the connection was checked above
	f.Values, f.Picklists, f.Changes = cfg, p, &ch
	f.Errors = views.FormErrors(cfg.CheckDefaults(p))
	return s.renderAutotaskForm(c, fiber.StatusOK, f)
}
