package web

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/backupchecks/backupchecks/app/accounts"
	"github.com/backupchecks/backupchecks/app/audit"
)

const sessionCookie = "bc_session"

// loadSession resolves the session cookie to the signed-in user, if any.
// A cookie that no longer names a live session is removed.
func (s *Server) loadSession(c *fiber.Ctx) error {
	token := c.Cookies(sessionCookie)
	if token == "" {
		return c.Next()
	}
	u, err := s.Accounts.Resume(token)
	if err != nil {
		s.clearSessionCookie(c)
		return c.Next()
	}
	c.Locals(localUser, &u)
	c.Locals(localToken, token)
	return c.Next()
}

func currentUser(c *fiber.Ctx) *accounts.User {
	u, _ := c.Locals(localUser).(*accounts.User)
	return u
}

func sessionToken(c *fiber.Ctx) string {
	t, _ := c.Locals(localToken).(string)
	return t
}

// actor is the audit identity of the request.
func actor(c *fiber.Ctx) audit.Actor {
	a := audit.Actor{IP: c.IP()}
	if u := currentUser(c); u != nil {
		a.Name = u.Username
	}
	if t := apiToken(c); t != nil {
		a.Via = t.Name
	}
	return a
}

func (s *Server) setSessionCookie(c *fiber.Ctx, token string) {
	c.Cookie(&fiber.Cookie{
		Name: sessionCookie, Value: token, Path: "/", HTTPOnly: true, SameSite: fiber.CookieSameSiteLaxMode,
		Secure: s.secureCookies(c), Expires: time.Now().Add(7 * 24 * time.Hour),
	})
}

func (s *Server) clearSessionCookie(c *fiber.Ctx) {
	c.Cookie(&fiber.Cookie{
		Name: sessionCookie, Value: "", Path: "/", HTTPOnly: true, SameSite: fiber.CookieSameSiteLaxMode,
		Secure: s.secureCookies(c), Expires: time.Unix(1, 0), MaxAge: -1,
	})
}
