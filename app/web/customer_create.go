package web

import (
	"errors"

	"github.com/gofiber/fiber/v2"

	"github.com/backupchecks/backupchecks/app/customers"
	"github.com/backupchecks/backupchecks/views"
)

func (s *Server) customerCreate(c *fiber.Ctx) error {
	name := c.FormValue("name")
	cu, err := s.Customers.Create(name, actor(c))
	var bad *customers.InvalidName
	if errors.As(err, &bad) || errors.Is(err, customers.ErrNameTaken) {
		return s.renderCustomers(c, fiber.StatusUnprocessableEntity, views.CustomersData{New: name, Error: err.Error()})
	}
	if err != nil {
		return err
	}
	s.flash(c, "success", "Customer "+cu.Name+" added.")
	return redirect(c, "/customers")
}
