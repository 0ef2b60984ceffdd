package web

import (
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/backupchecks/backupchecks/app/customers"
	"github.com/backupchecks/backupchecks/app/review"
	"github.com/backupchecks/backupchecks/app/runs"
	"github.com/backupchecks/backupchecks/views"
)

// reviewPage is Run Checks: the review queue, worst first.
func (s *Server) reviewPage(c *fiber.Ctx) error {
	d, err := s.reviewData(reviewFilter(c.Query("status"), c.Query("customer")))
	if err != nil {
		return err
	}
	if d.Customers, err = s.Customers.List(""); err != nil {
		return err
	}
	return render(c, fiber.StatusOK, views.ReviewPage(s.shell(c, "Run Checks", "review"), d))
}

// reviewQueue is the page's poll: 204 while the queue is unchanged, so
// nothing flickers, else the queue re-rendered.
func (s *Server) reviewQueue(c *fiber.Ctx) error {
	f := reviewFilter(c.Query("status"), c.Query("customer"))
	v, err := s.Review.Version(f)
	if err != nil {
		return err
	}
	if v == c.Query("v") {
		return c.SendStatus(fiber.StatusNoContent)
	}
	return s.renderQueue(c, f)
}

// renderQueue answers a bulk action: the queue again, or without htmx the page.
func (s *Server) renderQueue(c *fiber.Ctx, f review.Filter) error {
	if c.Get("HX-Request") != "true" {
		return redirect(c, "/review"+views.ReviewData{Filter: f}.Query())
	}
	d, err := s.reviewData(f)
	if err != nil {
		return err
	}
	return render(c, fiber.StatusOK, views.ReviewQueue(s.shell(c, "Run Checks", "review"), d))
}

func (s *Server) reviewData(f review.Filter) (views.ReviewData, error) {
	q, err := s.Review.Page(f, review.PageSize)
	if err != nil {
		return views.ReviewData{}, err
	}
	var shown []runs.Run
	custOf := map[uint64]customers.Customer{}
	for _, g := range q.Groups {
		for _, jg := range g.Jobs {
			custOf[jg.Job.ID] = g.Customer
			shown = append(shown, jg.Runs...)
		}
	}
	rems, err := s.remarksOnRuns(shown, func(jobID uint64) uint64 { return custOf[jobID].ID })
	if err != nil {
		return views.ReviewData{}, err
	}
	tickets, err := s.ticketOffers(shown, custOf)
	return views.ReviewData{Queue: q, Filter: f, Remarks: rems, Tickets: tickets}, err
}

// reviewFilter reads the filter; unknown values mean "any" rather than an error,
// so an old bookmark still opens the queue.
func reviewFilter(status, customer string) review.Filter {
	f := review.Filter{Status: runs.Status(status)}
	if !f.Status.Valid() {
		f.Status = ""
	}
	f.CustomerID, _ = strconv.ParseUint(customer, 10, 64)
	return f
}

// formFilter is the filter a bulk action was sent from.
func formFilter(c *fiber.Ctx) review.Filter {
	return reviewFilter(c.FormValue("f_status"), c.FormValue("f_customer"))
}
