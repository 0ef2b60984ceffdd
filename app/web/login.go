package web

import (
	"errors"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/backupchecks/backupchecks/app/accounts"
	"github.com/backupchecks/backupchecks/views"
)

func (s *Server) loginForm(c *fiber.Ctx) error {
	if currentUser(c) != nil {
		return redirect(c, "/")
	}
	f, err := s.loginFormData(c)
	if err != nil {
		return err
	}
	return render(c, fiber.StatusOK, views.LoginPage(s.shell(c, "Sign in", ""), f))
}

// loginFormData is the sign-in form, with the single sign-on button when set up.
func (s *Server) loginFormData(c *fiber.Ctx) (views.LoginForm, error) {
	f := views.LoginForm{Next: safeNext(c.Query("next"))}
	cfg, err := s.Settings.SignIn()
	if err != nil {
		return f, err
	}
	if cfg.Enabled {
		f.SSO, f.LocalOff = cfg.ProviderName(), !cfg.LocalPasswords
	}
	return f, nil
}

func (s *Server) loginSubmit(c *fiber.Ctx) error {
	form, err := s.loginFormData(c)
	if err != nil {
		return err
	}
	form.Username, form.Next = c.FormValue("username"), safeNext(c.FormValue("next"))
	res, err := s.Accounts.Login(form.Username, c.FormValue("password"), c.IP())
	if status, msg, later := tryAgainLater(c, err); later {
		form.Error = msg
		return render(c, status, views.LoginPage(s.shell(c, "Sign in", ""), form))
	}
	switch {
	case errors.Is(err, accounts.ErrLocalOff):
		form.Error = "Sign in with " + form.SSO + ": passwords are off for this account."
		return render(c, fiber.StatusUnauthorized, views.LoginPage(s.shell(c, "Sign in", ""), form))
	case errors.Is(err, accounts.ErrBadCredentials):
		form.Error = "Wrong username or password."
		return render(c, fiber.StatusUnauthorized, views.LoginPage(s.shell(c, "Sign in", ""), form))
	case err != nil:
		return err
	}
	if res.Challenge != "" {
		return render(c, fiber.StatusOK, views.LoginCodePage(s.shell(c, "Sign in", ""), views.LoginCodeForm{Challenge: res.Challenge, Next: form.Next}))
	}
	s.startSession(c, res.Token)
	if form.Next == "" {
		form.Next = "/"
	}
	return redirect(c, form.Next)
}

// safeNext keeps only local paths, so the sign-in form cannot redirect to
// another site.
func safeNext(next string) string {
	if next = localPath(next, ""); strings.HasPrefix(next, "/login") {
		return ""
	}
	return next
}
