package web

import (
	"github.com/gofiber/fiber/v2"

	"github.com/backupchecks/backupchecks/views"
)

// passwordChange sets the caller's own password; every other session of
// the user ends and this browser gets a fresh session.
func (s *Server) passwordChange(c *fiber.Ctx) error {
	u := currentUser(c)
	res, err := s.Accounts.ChangeOwnPassword(u.ID, c.FormValue("current"), c.FormValue("password"), c.FormValue("confirm"), c.IP())
	if status, msg, later := tryAgainLater(c, err); later {
		return render(c, status, views.AccountPage(s.shell(c, "Your account", "account"), views.PasswordForm{Errors: views.FormErrors{"current": msg}}))
	}
	if errs, ok := formErrors(err); ok {
		return render(c, fiber.StatusUnprocessableEntity, views.AccountPage(s.shell(c, "Your account", "account"), views.PasswordForm{Errors: errs}))
	}
	if err != nil {
		return err
	}
	_ = s.Accounts.EndSession(sessionToken(c))
	s.setSessionCookie(c, res.Token)
	s.flash(c, "success", "Password changed. Other sessions of your account were signed out.")
	return redirect(c, "/account")
}
