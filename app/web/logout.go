package web

import "github.com/gofiber/fiber/v2"

func (s *Server) logout(c *fiber.Ctx) error {
	if err := s.Accounts.Logout(sessionToken(c), *currentUser(c), c.IP()); err != nil {
		return err
	}
	s.clearSessionCookie(c)
	s.flash(c, "success", "You are signed out.")
	return redirect(c, "/login")
}
