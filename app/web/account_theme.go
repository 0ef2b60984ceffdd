package web

import (
	"github.com/gofiber/fiber/v2"

	"github.com/backupchecks/backupchecks/views"
)

// themeChange stores the caller's light / dark / device choice; the layout
// applies it on the next page (the redirect), so no script is needed.
func (s *Server) themeChange(c *fiber.Ctx) error {
	u := currentUser(c)
	_, err := s.Accounts.SetTheme(u.ID, c.FormValue("theme"))
	if errs, ok := formErrors(err); ok {
		return render(c, fiber.StatusUnprocessableEntity, views.AccountPage(s.shell(c, "Your account", "account"), views.PasswordForm{Errors: errs}))
	}
	if err != nil {
		return err
	}
	s.flash(c, "success", "Colours saved.")
	return redirect(c, "/account")
}
