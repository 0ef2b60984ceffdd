package web

import (
	"github.com/gofiber/fiber/v2"

	"github.com/backupchecks/backupchecks/views"
)

// ticketPreview finds an existing ticket by number and shows its title,
// company and status before the operator confirms the link.
func (s *Server) ticketPreview(c *fiber.Ctx) error {
	r, err := s.runParam(c)
	if err != nil {
		return err
	}
	p, err := s.Autotask.PreviewTicket(c.Context(), r.ID, c.FormValue("number"))
	if err != nil {
		return s.renderTicketCell(c, r, ticketFailure(err, false), nil)
	}
	return s.renderTicketCell(c, r, nil, &p)
}

// ticketLink links the confirmed existing ticket to the run.
func (s *Server) ticketLink(c *fiber.Ctx) error {
	r, err := s.runParam(c)
	if err != nil {
		return err
	}
	l, err := s.Autotask.LinkTicket(c.Context(), r.ID, c.FormValue("number"), actor(c))
	if err != nil {
		return s.renderTicketCell(c, r, ticketFailure(err, false), nil)
	}
	return s.renderTicketCell(c, r, &views.TicketNotice{Kind: "success", Text: "Linked ticket " + l.Number + " to this run."}, nil)
}
