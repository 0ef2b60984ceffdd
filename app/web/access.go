package web

import (
	"crypto/subtle"
	"net/url"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/backupchecks/backupchecks/app/accounts"
)

// access is who may use a route. Every route names one: registering a route
// without it is impossible, and the route × role test lists them all.
type access int

const (
	public    access = iota // anyone, no session (health, assets)
	anonymous               // reachable without a session (setup, sign-in)
	viewer                  // any signed-in role; reporters included
	self                    // any signed-in role, also for POST: only touches the caller's own session or password
	operator                // operator or admin
	admin                   // admin only
	scrape                  // admin session, or the metrics bearer token
)

func (a access) String() string {
	return [...]string{"public", "anonymous", "viewer", "self", "operator", "admin", "scrape"}[a]
}

// guard wraps a handler with its access rule. Reporters never get past a
// state-changing method unless the route is marked self.
func (s *Server) guard(pattern string, a access, h fiber.Handler) fiber.Handler {
	return func(c *fiber.Ctx) error {
		c.Locals(localRoute, pattern)
		if a == public || a == anonymous {
			return h(c)
		}
		if a == scrape && s.MetricsToken != "" {
			got := strings.TrimPrefix(c.Get(fiber.HeaderAuthorization), "Bearer ")
			if subtle.ConstantTimeCompare([]byte(got), []byte(s.MetricsToken)) == 1 {
				return h(c)
			}
		}
		u := currentUser(c)
		if u == nil {
			if c.Method() == fiber.MethodGet {
				return redirect(c, "/login?next="+url.QueryEscape(c.OriginalURL()))
			}
			return fiber.NewError(fiber.StatusUnauthorized, "Your session has ended. Sign in again.")
		}
		if s.totpRequired(u) && !u.HasTOTP() && !totpSetupRoutes[pattern] {
			if c.Method() == fiber.MethodGet {
				s.flash(c, "warning", "Admins must sign in with two-factor codes here: set them up first.")
				return redirect(c, "/account/2fa")
			}
			return fiber.NewError(fiber.StatusForbidden, "Set up two-factor codes under Account → Two-factor codes first: they are required for admins.")
		}
		unsafe := c.Method() != fiber.MethodGet && c.Method() != fiber.MethodHead
		var need accounts.Role
		switch a {
		case viewer, self:
			need = accounts.Reporter
		case operator:
			need = accounts.Operator
		case admin, scrape:
			need = accounts.Admin
		}
		if !u.Role.AtLeast(need) || (unsafe && a != self && u.Role == accounts.Reporter) {
			return errForbidden
		}
		return h(c)
	}
}

// totpSetupRoutes stay open to an admin who must still set up codes.
var totpSetupRoutes = map[string]bool{"/account/2fa": true, "/account/2fa/qr.png": true, "/account/2fa/enable": true, "/logout": true}

// router registers routes with their access rule.
type router struct {
	app *fiber.App
	s   *Server
}

func (r router) get(path string, a access, h fiber.Handler) {
	r.app.Get(path, r.s.guard(path, a, h))
}

func (r router) post(path string, a access, h fiber.Handler) {
	r.app.Post(path, r.s.guard(path, a, h))
}
