package web

import (
	"fmt"

	"github.com/gofiber/fiber/v2"
)

func (s *Server) jobArchived(c *fiber.Ctx) error {
	id, err := idParam(c)
	if err != nil {
		return err
	}
	j, err := s.Jobs.SetArchived(id, c.FormValue("archived") == "true", actor(c))
	if err != nil {
		return s.jobActionFailed(c, id, err)
	}
	msg := j.Name + " is restored from the archive."
	if j.Archived {
		msg = j.Name + " is archived: it leaves the review queue and Daily Jobs."
	}
	s.flash(c, "success", msg)
	return redirect(c, fmt.Sprintf("/jobs/%d", id))
}
