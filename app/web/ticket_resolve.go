package web

import (
	"github.com/gofiber/fiber/v2"

	"github.com/backupchecks/backupchecks/app/psa"
	"github.com/backupchecks/backupchecks/views"
)

// ticketResolve is "Resolve ticket": closed in Autotask only when nobody
// booked time on it; either way it offers to mark the run reviewed.
func (s *Server) ticketResolve(c *fiber.Ctx) error {
	r, err := s.runParam(c)
	if err != nil {
		return err
	}
	out, l, err := s.Autotask.ResolveTicket(c.Context(), r.ID, actor(c))
	if err != nil {
		return s.renderTicketCell(c, r, ticketFailure(err, false), nil)
	}
	n := &views.TicketNotice{Kind: "success", OfferReview: r.Reviewed.IsZero()}
	switch out {
	case psa.AlreadyComplete:
		n.Text = "Ticket " + l.Number + " was already complete in Autotask; recorded as resolved."
	case psa.Closed:
		n.Text = "Ticket " + l.Number + " resolved: the note was added and the ticket completed in Autotask."
	case psa.LeftOpen:
		n.Kind = "warning"
		n.Text = "Time is booked on ticket " + l.Number + ", so it was not closed: a note asks its owner to close it."
	}
	return s.renderTicketCell(c, r, n, nil)
}
