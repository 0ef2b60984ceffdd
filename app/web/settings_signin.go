package web

import (
	"github.com/gofiber/fiber/v2"

	"github.com/backupchecks/backupchecks/app/secret"
	"github.com/backupchecks/backupchecks/app/settings"
	"github.com/backupchecks/backupchecks/views"
)

// signInForm is Settings → Sign-in.
func (s *Server) signInForm(c *fiber.Ctx) error {
	cfg, err := s.Settings.SignIn()
	if err != nil {
		return err
	}
	return s.renderSignIn(c, fiber.StatusOK, views.SignInForm{Values: cfg})
}

func (s *Server) signInSave(c *fiber.Ctx) error {
	cfg := settings.SignIn{Enabled: c.FormValue("enabled") == "on", Issuer: c.FormValue("issuer"), ClientID: c.FormValue("client_id"),
		Tenants: settings.ParseList(c.FormValue("tenants")), RoleClaim: c.FormValue("role_claim"),
		Admins: settings.ParseList(c.FormValue("admins")), Operators: settings.ParseList(c.FormValue("operators")),
		Reporters: settings.ParseList(c.FormValue("reporters")), LocalPasswords: c.FormValue("local_passwords") == "on"}
	cfg, err := s.Settings.SaveSignIn(cfg, secret.New(c.FormValue("client_secret")), actor(c))
	if errs, ok := formErrors(err); ok {
		return s.renderSignIn(c, fiber.StatusUnprocessableEntity, views.SignInForm{Values: cfg, Errors: errs})
	}
	if err != nil {
		return err
	}
	s.flash(c, "success", "Sign-in settings saved.")
	return redirect(c, "/settings/signin")
}

func (s *Server) renderSignIn(c *fiber.Ctx, status int, f views.SignInForm) error {
	origin := s.origin()
	if origin == "" { // single sign-on needs it; the page says where to set it
		origin = "https://<base URL, set under Settings → General>"
	}
	f.Callback = origin + "/login/sso/callback"
	return render(c, status, views.SignInPage(s.shell(c, "Settings", "settings"), f))
}
