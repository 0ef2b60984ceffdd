package web

import (
	"errors"
	"fmt"

	"github.com/gofiber/fiber/v2"

	"github.com/backupchecks/backupchecks/app/customers"
	"github.com/backupchecks/backupchecks/app/runs"
	"github.com/backupchecks/backupchecks/views"
)

// runPage shows one run: in the Run Checks side panel for htmx, else as a page.
func (s *Server) runPage(c *fiber.Ctx) error {
	r, err := s.runParam(c)
	if err != nil {
		return err
	}
	j, err := s.Jobs.Get(r.JobID)
	if err != nil {
		return err
	}
	cu, err := s.Customers.Get(j.CustomerID)
	if err != nil {
		return err
	}
	rems, err := s.remarksOnRuns([]runs.Run{r}, func(uint64) uint64 { return cu.ID })
	if err != nil {
		return err
	}
	offers, err := s.ticketOffers([]runs.Run{r}, map[uint64]customers.Customer{j.ID: cu})
	if err != nil {
		return err
	}
	d := views.RunData{Run: r, Job: j, Customer: cu, Remarks: rems[r.ID], Ticket: offers[r.ID], Return: fmt.Sprintf("/runs/%d", r.ID)}
	sh := s.shell(c, j.Name, "review")
	if c.Get("HX-Request") == "true" && c.Get("HX-Boosted") != "true" {
		d.Return = "/review" // the panel lives in Run Checks
		return render(c, fiber.StatusOK, views.RunPanel(sh, d, true))
	}
	return render(c, fiber.StatusOK, views.RunPage(sh, d))
}

// runParam loads the run of the route's :id; an unknown one is a 404.
func (s *Server) runParam(c *fiber.Ctx) (runs.Run, error) {
	id, err := idParam(c)
	if err != nil {
		return runs.Run{}, err
	}
	r, err := s.Runs.Get(id)
	if errors.Is(err, runs.ErrNotFound) {
		return r, fiber.ErrNotFound
	}
	return r, err
}
