package web

import (
	"errors"
	"fmt"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/backupchecks/backupchecks/app/customers"
	"github.com/backupchecks/backupchecks/app/psa"
	"github.com/backupchecks/backupchecks/app/remarks"
	"github.com/backupchecks/backupchecks/app/runs"
	"github.com/backupchecks/backupchecks/integrations/autotask"
	"github.com/backupchecks/backupchecks/views"
)

// ticketCell renders a run's ticket cell again (the preview's Cancel).
func (s *Server) ticketCell(c *fiber.Ctx) error {
	r, err := s.runParam(c)
	if err != nil {
		return err
	}
	return s.renderTicketCell(c, r, nil, nil)
}

// ticketOffers decides the ticket cells of the runs a page shows.
func (s *Server) ticketOffers(list []runs.Run, custByJob map[uint64]customers.Customer) (map[uint64]psa.Offer, error) {
	rems, err := s.remarksOnRuns(list, func(jobID uint64) uint64 { return custByJob[jobID].ID })
	if err != nil {
		return nil, err
	}
	return s.Autotask.Offers(list, func(jobID uint64) customers.Customer { return custByJob[jobID] },
		func(runID uint64) []remarks.Remark { return rems[runID] })
}

// runOffer decides one run's ticket cell.
func (s *Server) runOffer(r runs.Run) (psa.Offer, error) {
	j, err := s.Jobs.Get(r.JobID)
	if err != nil {
		return psa.Offer{}, err
	}
	cu, err := s.Customers.Get(j.CustomerID)
	if err != nil {
		return psa.Offer{}, err
	}
	offers, err := s.ticketOffers([]runs.Run{r}, map[uint64]customers.Customer{j.ID: cu})
	return offers[r.ID], err
}

// renderTicketCell answers a ticket action: the cell with its notice for
// htmx, else the run's page with the notice as a flash.
func (s *Server) renderTicketCell(c *fiber.Ctx, r runs.Run, n *views.TicketNotice, preview *psa.TicketPreview) error {
	if c.Get("HX-Request") != "true" {
		if n != nil {
			s.flash(c, n.Kind, n.Text)
		}
		return redirect(c, fmt.Sprintf("/runs/%d", r.ID))
	}
	o, err := s.runOffer(r)
	if err != nil {
		return err
	}
	place := c.FormValue("place", c.Query("place"))
	if place != "row" && place != "job" {
		place = "panel"
	}
	return render(c, fiber.StatusOK, views.TicketCell(s.shell(c, "", "review"), place, o, n, preview))
}

// ticketFailure is the sentence for a ticket action that failed: what
// happened, whether anything was created, and what to do.
func ticketFailure(err error, nothingCreated bool) *views.TicketNotice {
	var refused *psa.Refused
	switch {
	case errors.As(err, &refused):
		return &views.TicketNotice{Kind: "warning", Text: refused.Reason}
	case errors.Is(err, psa.ErrDisabled), errors.Is(err, psa.ErrTicketDeleted), errors.Is(err, psa.ErrCreateUnconfirmed):
		return &views.TicketNotice{Kind: "warning", Text: capitalize(err.Error()) + "."}
	}
	text := "Autotask: " + autotask.Explain(err)
	if nothingCreated {
		text += " Nothing was created."
	}
	return &views.TicketNotice{Kind: "error", Text: text}
}

// capitalize starts a sentence made from an error message.
func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
