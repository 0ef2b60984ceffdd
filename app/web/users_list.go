package web

import (
	"github.com/gofiber/fiber/v2"

	"github.com/backupchecks/backupchecks/views"
)

func (s *Server) usersList(c *fiber.Ctx) error {
	return s.renderUsers(c, fiber.StatusOK, views.NewUserForm{})
}

func (s *Server) renderUsers(c *fiber.Ctx, status int, form views.NewUserForm) error {
	users, err := s.Accounts.List()
	if err != nil {
		return err
	}
	d := views.UsersData{Users: users, SelfID: currentUser(c).ID, New: form}
	return render(c, status, views.UsersPage(s.shell(c, "Users", "settings"), d))
}
