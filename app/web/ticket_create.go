package web

import (
	"github.com/gofiber/fiber/v2"

	"github.com/backupchecks/backupchecks/views"
)

// ticketCreate is "Create Autotask ticket" on a run (Run Checks row,
// keyboard t, or the run on Job Details): one ticket per run, whoever
// clicks and however often.
func (s *Server) ticketCreate(c *fiber.Ctx) error {
	r, err := s.runParam(c)
	if err != nil {
		return err
	}
	res, err := s.Autotask.CreateTicket(c.Context(), r.ID, actor(c))
	if err != nil {
		return s.renderTicketCell(c, r, ticketFailure(err, true), nil)
	}
	n := &views.TicketNotice{Kind: "success", Text: "Created Autotask ticket " + res.Link.Number + "."}
	switch {
	case res.Existing:
		n = &views.TicketNotice{Kind: "warning", Text: "This run already has ticket " + res.Link.Number + "; nothing was created."}
	case res.Recovered:
		n.Text = "Found and linked ticket " + res.Link.Number + " from an earlier attempt; nothing new was created."
	}
	return s.renderTicketCell(c, r, n, nil)
}
