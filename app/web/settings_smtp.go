package web

import (
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/backupchecks/backupchecks/app/secret"
	"github.com/backupchecks/backupchecks/app/settings"
	"github.com/backupchecks/backupchecks/views"
)

// smtpSave stores the SMTP server and the digest's settings.
func (s *Server) smtpSave(c *fiber.Ctx) error {
	port, err := strconv.Atoi(strings.TrimSpace(c.FormValue("smtp_port")))
	if err != nil {
		port = -1 // refused by the check, with its sentence
	}
	m := settings.SMTP{Enabled: c.FormValue("enabled") == "on", Host: c.FormValue("smtp_host"), Port: port,
		Security: c.FormValue("smtp_security"), Username: c.FormValue("smtp_username"), From: c.FormValue("smtp_from"),
		Digest: c.FormValue("digest") == "on", DigestAt: c.FormValue("digest_at"), Weekdays: c.FormValue("weekdays") == "on"}
	recipients, perr := settings.ParseAddresses(c.FormValue("recipients"))
	if perr == nil {
		m.Recipients = recipients
		m, err = s.Settings.SaveSMTP(m, secret.New(c.FormValue("smtp_password")), actor(c))
	} else {
		err = settings.FieldErrors{"recipients": perr.Error() + ": enter addresses separated by commas."}
	}
	if errs, ok := formErrors(err); ok {
		f, ferr := s.notificationsData(c)
		if ferr != nil {
			return ferr
		}
		stored := f.SMTP.Password
		f.SMTP, f.SMTPErrors = m, errs
		f.SMTP.Password = stored // says whether one is stored; never shown
		if perr != nil {
			f.SMTP.Recipients = []string{c.FormValue("recipients")}
		}
		return s.renderNotificationsForm(c, fiber.StatusUnprocessableEntity, f)
	}
	if err != nil {
		return err
	}
	s.flash(c, "success", "Mail settings saved.")
	return redirect(c, "/settings/notifications#mail")
}

// smtpTest sends a test mail now and says how it went.
func (s *Server) smtpTest(c *fiber.Ctx) error {
	to, err := settings.ParseAddresses(c.FormValue("test_to"))
	if err != nil || len(to) != 1 {
		s.flash(c, "error", "Enter one address to send the test mail to.")
		return redirect(c, "/settings/notifications#mail")
	}
	entry, err := s.Notify.SendTestMail(to)
	switch {
	case err != nil:
		s.flash(c, "error", "The test mail could not be sent: "+err.Error())
	case entry.Outcome == "delivered":
		s.flash(c, "success", "Test mail accepted by the server for "+to[0]+".")
	default:
		s.flash(c, "error", "Test mail not sent: "+entry.Error+". Check the server, port, security and password.")
	}
	return redirect(c, "/settings/notifications#mail")
}

// mailFormData fills the page's mail and schedule parts.
func (s *Server) mailFormData(f *views.NotificationsForm) error {
	var err error
	if f.SMTP, err = s.Settings.SMTP(); err != nil {
		return err
	}
	if f.Schedules, err = s.Summary.Schedules(); err != nil {
		return err
	}
	f.Customers, err = s.Customers.List("")
	return err
}
