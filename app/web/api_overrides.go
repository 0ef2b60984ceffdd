package web

import (
	"errors"

	"github.com/gofiber/fiber/v2"

	"github.com/backupchecks/backupchecks/app/overrides"
)

// apiOverrides lists the overrides.
func (s *Server) apiOverrides(c *fiber.Ctx) error {
	list, err := s.Overrides.List()
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"overrides": nonNil(list)})
}

// apiOverrideCreate saves an override and applies it to the waiting runs.
func (s *Server) apiOverrideCreate(c *fiber.Ctx) error {
	var o overrides.Override
	if err := c.BodyParser(&o); err != nil {
		return invalidFields(map[string]string{"body": "Send the override as JSON: job_id (or software and type), statuses, reason, and optionally object, message, from, until."})
	}
	if o.JobID != 0 {
		if _, err := s.Jobs.Get(o.JobID); err != nil {
			return notFound(err, "job")
		}
	}
	o, n, err := s.Overrides.Create(o, actor(c))
	var bad *overrides.ErrInvalid
	if errors.As(err, &bad) {
		return invalidFields(map[string]string{bad.Field: bad.Reason})
	}
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(fiber.Map{"override": o, "runs_changed": n})
}

// apiOverrideExpire ends an override now.
func (s *Server) apiOverrideExpire(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	o, err := s.Overrides.Expire(id, actor(c))
	if errors.Is(err, overrides.ErrNotFound) {
		return problem(fiber.StatusNotFound, "There is no override with that ID.")
	}
	if err != nil {
		return err
	}
	return c.JSON(o)
}
