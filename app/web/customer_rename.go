package web

import (
	"errors"

	"github.com/gofiber/fiber/v2"

	"github.com/backupchecks/backupchecks/app/customers"
)

func (s *Server) customerRename(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	cu, err := s.Customers.Rename(id, c.FormValue("name"), actor(c))
	if err != nil {
		return s.customerActionFailed(c, err)
	}
	s.flash(c, "success", "Customer renamed to "+cu.Name+".")
	return redirect(c, "/customers")
}

// customerActionFailed shows refused changes on the list; other errors propagate.
func (s *Server) customerActionFailed(c *fiber.Ctx, err error) error {
	var bad *customers.InvalidName
	switch {
	case errors.Is(err, customers.ErrNotFound):
		return fiber.ErrNotFound
	case errors.As(err, &bad), errors.Is(err, customers.ErrNameTaken):
		s.flash(c, "error", err.Error())
		return redirect(c, "/customers")
	}
	return err
}

// idParam reads the numeric :id of a route; anything else is a 404.
func idParam(c *fiber.Ctx) (uint64, error) {
	id, err := c.ParamsInt("id")
	if err != nil || id <= 0 {
		return 0, fiber.ErrNotFound
	}
	return uint64(id), nil
}
