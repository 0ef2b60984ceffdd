package web

import (
	"fmt"

	"github.com/gofiber/fiber/v2"

	"github.com/backupchecks/backupchecks/views"
)

// ticketOpen checks the run's ticket in Autotask and opens it there; a
// ticket Autotask deleted is marked so and the run's page says it.
func (s *Server) ticketOpen(c *fiber.Ctx) error {
	r, err := s.runParam(c)
	if err != nil {
		return err
	}
	l, err := s.Autotask.OpenTicket(c.Context(), r.ID, actor(c))
	if err == nil && views.IsWebURL(l.URL) {
		return c.Redirect(l.URL, fiber.StatusSeeOther)
	}
	if err == nil {
		err = fmt.Errorf("Autotask did not say where %s opens", l.Number)
	}
	n := ticketFailure(err, false)
	s.flash(c, n.Kind, n.Text)
	return c.Redirect(fmt.Sprintf("/runs/%d", r.ID), fiber.StatusSeeOther)
}
