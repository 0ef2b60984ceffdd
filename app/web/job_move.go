package web

import (
	"fmt"
	"strconv"

	"github.com/gofiber/fiber/v2"
)

func (s *Server) jobMove(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	target, _ := strconv.ParseUint(c.FormValue("customer"), 10, 64)
	cu, err := s.Customers.Get(target)
	if err != nil {
		return s.jobActionFailed(c, id, err)
	}
	j, err := s.Jobs.Move(id, cu.ID, actor(c), cu.Name)
	if err != nil {
		return s.jobActionFailed(c, id, err)
	}
	s.flash(c, "success", j.Name+" now belongs to "+cu.Name+".")
	return redirect(c, fmt.Sprintf("/jobs/%d", id))
}
