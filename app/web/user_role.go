package web

import (
	"github.com/gofiber/fiber/v2"

	"github.com/backupchecks/backupchecks/app/accounts"
)

func (s *Server) userRole(c *fiber.Ctx) error {
	id, err := c.ParamsInt("id")
	if err != nil || id <= 0 {
		return fiber.ErrNotFound
	}
	u, err := s.Accounts.SetRole(uint64(id), accounts.Role(c.FormValue("role")), actor(c), currentUser(c).ID)
	if err != nil {
		return s.userActionFailed(c, err)
	}
	s.flash(c, "success", u.Username+" is now "+u.Role.Label()+".")
	return redirect(c, "/settings/users")
}
