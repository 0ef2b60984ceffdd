package web

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/backupchecks/backupchecks/app/mailimport"
	"github.com/backupchecks/backupchecks/app/settings"
	"github.com/backupchecks/backupchecks/views"
)

// retentionSave stores how long original mail is kept and applies it at
// once, saying what it removed.
func (s *Server) retentionSave(c *fiber.Ctx) error {
	months, err := strconv.Atoi(strings.TrimSpace(c.FormValue("raw_mail_months")))
	if err != nil {
		s.flash(c, "error", "Enter the number of months as a whole number, or 0 to keep every original.")
		return redirect(c, "/settings/maintenance")
	}
	if _, err := s.Settings.SaveRetention(settings.Retention{RawMailMonths: months}, actor(c)); err != nil {
		var fe settings.FieldErrors
		if errors.As(err, &fe) {
			s.flash(c, "error", fe["raw_mail_months"])
			return redirect(c, "/settings/maintenance")
		}
		return err
	}
	p, err := s.Retention.Apply()
	switch {
	case err != nil:
		s.flash(c, "error", fmt.Sprintf("Saved, but applying it failed: %v. It is tried again within %d hours.", err, int(mailimport.RetentionEvery.Hours())))
	case months == 0:
		s.flash(c, "success", "Saved: every original mail is kept.")
	default:
		s.flash(c, "success", fmt.Sprintf("Saved: original mail is kept for %d months. Removed the originals of %d older mails (%s).", months, p.Mails, views.Bytes(p.Bytes)))
	}
	return redirect(c, "/settings/maintenance")
}
