package web

import (
	"errors"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/backupchecks/backupchecks/app/jobs"
	"github.com/backupchecks/backupchecks/app/review"
	"github.com/backupchecks/backupchecks/app/runs"
	"github.com/backupchecks/backupchecks/views"
)

// markReviewed reviews or unreviews the run of the route's :id, answering
// gone when there is no such run; the page and the API both call it.
func (s *Server) markReviewed(c *fiber.Ctx, reviewed bool, gone error) (uint64, error) {
	id, err := idParam(c)
	if err != nil {
		return 0, err
	}
	if _, err := s.Runs.Get(id); errors.Is(err, runs.ErrNotFound) {
		return 0, gone
	}
	if reviewed {
		_, err = s.Runs.Review([]uint64{id}, actor(c))
	} else {
		_, err = s.Runs.Unreview([]uint64{id}, actor(c))
	}
	return id, err
}

// runReview marks one run reviewed; the row is marked done in place
// (same cells, same height) with an Undo, and the counts above follow.
func (s *Server) runReview(c *fiber.Ctx) error { return s.setRunReviewed(c, true) }

// runUnreview puts one run back into the queue.
func (s *Server) runUnreview(c *fiber.Ctx) error { return s.setRunReviewed(c, false) }

func (s *Server) setRunReviewed(c *fiber.Ctx, reviewed bool) error {
	id, err := s.markReviewed(c, reviewed, fiber.NewError(fiber.StatusNotFound, "That run no longer exists."))
	if err != nil {
		return err
	}
	f := formFilter(c)
	if c.Get("HX-Request") != "true" {
		return s.renderQueue(c, f)
	}
	r, err := s.Runs.Get(id)
	if err != nil {
		return err
	}
	sh := s.shell(c, "Run Checks", "review")
	rems, err := s.remarksOnRuns([]runs.Run{r}, s.customerOfJob)
	if err != nil {
		return err
	}
	offer, err := s.runOffer(r)
	if err != nil {
		return err
	}
	rec, err := s.recoveryOf(r)
	if err != nil {
		return err
	}
	row := views.QueueRow(sh, r, rems[r.ID], offer, rec)
	if reviewed {
		row = views.ReviewedRow(sh, r, rems[r.ID], offer, rec, true)
	}
	if err := render(c, fiber.StatusOK, row); err != nil {
		return err
	}
	counts, err := s.Review.Counts(f)
	if err != nil {
		return err
	}
	return views.ReviewCounts(views.ReviewData{Queue: review.Queue{Counts: counts}, Filter: f}, true).Render(c.UserContext(), c.Response().BodyWriter())
}

// runsReviewSelected marks the ticked runs reviewed.
func (s *Server) runsReviewSelected(c *fiber.Ctx) error {
	var ids []uint64
	for _, v := range c.Request().PostArgs().PeekMulti("run") {
		id, err := strconv.ParseUint(string(v), 10, 64)
		if err != nil || id == 0 {
			return fiber.NewError(fiber.StatusBadRequest, "The selection holds an invalid run. Reload the page and select again.")
		}
		ids = append(ids, id)
	}
	if _, err := s.Runs.Review(ids, actor(c)); err != nil {
		return err
	}
	return s.renderQueue(c, formFilter(c))
}

// jobReviewAll marks every queued run of one job reviewed.
func (s *Server) jobReviewAll(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	if _, err := s.Review.ReviewJob(id, actor(c)); errors.Is(err, jobs.ErrNotFound) {
		return fiber.NewError(fiber.StatusNotFound, "There is no such job: it may have been deleted or merged. Reload Run Checks.")
	} else if err != nil {
		return err
	}
	return s.renderQueue(c, formFilter(c))
}

// reviewSuccesses marks every queued successful run reviewed (of the
// filtered customer, when one is chosen).
func (s *Server) reviewSuccesses(c *fiber.Ctx) error {
	f := formFilter(c)
	if _, err := s.Review.ReviewSuccesses(review.Filter{CustomerID: f.CustomerID}, actor(c)); err != nil {
		return err
	}
	return s.renderQueue(c, f)
}
