package web

import "github.com/gofiber/fiber/v2"

func (s *Server) customerActive(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	cu, err := s.Customers.SetActive(id, c.FormValue("active") == "true", actor(c))
	if err != nil {
		return s.customerActionFailed(c, err)
	}
	msg := cu.Name + " is active again."
	if !cu.Active {
		msg = cu.Name + " is deactivated."
	}
	s.flash(c, "success", msg)
	return redirect(c, "/customers")
}
