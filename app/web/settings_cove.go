package web

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/backupchecks/backupchecks/app/coveimport"
	"github.com/backupchecks/backupchecks/app/secret"
	"github.com/backupchecks/backupchecks/app/settings"
	"github.com/backupchecks/backupchecks/integrations/cove"
	"github.com/backupchecks/backupchecks/views"
)

// CovePoller is the Cove import as the settings page drives it.
type CovePoller interface {
	PollAs(ctx context.Context, t coveimport.Trigger) (coveimport.PollResult, error)
	Test(ctx context.Context, cfg settings.Cove, typed secret.Value) (coveimport.ConnectionTest, error)
	Status() (coveimport.PollStatus, error)
}

// coveForm is Settings → Cove Data Protection.
func (s *Server) coveForm(c *fiber.Ctx) error {
	cfg, err := s.Settings.Cove()
	if err != nil {
		return err
	}
	return s.renderCoveForm(c, fiber.StatusOK, views.CoveForm{Values: cfg})
}

func (s *Server) renderCoveForm(c *fiber.Ctx, status int, f views.CoveForm) error {
	st, err := s.CovePoller.Status()
	if err != nil {
		return err
	}
	f.Status, f.Now = st, time.Now()
	m, err := s.Morning.View() // the count now, as the dashboard shows it; the poll's is as of the poll
	if err != nil {
		return err
	}
	f.Waiting = m.Waiting.Cove
	return render(c, status, views.CoveSettingsPage(s.shell(c, "Cove Data Protection", "settings"), f))
}

// coveFromForm reads the form; the password is apart, since it is never sent back.
func coveFromForm(c *fiber.Ctx) (settings.Cove, secret.Value) {
	atoi := func(name string) int { n, _ := strconv.Atoi(c.FormValue(name)); return n }
	pid, err := strconv.ParseInt(c.FormValue("partner_id"), 10, 64)
	if err != nil && c.FormValue("partner_id") != "" {
		pid = -1 // shown as a field error
	}
	cfg := settings.Cove{Enabled: c.FormValue("enabled") == "true", URL: c.FormValue("url"), Partner: c.FormValue("partner"),
		Username: c.FormValue("username"), PartnerID: pid, Interval: atoi("interval"), PageSize: atoi("page_size")}
	return cfg, secret.New(c.FormValue("password"))
}

// coveSave stores the settings.
func (s *Server) coveSave(c *fiber.Ctx) error {
	cfg, pw := coveFromForm(c)
	saved, err := s.Settings.SaveCove(cfg, pw, actor(c))
	if errs, ok := formErrors(err); ok {
		return s.renderCoveForm(c, fiber.StatusUnprocessableEntity, views.CoveForm{Values: saved, Errors: errs})
	}
	if err != nil {
		return err
	}
	msg := "Cove settings saved. Polling is off."
	if saved.Enabled {
		msg = "Cove settings saved. The first poll runs within a minute; new accounts then wait under Inbox → Cove accounts."
	}
	s.flash(c, "success", msg)
	return redirect(c, "/settings/cove")
}

// coveTest signs in with the settings on the form (not saved) and reports
// what it sees, or the first error verbatim with what it means.
func (s *Server) coveTest(c *fiber.Ctx) error {
	cfg, pw := coveFromForm(c)
	stored, err := s.Settings.Cove()
	if err != nil {
		return err
	}
	cfg.Password = stored.Password // shown as "stored" on the form again
	if err := cfg.Normalize(); err != nil {
		errs, _ := formErrors(err)
		return s.renderCoveForm(c, fiber.StatusUnprocessableEntity, views.CoveForm{Values: cfg, Errors: errs})
	}
	f := views.CoveForm{Values: cfg}
	if pw.IsZero() && stored.Password.IsZero() {
		f.Errors = views.FormErrors{"password": "Enter the API user's token or password to test."}
		return s.renderCoveForm(c, fiber.StatusUnprocessableEntity, f)
	}
	t, err := s.CovePoller.Test(c.Context(), cfg, pw)
	if err != nil {
		f.TestErr, f.TestExplain = err.Error(), cove.Explain(err)
	} else {
		f.Test = &t
	}
	return s.renderCoveForm(c, fiber.StatusOK, f)
}

// covePollNow polls at once, in the background when it takes a while.
func (s *Server) covePollNow(c *fiber.Ctx) error {
	cfg, err := s.Settings.Cove()
	if err != nil {
		return err
	}
	if !cfg.Enabled {
		s.flash(c, "error", "Cove polling is off; switch it on and save first.")
		return redirect(c, "/settings/cove")
	}
	type outcome struct {
		res coveimport.PollResult
		err error
	}
	done := make(chan outcome, 1)
	// The poll may outlive the request: the actor's strings must not
	// point into fiber's reused buffers.
	by := actor(c)
	by.Name, by.IP, by.Via = strings.Clone(by.Name), strings.Clone(by.IP), strings.Clone(by.Via)
	t := coveimport.Trigger{How: coveimport.PollNow, By: by}
	go func() { res, err := s.CovePoller.PollAs(context.Background(), t); done <- outcome{res, err} }()
	select {
	case o := <-done:
		switch {
		case errors.Is(o.err, coveimport.ErrPollRunning):
			s.flash(c, "warning", "A Cove poll is already running.")
		case o.err != nil:
			s.flash(c, "error", "The poll failed: "+cove.Explain(o.err))
		case o.res.Held != nil:
			s.flash(c, "warning", "Poll finished, but its account list was held: "+o.res.Held.Reason())
		default:
			s.flash(c, "success", "Poll finished.")
		}
	case <-time.After(5 * time.Second):
		s.flash(c, "success", "Poll started; it goes on in the background. Reload this page to see its result.")
	}
	return redirect(c, "/settings/cove")
}
