package web

import (
	"errors"
	"fmt"

	"github.com/gofiber/fiber/v2"

	"github.com/backupchecks/backupchecks/app/customers"
	"github.com/backupchecks/backupchecks/app/jobs"
)

func (s *Server) jobRename(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	j, err := s.Jobs.Rename(id, c.FormValue("name"), actor(c))
	if err != nil {
		return s.jobActionFailed(c, id, err)
	}
	s.flash(c, "success", "Job renamed to "+j.Name+". Reports keep matching it as before.")
	return redirect(c, fmt.Sprintf("/jobs/%d", id))
}

// jobActionFailed shows a refused job change on Job Details.
func (s *Server) jobActionFailed(c *fiber.Ctx, id uint64, err error) error {
	switch {
	case errors.Is(err, jobs.ErrNotFound):
		return fiber.ErrNotFound
	case errors.Is(err, jobs.ErrInvalid):
		s.flash(c, "error", "Enter a job name of at most 300 characters.")
	case errors.Is(err, jobs.ErrNoCustomer), errors.Is(err, customers.ErrNotFound):
		s.flash(c, "error", "Choose an existing customer.")
	case jobs.IsBadSchedule(err):
		s.flash(c, "error", err.Error())
	default:
		return err
	}
	return redirect(c, fmt.Sprintf("/jobs/%d", id))
}
