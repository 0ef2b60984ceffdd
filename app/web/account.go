package web

import (
	"github.com/gofiber/fiber/v2"

	"github.com/backupchecks/backupchecks/views"
)

func (s *Server) accountPage(c *fiber.Ctx) error {
	return render(c, fiber.StatusOK, views.AccountPage(s.shell(c, "Your account", "account"), views.PasswordForm{}))
}
