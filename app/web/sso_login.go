package web

import (
	"errors"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/backupchecks/backupchecks/app/accounts"
	"github.com/backupchecks/backupchecks/app/sso"
	"github.com/backupchecks/backupchecks/views"
)

// ssoCookie binds a sign-in's state to the browser that started it.
const ssoCookie = "bc_sso"

// ssoStart sends the browser to the provider.
func (s *Server) ssoStart(c *fiber.Ctx) error {
	redirectURI := "" // refused by Begin: the request's own Host is not trusted
	if origin := s.origin(); origin != "" {
		redirectURI = origin + "/login/sso/callback"
	}
	state, to, err := s.SSO.Begin(c.UserContext(), redirectURI, safeNext(c.Query("next")))
	if err != nil {
		return s.ssoFailed(c, err)
	}
	c.Cookie(&fiber.Cookie{Name: ssoCookie, Value: state, Path: "/login/sso", HTTPOnly: true, SameSite: fiber.CookieSameSiteLaxMode,
		Secure: s.secureCookies(c), Expires: time.Now().Add(10 * time.Minute)})
	return c.Redirect(to, fiber.StatusSeeOther)
}

// ssoCallback completes the sign-in the provider sends back.
func (s *Server) ssoCallback(c *fiber.Ctx) error {
	if e := c.Query("error"); e != "" {
		return s.ssoFailed(c, &sso.Refused{Reason: "The provider refused the sign-in: " + strings.TrimSpace(e+" "+c.Query("error_description"))})
	}
	state := c.Query("state")
	if state == "" || c.Cookies(ssoCookie) != state {
		return s.ssoFailed(c, sso.ErrState)
	}
	c.Cookie(&fiber.Cookie{Name: ssoCookie, Value: "", Path: "/login/sso", MaxAge: -1})
	res, next, err := s.SSO.Finish(c.UserContext(), state, c.Query("code"), c.IP())
	if err != nil {
		return s.ssoFailed(c, err)
	}
	s.startSession(c, res.Token)
	// Checked again on the way out, not only when the sign-in began.
	if next = safeNext(next); next == "" {
		next = "/"
	}
	return redirect(c, next)
}

// ssoFailed shows the sign-in page with what went wrong.
func (s *Server) ssoFailed(c *fiber.Ctx, err error) error {
	msg := sentence(err)
	switch {
	case sso.IsRefused(err), errors.Is(err, accounts.ErrNameOfLocal), errors.Is(err, accounts.ErrDisabledUser), errors.Is(err, sso.ErrState), errors.Is(err, sso.ErrOff), errors.Is(err, sso.ErrNoAddress):
	default:
		s.Logger.Warn("single sign-on failed", "error", err)
		msg = "Single sign-on failed: " + msg + " Try again; if it keeps failing, an admin can check Settings → Sign-in."
	}
	f, ferr := s.loginFormData(c)
	if ferr != nil {
		return ferr
	}
	f.Error = msg
	return render(c, fiber.StatusForbidden, views.LoginPage(s.shell(c, "Sign in", ""), f))
}

// origin is how browsers reach the appliance: --base-url or Settings →
// General; empty when neither is set. Never the request's Host or
// X-Forwarded-Host: any client can send those, and SSO's redirect_uri
// built from them would hand the provider's code to another site.
func (s *Server) origin() string {
	if s.BaseURL != "" {
		return strings.TrimRight(s.BaseURL, "/")
	}
	if g, err := s.Settings.General(); err == nil && g.BaseURL != "" {
		return strings.TrimRight(g.BaseURL, "/")
	}
	return ""
}
