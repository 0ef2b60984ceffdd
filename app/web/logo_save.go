package web

import (
	"io"

	"github.com/gofiber/fiber/v2"

	"github.com/backupchecks/backupchecks/app/settings"
	"github.com/backupchecks/backupchecks/views"
)

// logoSave takes the MSP's logo from Settings → General.
func (s *Server) logoSave(c *fiber.Ctx) error {
	var data []byte
	if fh, err := c.FormFile("file"); err == nil {
		f, err := fh.Open()
		if err != nil {
			return err
		}
		defer f.Close()
		if data, err = io.ReadAll(io.LimitReader(f, settings.MaxLogoBytes+1)); err != nil {
			return err
		}
	}
	logo, err := settings.NewLogo(data)
	if errs, ok := formErrors(err); ok {
		g, gerr := s.Settings.General()
		if gerr != nil {
			return gerr
		}
		form := views.GeneralForm{Values: g, Errors: errs, Zones: settings.TimeZones(), HasLogo: s.hasLogo()}
		return render(c, fiber.StatusUnprocessableEntity, views.GeneralPage(s.shell(c, "Settings", "settings"), form))
	}
	if err := s.Settings.SaveLogo(logo, actor(c)); err != nil {
		return err
	}
	s.flash(c, "success", "Logo saved: it heads printed and PDF reports.")
	return redirect(c, "/settings")
}

// logoRemove removes the logo.
func (s *Server) logoRemove(c *fiber.Ctx) error {
	if err := s.Settings.SaveLogo(settings.Logo{}, actor(c)); err != nil {
		return err
	}
	s.flash(c, "success", "Logo removed.")
	return redirect(c, "/settings")
}

// logoImage serves the logo to the pages that show it.
func (s *Server) logoImage(c *fiber.Ctx) error {
	l, err := s.Settings.Logo()
	if err != nil {
		return err
	}
	if l.Empty() {
		return fiber.NewError(fiber.StatusNotFound, "No logo is set; an admin can add one in Settings → General.")
	}
	c.Set("Content-Type", l.Type)
	c.Set("Cache-Control", "private, no-cache")
	return c.Send(l.Data)
}

func (s *Server) hasLogo() bool {
	l, err := s.Settings.Logo()
	return err == nil && !l.Empty()
}
