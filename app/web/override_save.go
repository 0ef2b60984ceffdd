package web

import (
	"errors"
	"fmt"

	"github.com/gofiber/fiber/v2"

	"github.com/backupchecks/backupchecks/app/overrides"
	"github.com/backupchecks/backupchecks/views"
)

// overrideCreate saves a new override and applies it to the waiting runs.
func (s *Server) overrideCreate(c *fiber.Ctx) error { return s.overrideSave(c, 0) }

// overrideUpdate saves changes to an override.
func (s *Server) overrideUpdate(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	return s.overrideSave(c, id)
}

func (s *Server) overrideSave(c *fiber.Ctx, id uint64) error {
	sh := s.shell(c, "Override", "overrides")
	o, form, errs := s.overrideFromForm(c, sh.Loc)
	o.ID, form.Values.ID = id, id
	if len(errs) > 0 {
		form.Errors = errs
		return s.renderOverrideForm(c, fiber.StatusUnprocessableEntity, form)
	}
	var n int
	var err error
	if id == 0 {
		_, n, err = s.Overrides.Create(o, actor(c))
	} else {
		_, n, err = s.Overrides.Update(o, actor(c))
	}
	var bad *overrides.ErrInvalid
	switch {
	case errors.As(err, &bad):
		form.Errors = views.FormErrors{bad.Field: bad.Reason}
		return s.renderOverrideForm(c, fiber.StatusUnprocessableEntity, form)
	case errors.Is(err, overrides.ErrNotFound):
		return fiber.ErrNotFound
	case err != nil:
		return err
	}
	msg := "Override saved."
	if n > 0 {
		msg = fmt.Sprintf("Override saved: %d waiting run(s) now count as successful.", n)
	}
	s.flash(c, "success", msg)
	return redirect(c, form.Return)
}

// overrideExpire ends an override now.
func (s *Server) overrideExpire(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	if _, err := s.Overrides.Expire(id, actor(c)); errors.Is(err, overrides.ErrNotFound) {
		return fiber.ErrNotFound
	} else if err != nil {
		return err
	}
	s.flash(c, "success", "Override expired. Runs it already changed stay successful; new runs are judged as reported.")
	return redirect(c, "/overrides")
}
