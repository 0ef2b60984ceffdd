package web

import (
	"errors"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/backupchecks/backupchecks/app/runs"
	"github.com/backupchecks/backupchecks/app/schedule"
)

// apiRuns lists runs, newest first: of a job, of a business day, waiting
// for review, by status; a page at a time with the cursor of "next".
func (s *Server) apiRuns(c *fiber.Ctx) error {
	q := runs.Query{Status: runs.Status(c.Query("status")), Waiting: wantsTrue(c.Query("waiting")), Cursor: c.Query("cursor")}
	if v := c.Query("job"); v != "" {
		id, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			return invalidFields(map[string]string{"job": "Give the job's numeric ID."})
		}
		q.JobID = id
	}
	if v := c.Query("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > runs.MaxLimit {
			return invalidFields(map[string]string{"limit": "limit is from 1 to " + strconv.Itoa(runs.MaxLimit) + "."})
		}
		q.Limit = n
	}
	if v := c.Query("day"); v != "" {
		d, err := schedule.ParseDay(v)
		if err != nil {
			return invalidFields(map[string]string{"day": "Give the business day as YYYY-MM-DD."})
		}
		cal, err := s.Daily.Calendar()
		if err != nil {
			return err
		}
		q.From, q.To = cal.Clock.Bounds(d)
	}
	p, err := s.Runs.Find(q)
	var bad *runs.ErrQuery
	if errors.As(err, &bad) {
		return problem(fiber.StatusBadRequest, sentence(bad))
	}
	if err != nil {
		return err
	}
	list, err := s.withTickets(p.Runs)
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"runs": nonNil(list), "next": p.Next})
}

// apiRun is one run with its objects.
func (s *Server) apiRun(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	r, err := s.Runs.Get(id)
	if errors.Is(err, runs.ErrNotFound) {
		return problem(fiber.StatusNotFound, "There is no run with that ID.")
	}
	if err != nil {
		return err
	}
	list, err := s.withTickets([]runs.Run{r})
	if err != nil {
		return err
	}
	return c.JSON(list[0])
}

func (s *Server) apiRunReview(c *fiber.Ctx) error   { return s.apiSetReviewed(c, true) }
func (s *Server) apiRunUnreview(c *fiber.Ctx) error { return s.apiSetReviewed(c, false) }

// apiSetReviewed reviews or unreviews one run and answers it as it is now.
func (s *Server) apiSetReviewed(c *fiber.Ctx, reviewed bool) error {
	if _, err := s.markReviewed(c, reviewed, problem(fiber.StatusNotFound, "There is no run with that ID.")); err != nil {
		return err
	}
	return s.apiRun(c)
}
