package web

import (
	"errors"
	"fmt"

	"github.com/gofiber/fiber/v2"

	"github.com/backupchecks/backupchecks/app/mailimport"
)

// runMail opens the mail a run was recorded from.
func (s *Server) runMail(c *fiber.Ctx) error {
	r, err := s.runParam(c)
	if err != nil {
		return err
	}
	m, err := s.Mail.OfRun(r.ExternalID)
	if errors.Is(err, mailimport.ErrNotFound) {
		return fiber.NewError(fiber.StatusNotFound, "This run did not come from a stored mail.")
	}
	if err != nil {
		return err
	}
	return redirect(c, fmt.Sprintf("/inbox/%d", m.ID))
}
