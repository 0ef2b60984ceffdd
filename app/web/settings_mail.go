package web

import (
	"errors"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/backupchecks/backupchecks/app/mailimport"
	"github.com/backupchecks/backupchecks/app/secret"
	"github.com/backupchecks/backupchecks/app/settings"
	"github.com/backupchecks/backupchecks/views"
)

// MailPoller is the mail import as the settings page drives it.
type MailPoller interface {
	Poll() (mailimport.PollResult, error)
	Test(cfg settings.MailImport, typed settings.MailSecrets) (mailimport.ConnectionTest, error)
	Status() (mailimport.PollStatus, error)
}

// mailForm is Settings → Mail import.
func (s *Server) mailForm(c *fiber.Ctx) error {
	m, err := s.Settings.MailImport()
	if err != nil {
		return err
	}
	return s.renderMailForm(c, fiber.StatusOK, views.MailForm{Values: m})
}

func (s *Server) renderMailForm(c *fiber.Ctx, status int, f views.MailForm) error {
	st, err := s.MailPoller.Status()
	if err != nil {
		return err
	}
	f.Status, f.Now = st, time.Now()
	f.Stalled = f.Values.Enabled && st.Stalled(f.Now, f.Values.IntervalDuration())
	return render(c, status, views.MailSettingsPage(s.shell(c, "Mail import", "settings"), f))
}

// mailFromForm reads the form; the secrets are apart, since they are never sent back.
func mailFromForm(c *fiber.Ctx) (settings.MailImport, settings.MailSecrets) {
	atoi := func(name string) int { n, _ := strconv.Atoi(c.FormValue(name)); return n }
	m := settings.MailImport{
		Enabled: c.FormValue("enabled") == "true", Host: c.FormValue("host"), Port: atoi("port"), Security: c.FormValue("security"),
		Username: c.FormValue("username"), Auth: c.FormValue("auth"), TenantID: c.FormValue("tenant_id"), ClientID: c.FormValue("client_id"),
		TokenURL: c.FormValue("token_url"), Folder: c.FormValue("folder"), Processed: c.FormValue("processed"),
		Interval: atoi("interval"), Cutoff: c.FormValue("cutoff"), MaxSizeMB: atoi("max_size_mb"),
	}
	return m, settings.MailSecrets{Password: secret.New(c.FormValue("password")), ClientSecret: secret.New(c.FormValue("client_secret"))}
}

// mailSave stores the settings.
func (s *Server) mailSave(c *fiber.Ctx) error {
	m, sec := mailFromForm(c)
	saved, err := s.Settings.SaveMailImport(m, sec, actor(c))
	if errs, ok := formErrors(err); ok {
		return s.renderMailForm(c, fiber.StatusUnprocessableEntity, views.MailForm{Values: saved, Errors: errs})
	}
	if err != nil {
		return err
	}
	msg := "Mail import settings saved. Import is off."
	if saved.Enabled {
		msg = "Mail import settings saved. The first import runs within a minute; use Test connection to check the mailbox now."
	}
	s.flash(c, "success", msg)
	return redirect(c, "/settings/mail")
}

// mailTest signs in with the settings on the form (not saved) and shows
// what the server offers or the exact error.
func (s *Server) mailTest(c *fiber.Ctx) error {
	m, sec := mailFromForm(c)
	stored, err := s.Settings.MailImport()
	if err != nil {
		return err
	}
	m.Password, m.ClientSecret = stored.Password, stored.ClientSecret // shown as "stored" on the form again
	if err := m.Normalize(); err != nil {
		errs, _ := formErrors(err)
		return s.renderMailForm(c, fiber.StatusUnprocessableEntity, views.MailForm{Values: m, Errors: errs})
	}
	f := views.MailForm{Values: m}
	t, err := s.MailPoller.Test(m, sec)
	if err != nil {
		f.TestErr = err.Error()
	} else {
		f.Test = &t
	}
	return s.renderMailForm(c, fiber.StatusOK, f)
}

// mailPollNow starts an import at once, in the background.
func (s *Server) mailPollNow(c *fiber.Ctx) error {
	m, err := s.Settings.MailImport()
	if err != nil {
		return err
	}
	if !m.Enabled {
		s.flash(c, "error", "Mail import is off; switch it on and save first.")
		return redirect(c, "/settings/mail")
	}
	done := make(chan error, 1)
	go func() { _, err := s.MailPoller.Poll(); done <- err }()
	select {
	case err := <-done: // quick enough to report at once
		switch {
		case errors.Is(err, mailimport.ErrPollRunning):
			s.flash(c, "warning", "An import is already running.")
		case err != nil:
			s.flash(c, "error", "The import failed: "+err.Error())
		default:
			s.flash(c, "success", "Import finished.")
		}
	case <-time.After(5 * time.Second):
		s.flash(c, "success", "Import started; it goes on in the background. Reload this page to see its result.")
	}
	return redirect(c, "/settings/mail")
}
