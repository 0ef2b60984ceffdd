package web

import "github.com/gofiber/fiber/v2"

func (s *Server) userDelete(c *fiber.Ctx) error {
	id, err := c.ParamsInt("id")
	if err != nil || id <= 0 {
		return fiber.ErrNotFound
	}
	u, err := s.Accounts.Delete(uint64(id), actor(c), currentUser(c).ID)
	if err != nil {
		return s.userActionFailed(c, err)
	}
	s.flash(c, "success", "User "+u.Username+" deleted. Their entries in the audit log remain.")
	return redirect(c, "/settings/users")
}
