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
	d, err := s.reviewData(reviewFilter(c.Query("status"), c.Query("customer"), c.Query("recovery")))
	if err != nil {
		return err
	}
	if d.Customers, err = s.Customers.List(""); err != nil {
		return err
	}
	return render(c, fiber.StatusOK, views.ReviewPage(s.shell(c, "Run Checks", "review"), d))
}

// reviewQueue is the page's poll (poll=1): 204 while the queue is
// unchanged, else what changed (review_news.go); without poll=1 it is the
// queue re-rendered (the news bar's Refresh).
func (s *Server) reviewQueue(c *fiber.Ctx) error {
	f := reviewFilter(c.Query("status"), c.Query("customer"), c.Query("recovery"))
	v, err := s.Review.Version(f)
	if err != nil {
		return err
	}
	if v == c.Query("v") {
		return c.SendStatus(fiber.StatusNoContent)
	}
	if c.Query("poll") == "1" {
		return s.queueNews(c, f)
	}
	return s.renderQueue(c, f)
}

// renderQueue answers a bulk action: the queue again, or without htmx the page.
func (s *Server) renderQueue(c *fiber.Ctx, f review.Filter) error {
	return s.renderQueueNotice(c, f, "")
}

// renderQueueNotice is renderQueue with a sentence above the queue.
func (s *Server) renderQueueNotice(c *fiber.Ctx, f review.Filter, notice string) error {
	if c.Get("HX-Request") != "true" {
		if notice != "" {
			s.flash(c, "error", notice)
		}
		return redirect(c, "/review"+views.ReviewData{Filter: f}.Query())
	}
	d, err := s.reviewData(f)
	if err != nil {
		return err
	}
	d.Notice = notice
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
	blocked := map[uint64]string{}
	for _, r := range shown {
		if note := tickets[r.ID].CreateNote; note != "" {
			blocked[custOf[r.JobID].ID] = note
		}
	}
	return views.ReviewData{Queue: q, Filter: f, Remarks: rems, Tickets: tickets, Blocked: blocked}, err
}

// recoveryOf is the run that recovered r, zero while its job still fails.
func (s *Server) recoveryOf(r runs.Run) (runs.Recovery, error) {
	j, err := s.Jobs.Get(r.JobID)
	if err != nil {
		return runs.Recovery{}, err
	}
	rec, err := s.Runs.RecoveriesOf(j.ID, j.LastSuccess, []runs.Run{r})
	return rec[r.ID], err
}

// reviewFilter reads the filter; unknown values mean "any" rather than an error,
// so an old bookmark still opens the queue.
func reviewFilter(status, customer, recovery string) review.Filter {
	f := review.Filter{Status: runs.Status(status), Recovery: review.Recovery(recovery)}
	if !f.Status.Valid() {
		f.Status = ""
	}
	if !f.Recovery.Valid() {
		f.Recovery = ""
	}
	f.CustomerID, _ = strconv.ParseUint(customer, 10, 64)
	return f
}

// formFilter is the filter a bulk action was sent from.
func formFilter(c *fiber.Ctx) review.Filter {
	return reviewFilter(c.FormValue("f_status"), c.FormValue("f_customer"), c.FormValue("f_recovery"))
}
