package web

import (
	"github.com/gofiber/fiber/v2"
)

func (s *Server) userDisabled(c *fiber.Ctx) error {
	id, err := c.ParamsInt("id")
	if err != nil || id <= 0 {
		return fiber.ErrNotFound
	}
	disable := c.FormValue("disabled") == "true"
	u, err := s.Accounts.SetDisabled(uint64(id), disable, actor(c), currentUser(c).ID)
	if err != nil {
		return s.userActionFailed(c, err)
	}
	msg := u.Username + " is enabled again."
	if disable {
		msg = u.Username + " is disabled and signed out everywhere."
	}
	s.flash(c, "success", msg)
	return redirect(c, "/settings/users")
}
