package web

import (
	"errors"

	"github.com/gofiber/fiber/v2"

	"github.com/backupchecks/backupchecks/app/accounts"
	"github.com/backupchecks/backupchecks/views"
)

func (s *Server) userCreate(c *fiber.Ctx) error {
	form := views.NewUserForm{Username: c.FormValue("username"), DisplayName: c.FormValue("display_name"), Role: accounts.Role(c.FormValue("role"))}
	u, err := s.Accounts.Create(accounts.NewUser{
		Username: form.Username, DisplayName: form.DisplayName, Role: form.Role,
		Password: c.FormValue("password"), Confirm: c.FormValue("confirm"),
	}, actor(c))
	if errors.Is(err, accounts.ErrUsernameTaken) {
		err = &accounts.ValidationError{Field: "username", Message: "That username is already taken."}
	}
	if errs, ok := formErrors(err); ok {
		form.Errors = errs
		return s.renderUsers(c, fiber.StatusUnprocessableEntity, form)
	}
	if err != nil {
		return err
	}
	s.flash(c, "success", "User "+u.Username+" added as "+u.Role.Label()+".")
	return redirect(c, "/settings/users")
}
