package web

import (
	"errors"

	"github.com/gofiber/fiber/v2"

	"github.com/backupchecks/backupchecks/app/accounts"
	"github.com/backupchecks/backupchecks/views"
)

// loginCode is the sign-in's second step: a code from the authenticator
// app, or a recovery code.
func (s *Server) loginCode(c *fiber.Ctx) error {
	form := views.LoginCodeForm{Challenge: c.FormValue("challenge"), Next: safeNext(c.FormValue("next"))}
	res, err := s.Accounts.LoginCode(form.Challenge, c.FormValue("code"), c.IP())
	if status, msg, later := tryAgainLater(c, err); later {
		form.Error = msg
		return render(c, status, views.LoginCodePage(s.shell(c, "Sign in", ""), form))
	}
	switch {
	case errors.Is(err, accounts.ErrWrongCode):
		form.Error = "Wrong code. Enter the six digits your app shows now, or a recovery code."
		return render(c, fiber.StatusUnauthorized, views.LoginCodePage(s.shell(c, "Sign in", ""), form))
	case errors.Is(err, accounts.ErrNoChallenge):
		return render(c, fiber.StatusUnauthorized, views.LoginPage(s.shell(c, "Sign in", ""), views.LoginForm{Next: form.Next, Error: "The sign-in took too long or had too many wrong codes: enter your password again."}))
	case err != nil:
		return err
	}
	s.startSession(c, res.Token)
	if form.Next == "" {
		form.Next = "/"
	}
	return redirect(c, form.Next)
}

// startSession replaces any session the browser had with a new one.
func (s *Server) startSession(c *fiber.Ctx, token string) {
	if old := c.Cookies(sessionCookie); old != "" {
		_ = s.Accounts.EndSession(old) // never keep a pre-login session alive
	}
	s.setSessionCookie(c, token)
}
