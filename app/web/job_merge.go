package web

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/backupchecks/backupchecks/app/jobs"
)

// jobMerge merges this job into another: its runs move, it goes away, and
// its reports keep arriving at the other job.
func (s *Server) jobMerge(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	into, _ := strconv.ParseUint(c.FormValue("into"), 10, 64)
	dst, n, err := s.Jobs.Merge(id, into, actor(c))
	switch {
	case errors.Is(err, jobs.ErrSameJob):
		s.flash(c, "error", "Choose another job to merge into.")
		return redirect(c, fmt.Sprintf("/jobs/%d", id))
	case errors.Is(err, jobs.ErrNotFound) && into != 0:
		if _, e := s.Jobs.Get(id); e == nil {
			s.flash(c, "error", "The job to merge into no longer exists.")
			return redirect(c, fmt.Sprintf("/jobs/%d", id))
		}
		return fiber.ErrNotFound
	case errors.Is(err, jobs.ErrNotFound):
		s.flash(c, "error", "Choose the job to merge into.")
		return redirect(c, fmt.Sprintf("/jobs/%d", id))
	case err != nil:
		return err
	}
	s.flash(c, "success", fmt.Sprintf("Merged: %d run(s) now belong to %s, and its reports will arrive there.", n, dst.Name))
	return redirect(c, fmt.Sprintf("/jobs/%d", dst.ID))
}

// jobDelete removes a job with its runs (admin only, confirmed in the page).
func (s *Server) jobDelete(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	j, n, err := s.Jobs.Delete(id, actor(c))
	if errors.Is(err, jobs.ErrNotFound) {
		return fiber.ErrNotFound
	}
	if err != nil {
		return err
	}
	s.flash(c, "success", fmt.Sprintf("Deleted job %s and its %d run(s).", j.Name, n))
	return redirect(c, "/jobs")
}
